// End-to-end tests of the eksa CLI: run the built binary the way a user does and check what it
// prints and how it exits.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/testing/command.h"

namespace eksa {
namespace {

using ::eksa::testing::BinaryPath;
using ::eksa::testing::CommandResult;
using ::eksa::testing::RunCommand;
using ::eksa::testing::SourcePath;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

CommandResult Eksa(std::vector<std::string> args) {
  args.insert(args.begin(), BinaryPath("eksa"));
  return RunCommand(args);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string TempFile(const std::string& name, const std::string& content) {
  std::string dir = ::testing::TempDir() + "eksa-cli-XXXXXX";
  EXPECT_NE(mkdtemp(dir.data()), nullptr);
  std::string path = dir + "/" + name;
  std::ofstream(path) << content;
  return path;
}

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

TEST(CliValidateTest, SeedSpecPrintsTheEtcdWarningAndExitsZero) {
  std::string seed = SourcePath("libs/spec/testdata/homelab.yaml");
  CommandResult r = Eksa({"validate", "-f", seed});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(Lines(r.out),
              ElementsAre(seed + ":26:12: warning: spec.externalEtcdConfiguration.count: the "
                                 "recommended size of an external etcd cluster is 3 or 5 "
                                 "(remediation: use 3 or 5 etcd members to survive the loss of a "
                                 "machine)",
                          "✅ " + seed + " is valid (0 errors, 1 warning)"));
  EXPECT_THAT(r.err, IsEmpty());
}

TEST(CliValidateTest, FiveMistakesArePrintedTogetherWithTheirPositions) {
  std::string file = SourcePath("tests/e2e/testdata/five-mistakes.yaml");
  CommandResult r = Eksa({"validate", "-f", file});
  EXPECT_EQ(r.exit_code, 1);
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 6u) << r.out;
  EXPECT_THAT(lines[0], StartsWith(file + ":4:9: error: metadata.name: \"home_lab\" is not a "
                                          "valid cluster name"));
  EXPECT_THAT(lines[1], StartsWith(file + ":14:9: error: spec.clusterNetwork.services."
                                          "cidrBlocks[0]: service CIDR 10.96.0.0/12 overlaps the "
                                          "pod CIDR 10.96.0.0/16"));
  EXPECT_THAT(lines[2], StartsWith(file + ":26:12: error: spec.externalEtcdConfiguration.count: "
                                          "external etcd count cannot be an even number"));
  EXPECT_THAT(lines[3], StartsWith(file + ":47:15: error: spec.thumbprint: \"0E:89:91:5B:02:50\" "
                                          "is not a SHA-1 thumbprint"));
  EXPECT_THAT(lines[4], StartsWith(file + ":56:13: error: spec.osFamily: \"windows\" is not a "
                                          "supported OS family"));
  for (int i = 0; i < 5; ++i) EXPECT_THAT(lines[i], HasSubstr("(remediation: "));
  EXPECT_EQ(lines[5], "❌ " + file + " is not valid: 5 errors, 0 warnings");
}

TEST(CliValidateTest, JsonOutputListsEveryDiagnosticWithAllFields) {
  std::string file = SourcePath("tests/e2e/testdata/five-mistakes.yaml");
  CommandResult r = Eksa({"validate", "-f", file, "-o", "json"});
  EXPECT_EQ(r.exit_code, 1);
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 5u);
  const nlohmann::json& d = j[2];
  EXPECT_EQ(d["severity"], "error");
  EXPECT_EQ(d["file"], file);
  EXPECT_EQ(d["line"], 26);
  EXPECT_EQ(d["column"], 12);
  EXPECT_EQ(d["kind"], "Cluster");
  EXPECT_EQ(d["name"], "home_lab");
  EXPECT_EQ(d["field"], "spec.externalEtcdConfiguration.count");
  EXPECT_EQ(d["message"], "external etcd count cannot be an even number");
  EXPECT_EQ(d["remediation"], "use 1, 3 or 5 (etcd needs a majority)");
  EXPECT_EQ(j[4]["kind"], "VSphereMachineConfig");
  EXPECT_EQ(j[4]["name"], "lab-cp");
}

TEST(CliGenerateTest, GeneratedConfigFlagsItsPlaceholdersUntilTheyAreFilledIn) {
  CommandResult gen = Eksa({"generate", "clusterconfig", "lab", "--provider", "vsphere"});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  std::string path = TempFile("lab.yaml", gen.out);
  CommandResult r = Eksa({"validate", "-f", path});
  EXPECT_EQ(r.exit_code, 1);
  for (const char* field : {"spec.controlPlaneConfiguration.endpoint.host: must not be empty",
                            "spec.datacenter: must not be empty", "spec.network: must not be empty",
                            "spec.server: must not be empty", "spec.datastore: must not be empty",
                            "spec.resourcePool: must not be empty",
                            "spec.users[0].sshAuthorizedKeys[0]: is not an SSH public key"}) {
    EXPECT_THAT(r.out, HasSubstr(field));
  }
  EXPECT_THAT(r.out, HasSubstr("is not valid: 13 errors, 0 warnings"));

  std::string spec = gen.out;
  ReplaceAll(spec, "host: \"\"", "host: 127.0.0.10");
  ReplaceAll(spec, "datacenter: \"\"", "datacenter: DC0");
  ReplaceAll(spec, "network: \"\"", "network: VM Network");
  ReplaceAll(spec, "server: \"\"", "server: 127.0.0.2");
  ReplaceAll(spec, "datastore: \"\"", "datastore: /DC0/datastore/LocalDS_0");
  ReplaceAll(spec, "resourcePool: \"\"", "resourcePool: /DC0/host/DC0_C0/Resources");
  ReplaceAll(spec, "ssh-rsa AAAA...", "\"\"");
  path = TempFile("lab.yaml", spec);
  r = Eksa({"validate", "-f", path});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("is valid (0 errors, 0 warnings)"));
}

TEST(CliDeleteTest, ABadSpecIsReportedLocallyAndNothingIsSent) {
  // The planner address is a closed loopback port: had the CLI sent anything, it would say it
  // cannot reach the planner.
  std::string file = SourcePath("tests/e2e/testdata/five-mistakes.yaml");
  CommandResult r = Eksa({"delete", "cluster", "-f", file, "--planner", "127.0.0.1:1"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr(file + ":4:9: error: metadata.name: \"home_lab\" is not a "
                                      "valid cluster name"));
  EXPECT_THAT(r.err, ::testing::Not(HasSubstr("planner")));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("Operation ")));
}

TEST(CliUsageTest, UsageErrorsExitTwo) {
  std::string seed = SourcePath("libs/spec/testdata/homelab.yaml");
  struct Case {
    std::vector<std::string> args;
    std::string want_err;
  };
  for (const Case& c : std::vector<Case>{
           {{}, "A subcommand is required"},
           {{"validate"}, "--filename is required"},
           {{"validate", "-f", seed, "-o", "xml"}, "--output: xml not in {text,json}"},
           {{"generate", "clusterconfig", "lab"}, "--provider is required"},
           {{"generate", "clusterconfig", "lab", "--provider", "aws"},
            "provider \"aws\" is not supported"},
           {{"frobnicate"}, "frobnicate"},
           {{"validate", "-f", seed, "-v", "12"}, "--verbosity: Value 12 not in range"},
           {{"delete"}, "A subcommand is required"},
           {{"delete", "cluster"}, "delete cluster needs the cluster's name or its spec (-f FILE)"},
       }) {
    SCOPED_TRACE(::testing::PrintToString(c.args));
    CommandResult r = Eksa(c.args);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_THAT(r.err, HasSubstr(c.want_err));
  }
}

TEST(CliVersionTest, PrintsTheVersion) {
  CommandResult r = Eksa({"version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "eksa version v" EKSA_VERSION "\n");
}

TEST(CliVerbosityTest, VerbosityFourLogsTheValidationStepOnStderr) {
  std::string seed = SourcePath("libs/spec/testdata/homelab.yaml");
  CommandResult quiet = Eksa({"validate", "-f", seed});
  EXPECT_THAT(quiet.err, IsEmpty());
  CommandResult text = Eksa({"validate", "-f", seed, "-v", "4"});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_THAT(text.err, HasSubstr("v=4 msg=\"Validating cluster spec\" file=" + seed));
  CommandResult json = Eksa({"-v", "4", "--log-format", "json", "validate", "-f", seed});
  EXPECT_EQ(json.exit_code, 0);
  nlohmann::json line = nlohmann::json::parse(Lines(json.err).at(0));
  EXPECT_EQ(line["msg"], "Validating cluster spec");
  EXPECT_EQ(line["v"], 4);
  EXPECT_EQ(line["file"], seed);
}

}  // namespace
}  // namespace eksa
