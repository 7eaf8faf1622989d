// libs/spec tests beyond the case table: the defaults LoadSpec applies, the seed spec
// (testdata/homelab.yaml), `generate clusterconfig` output, and diagnostic formatting.
#include "libs/spec/spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "libs/spec/diagnostic.h"
#include "libs/spec/generate.h"
#include "libs/spec/model.h"
#include "libs/spec/tests/spec_test_util.h"

#ifndef EKSA_SPEC_TESTDATA_DIR
#define EKSA_SPEC_TESTDATA_DIR "libs/spec/testdata"
#endif

namespace eksa::spec::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAreArray;

// Loads the edited base spec and checks it is valid (no error; warnings are up to the test).
LoadResult LoadValid(std::vector<Edit> edits) {
  LoadResult r = LoadSpec(kFile, EditedSpec(std::move(edits)));
  EXPECT_FALSE(r.diagnostics.HasErrors()) << FormatAll(r.diagnostics);
  return r;
}

// --- The base ---------------------------------------------------------------------------------

TEST(SpecBaseTest, BaseIsValidWithoutAnyDiagnostic) {
  LoadResult r = LoadSpec(kFile, BaseSpec());
  EXPECT_TRUE(HasExactly(r.diagnostics, {}));
  ASSERT_EQ(r.spec.clusters.size(), 1u);
  EXPECT_EQ(r.spec.datacenters.size(), 1u);
  EXPECT_EQ(r.spec.machines.size(), 2u);
  EXPECT_EQ(r.diagnostics.file(), kFile);
}

TEST(SpecBaseTest, EditsReferToBaseLineNumbers) {
  std::vector<std::string> lines = SplitLines(
      EditedSpec({Replace(4, "  name: x"), Insert(6, "  # six"), Delete(7, 8), Append("# end")}));
  EXPECT_EQ(lines[3], "  name: x");
  EXPECT_EQ(lines[5], "  # six");
  EXPECT_EQ(lines[6], kBaseLines[5]);           // base line 6 moved down by the insert
  EXPECT_EQ(lines[7], kBaseLines[8]);           // base lines 7 and 8 deleted
  EXPECT_EQ(lines[lines.size() - 2], "# end");  // the text ends with a newline
}

TEST(SpecBaseTest, HasExactlyReportsMissingAndUnexpectedDiagnostics) {
  LoadResult r = LoadSpec(kFile, EditedSpec({Replace(15, "    count: 2")}));
  const std::string text = FormatText(r.diagnostics.items().at(0));
  EXPECT_TRUE(HasExactly(r.diagnostics,
                         {Err(15, 12, "spec.controlPlaneConfiguration.count", "even number")}));
  // Another column, severity, field or message does not match.
  for (const Expected& wrong :
       {Err(15, 11, "spec.controlPlaneConfiguration.count", "even number"),
        Warn(15, 12, "spec.controlPlaneConfiguration.count", "even number"),
        Err(15, 12, "spec.controlPlaneConfiguration", "even number"),
        Err(15, 12, "spec.controlPlaneConfiguration.count", "odd number"),
        ErrExact(15, 12, "spec.controlPlaneConfiguration.count", "even number")}) {
    ::testing::AssertionResult result = HasExactly(r.diagnostics, {wrong});
    EXPECT_FALSE(result) << Describe(wrong);
    EXPECT_THAT(result.message(), ::testing::HasSubstr("expected but not reported"));
    EXPECT_THAT(result.message(), ::testing::HasSubstr("reported but not expected:\n  " + text));
  }
  // An unexpected diagnostic fails, and so does expecting one twice.
  EXPECT_FALSE(HasExactly(r.diagnostics, {}));
  EXPECT_FALSE(HasExactly(r.diagnostics,
                          {Err(15, 12, "spec.controlPlaneConfiguration.count", "even number"),
                           Err(15, 12, "spec.controlPlaneConfiguration.count", "even number")}));
}

// --- Defaults (EKSA_REFERENCE §3.3, §3.4) -------------------------------------------------------

TEST(SpecDefaultsTest, NamespaceDefaultsToDefault) {
  LoadResult r = LoadValid({});
  const Value<std::string>& ns = r.spec.clusters[0].header.metadata.namespace_;
  EXPECT_EQ(ns.value, "default");
  EXPECT_TRUE(ns.defaulted);
  EXPECT_FALSE(ns.set);
  EXPECT_EQ(r.spec.datacenters[0].header.metadata.namespace_.value, "default");
  for (const VSphereMachineConfig& m : r.spec.machines) {
    EXPECT_EQ(m.header.metadata.namespace_.value, "default") << m.header.metadata.name.value;
  }
}

TEST(SpecDefaultsTest, NamespaceWrittenOnlyOnTheClusterMismatchesTheOthers) {
  // As in EKS-A, the other objects do not inherit the Cluster's namespace.
  LoadResult r = LoadSpec(kFile, EditedSpec({Insert(5, "  namespace: prod")}));
  EXPECT_TRUE(HasExactly(
      r.diagnostics, {Err(35, 3, "metadata.namespace",
                          "namespace \"default\" differs from the "
                          "Cluster's namespace \"prod\""),
                      Err(45, 3, "metadata.namespace", "differs from the Cluster's namespace"),
                      Err(58, 3, "metadata.namespace", "differs from the Cluster's namespace")}));
}

TEST(SpecDefaultsTest, FirstWorkerGroupIsNamedMd0) {
  LoadResult r = LoadValid({Replace(25, "  - count: 2"), Delete(26)});
  const Value<std::string>& name = r.spec.clusters[0].worker_node_groups[0].name;
  EXPECT_EQ(name.value, "md-0");
  EXPECT_TRUE(name.defaulted);
  EXPECT_EQ(name.pos, (Position{25, 5}));  // the group's map
}

TEST(SpecDefaultsTest, WorkerCountDefaultsTo1) {
  LoadResult r = LoadValid({Delete(26)});
  const Value<int64_t>& count = r.spec.clusters[0].worker_node_groups[0].count;
  EXPECT_EQ(count.value, 1);
  EXPECT_TRUE(count.defaulted);
  EXPECT_TRUE(HasExactly(r.diagnostics, {}));
}

TEST(SpecDefaultsTest, WorkerCountDefaultsToAutoscalingMinCount) {
  LoadResult r =
      LoadValid({Replace(26, "    autoscalingConfiguration: {minCount: 2, maxCount: 5}")});
  const Value<int64_t>& count = r.spec.clusters[0].worker_node_groups[0].count;
  EXPECT_EQ(count.value, 2);
  EXPECT_TRUE(count.defaulted);
  EXPECT_TRUE(HasExactly(r.diagnostics, {}));
}

TEST(SpecDefaultsTest, DeprecatedCniCiliumBecomesCiliumConfig) {
  LoadResult r = LoadValid({Replace(8, "    cni: cilium"), Delete(9)});
  const ClusterNetwork& n = r.spec.clusters[0].cluster_network;
  EXPECT_TRUE(n.cni_config_present);
  EXPECT_TRUE(n.cilium.present);
  EXPECT_FALSE(n.kindnetd_present);
  EXPECT_EQ(n.cilium.policy_enforcement_mode.value, "default");
  EXPECT_EQ(n.cilium.routing_mode.value, "overlay");
  EXPECT_EQ(n.node_cidr_mask_size.value, 24);
}

TEST(SpecDefaultsTest, ManagementClusterIsTheClusterItself) {
  LoadResult r = LoadValid({});
  const Value<std::string>& mgmt = r.spec.clusters[0].management_cluster.name;
  EXPECT_EQ(mgmt.value, "lab");
  EXPECT_TRUE(mgmt.defaulted);
}

TEST(SpecDefaultsTest, RegistryMirrorPortDefaultsTo443) {
  LoadResult r = LoadValid({Insert(30, "  registryMirrorConfiguration:\n    endpoint: 127.0.0.6")});
  EXPECT_EQ(r.spec.clusters[0].registry_mirror.port.value, "443");
}

TEST(SpecDefaultsTest, RelativeNetworkIsPutUnderTheDatacenter) {
  LoadResult r = LoadValid({Replace(38, "  network: vm-net")});
  EXPECT_EQ(r.spec.datacenters[0].network.value, "/dc1/network/vm-net");
  EXPECT_EQ(r.spec.datacenters[0].network.pos, (Position{38, 12}));
}

TEST(SpecDefaultsTest, InsecureClearsTheThumbprint) {
  LoadResult r = LoadSpec(kFile, EditedSpec({Insert(39, "  insecure: true")}));
  EXPECT_TRUE(HasExactly(r.diagnostics, {Warn(39, 13, "spec.insecure", "insecure: true")}));
  EXPECT_TRUE(r.spec.datacenters[0].insecure.value);
  EXPECT_EQ(r.spec.datacenters[0].thumbprint.value, "");
}

TEST(SpecDefaultsTest, MachineSizes) {
  LoadResult r = LoadValid({});
  const VSphereMachineConfig& md = r.spec.machines[1];
  ASSERT_EQ(md.header.metadata.name.value, "lab-md");
  EXPECT_EQ(md.memory_mib.value, 8192);
  EXPECT_TRUE(md.memory_mib.defaulted);
  EXPECT_EQ(md.num_cpus.value, 2);
  EXPECT_TRUE(md.num_cpus.defaulted);
  EXPECT_EQ(md.disk_gib.value, 25);
  EXPECT_TRUE(md.disk_gib.defaulted);
}

TEST(SpecDefaultsTest, SmallMemoryIsRaisedTo2048) {
  LoadResult r = LoadSpec(kFile, EditedSpec({Append("  memoryMiB: 1024")}));
  EXPECT_TRUE(HasExactly(r.diagnostics, {Warn(62, 14, "spec.memoryMiB", "raised to 2048")}));
  EXPECT_EQ(r.spec.machines[1].memory_mib.value, 2048);
}

TEST(SpecDefaultsTest, OsFamilyDefaultsToBottlerocketWithAWarningAndUserEc2User) {
  LoadResult r = LoadSpec(kFile, EditedSpec({Delete(61)}));
  EXPECT_TRUE(HasExactly(r.diagnostics, {Warn(59, 3, "spec.osFamily",
                                              "osFamily not set; defaulting to bottlerocket")}));
  const VSphereMachineConfig& md = r.spec.machines[1];
  EXPECT_EQ(md.os_family.value, "bottlerocket");
  EXPECT_TRUE(md.os_family.defaulted);
  ASSERT_EQ(md.users.size(), 1u);
  EXPECT_EQ(md.users[0].name.value, "ec2-user");
  EXPECT_TRUE(md.users[0].name.defaulted);
}

TEST(SpecDefaultsTest, UbuntuUserDefaultsToCapv) {
  LoadResult r = LoadValid(
      {Replace(61, "  osFamily: ubuntu\n  template: /dc1/vm/templates/ubuntu-2204-kube-v1.31")});
  ASSERT_EQ(r.spec.machines[1].users.size(), 1u);
  EXPECT_EQ(r.spec.machines[1].users[0].name.value, "capv");
}

TEST(SpecDefaultsTest, FluxBranchNamespaceAndPath) {
  LoadResult r = LoadValid({GitOpsRef("FluxConfig", "lab-flux"), FluxConfig(kGithub)});
  ASSERT_EQ(r.spec.gitops.size(), 1u);
  const FluxSpec& f = r.spec.gitops[0].flux;
  EXPECT_EQ(f.branch.value, "main");
  EXPECT_EQ(f.system_namespace.value, "flux-system");
  EXPECT_EQ(f.cluster_config_path.value, "clusters/lab");
  EXPECT_TRUE(f.branch.defaulted && f.system_namespace.defaulted &&
              f.cluster_config_path.defaulted);
  EXPECT_EQ(r.spec.gitops[0].header.metadata.namespace_.value, "default");
}

TEST(SpecDefaultsTest, GitSshKeyAlgorithmDefaultsToEcdsa) {
  LoadResult r = LoadValid({GitOpsRef("FluxConfig", "lab-flux"),
                            FluxConfig("  git:\n    repositoryUrl: ssh://git@127.0.0.7/lab.git")});
  const FluxGit& git = r.spec.gitops[0].flux.git;
  EXPECT_EQ(git.ssh_key_algorithm.value, "ecdsa");
  EXPECT_TRUE(git.ssh_key_algorithm.defaulted);
  EXPECT_TRUE(HasExactly(r.diagnostics, {}));
}

TEST(SpecDefaultsTest, WrittenValuesAreKept) {
  LoadResult r = LoadValid({Append("  memoryMiB: 16384\n  numCPUs: 4\n  diskGiB: 60")});
  const VSphereMachineConfig& md = r.spec.machines[1];
  EXPECT_EQ(md.memory_mib.value, 16384);
  EXPECT_EQ(md.num_cpus.value, 4);
  EXPECT_EQ(md.disk_gib.value, 60);
  EXPECT_TRUE(md.memory_mib.set);
  EXPECT_FALSE(md.memory_mib.defaulted);
}

// --- The seed spec --------------------------------------------------------------------------

std::string HomelabPath() {
  const char* dir = std::getenv("EKSA_SOURCE_DIR");
  return dir != nullptr ? std::string(dir) + "/libs/spec/testdata/homelab.yaml"
                        : std::string(EKSA_SPEC_TESTDATA_DIR) + "/homelab.yaml";
}

TEST(SpecHomelabTest, ValidatesWithOneWarningOnTheEtcdCount) {
  LoadResult r = LoadSpecFile(HomelabPath());
  EXPECT_TRUE(HasExactly(r.diagnostics, {Warn(26, 12, "spec.externalEtcdConfiguration.count",
                                              "the recommended size of an external etcd "
                                              "cluster is 3 or 5")}));
  ASSERT_EQ(r.diagnostics.items().size(), 1u);
  const Diagnostic& d = r.diagnostics.items()[0];
  EXPECT_EQ(d.file, HomelabPath());
  EXPECT_EQ(d.kind, "Cluster");
  EXPECT_EQ(d.object, "homelab");
  EXPECT_EQ(r.spec.clusters.size(), 1u);
  EXPECT_EQ(r.spec.machines.size(), 3u);
  EXPECT_EQ(r.spec.gitops.size(), 1u);
}

// --- generate clusterconfig -----------------------------------------------------------------

std::vector<std::string> KindObjectFields(const Diagnostics& diags) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diags.items()) {
    out.push_back(d.kind + "/" + d.object + " " + d.field);
  }
  return out;
}

TEST(SpecGenerateTest, PlaceholdersAreReportedByName) {
  LoadResult r = LoadSpec(kFile, GenerateClusterConfig("demo"));
  EXPECT_THAT(KindObjectFields(r.diagnostics),
              UnorderedElementsAreArray<std::string>({
                  "Cluster/demo spec.controlPlaneConfiguration.endpoint.host",
                  "VSphereDatacenterConfig/demo spec.datacenter",
                  "VSphereDatacenterConfig/demo spec.network",
                  "VSphereDatacenterConfig/demo spec.server",
                  "VSphereMachineConfig/demo-cp spec.datastore",
                  "VSphereMachineConfig/demo spec.datastore",
                  "VSphereMachineConfig/demo-etcd spec.datastore",
                  "VSphereMachineConfig/demo-cp spec.resourcePool",
                  "VSphereMachineConfig/demo spec.resourcePool",
                  "VSphereMachineConfig/demo-etcd spec.resourcePool",
                  "VSphereMachineConfig/demo-cp spec.users[0].sshAuthorizedKeys[0]",
                  "VSphereMachineConfig/demo spec.users[0].sshAuthorizedKeys[0]",
                  "VSphereMachineConfig/demo-etcd spec.users[0].sshAuthorizedKeys[0]",
              }))
      << FormatAll(r.diagnostics);
  const char kKey[] = "spec.users[0].sshAuthorizedKeys[0]";
  const char kPlaceholder[] = "the placeholder from generate clusterconfig";
  EXPECT_TRUE(HasExactly(
      r.diagnostics,
      {Err(18, 13, "spec.controlPlaneConfiguration.endpoint.host", "must not be empty"),
       Err(46, 15, "spec.datacenter", "must not be empty"),
       Err(48, 12, "spec.network", "must not be empty"),
       Err(49, 11, "spec.server", "must not be empty"),
       Err(58, 14, "spec.datastore", "must not be empty"),
       Err(64, 17, "spec.resourcePool", "must not be empty"), Err(68, 7, kKey, kPlaceholder),
       Err(76, 14, "spec.datastore", "must not be empty"),
       Err(82, 17, "spec.resourcePool", "must not be empty"), Err(86, 7, kKey, kPlaceholder),
       Err(94, 14, "spec.datastore", "must not be empty"),
       Err(100, 17, "spec.resourcePool", "must not be empty"), Err(104, 7, kKey, kPlaceholder)}));
}

TEST(SpecGenerateTest, FilledInSpecIsValid) {
  std::string text = GenerateClusterConfig("demo");
  text = ReplaceAll(text, "host: \"\"", "host: 127.0.0.10");
  text = ReplaceAll(text, "datacenter: \"\"", "datacenter: dc1");
  text = ReplaceAll(text, "network: \"\"", "network: vm-net");
  text = ReplaceAll(text, "server: \"\"", "server: 127.0.0.2");
  text = ReplaceAll(text, "datastore: \"\"", "datastore: /dc1/datastore/ds1");
  text = ReplaceAll(text, "resourcePool: \"\"", "resourcePool: /dc1/host/c1/Resources");
  text = ReplaceAll(
      text, "ssh-rsa AAAA...",
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g");
  LoadResult r = LoadSpec(kFile, text);
  EXPECT_TRUE(HasExactly(r.diagnostics, {})) << text;
  ASSERT_EQ(r.spec.datacenters.size(), 1u);
  EXPECT_EQ(r.spec.datacenters[0].network.value, "/dc1/network/vm-net");
  EXPECT_EQ(r.spec.machines.size(), 3u);
}

// --- Formatting -----------------------------------------------------------------------------

TEST(SpecFormatTest, FormatTextOfAnError) {
  LoadResult r = LoadSpec(kFile, EditedSpec({Replace(15, "    count: 2")}));
  ASSERT_EQ(r.diagnostics.items().size(), 1u) << FormatAll(r.diagnostics);
  EXPECT_EQ(FormatText(r.diagnostics.items()[0]),
            "lab.yaml:15:12: error: spec.controlPlaneConfiguration.count: control plane node "
            "count cannot be an even number with stacked etcd (remediation: use 1, 3 or 5, or add "
            "externalEtcdConfiguration)");
}

TEST(SpecFormatTest, FormatTextLeavesOutUnknownPositionAndEmptyField) {
  LoadResult r = LoadSpec(kFile, EditedSpec({Delete(1, 30)}));
  ASSERT_EQ(r.diagnostics.items().size(), 1u) << FormatAll(r.diagnostics);
  EXPECT_EQ(FormatText(r.diagnostics.items()[0]),
            "lab.yaml: error: no Cluster object in the file (remediation: add a document with "
            "kind: Cluster (eksa generate clusterconfig NAME --provider vsphere writes one))");
}

TEST(SpecFormatTest, FormatTextOfAWarningWithoutRemediation) {
  Diagnostics diags("x.yaml");
  diags.Warning({3, 4}, "", "careful");
  EXPECT_EQ(FormatText(diags.items()[0]), "x.yaml:3:4: warning: careful");
}

TEST(SpecFormatTest, FormatJsonHasEveryField) {
  LoadResult r =
      LoadSpec(kFile, EditedSpec({Replace(15, "    count: 2"), Append("  memoryMiB: 1024")}));
  ASSERT_EQ(r.diagnostics.items().size(), 2u) << FormatAll(r.diagnostics);
  nlohmann::json json = nlohmann::json::parse(FormatJson(r.diagnostics.items()));
  ASSERT_TRUE(json.is_array());
  ASSERT_EQ(json.size(), 2u);
  for (const nlohmann::json& d : json) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : d.items()) keys.push_back(key);
    EXPECT_THAT(
        keys, UnorderedElementsAreArray<std::string>({"severity", "file", "line", "column", "kind",
                                                      "name", "field", "message", "remediation"}));
  }
  EXPECT_EQ(json[0],
            nlohmann::json({{"severity", "error"},
                            {"file", "lab.yaml"},
                            {"line", 15},
                            {"column", 12},
                            {"kind", "Cluster"},
                            {"name", "lab"},
                            {"field", "spec.controlPlaneConfiguration.count"},
                            {"message",
                             "control plane node count cannot be an even number with "
                             "stacked etcd"},
                            {"remediation", "use 1, 3 or 5, or add externalEtcdConfiguration"}}));
  EXPECT_EQ(json[1]["severity"], "warning");
  EXPECT_EQ(json[1]["line"], 62);
  EXPECT_EQ(json[1]["column"], 14);
  EXPECT_EQ(json[1]["kind"], "VSphereMachineConfig");
  EXPECT_EQ(json[1]["name"], "lab-md");
  EXPECT_EQ(json[1]["field"], "spec.memoryMiB");
}

TEST(SpecFormatTest, FormatJsonOfNothingIsAnEmptyArray) {
  EXPECT_EQ(nlohmann::json::parse(FormatJson({})), nlohmann::json::array());
}

// --- Diagnostics ------------------------------------------------------------------------------

TEST(SpecDiagnosticsTest, CarryTheKindAndNameOfTheirObject) {
  LoadResult r = LoadSpec(kFile, EditedSpec({Delete(59), Replace(38, "  network: /x/network/y")}));
  std::vector<std::string> where;
  for (const Diagnostic& d : r.diagnostics.items()) where.push_back(d.kind + "/" + d.object);
  EXPECT_THAT(where, ElementsAre("VSphereDatacenterConfig/lab", "VSphereMachineConfig/lab-md"))
      << FormatAll(r.diagnostics);
}

TEST(SpecDiagnosticsTest, RemoveRepeatedErrorsKeepsOthers) {
  Diagnostics diags("x.yaml");
  diags.Error({3, 4}, "spec.count", "must be an integer");  // a parse error
  diags.Error({}, "", "file-level");
  diags.Error({3, 4}, "spec.count", "is required");       // repeats the parse error: removed
  diags.Warning({3, 4}, "spec.count", "a warning");       // warnings stay
  diags.Error({3, 4}, "spec.other", "another field");     // another field stays
  diags.Error({3, 5}, "spec.count", "another position");  // another position stays
  diags.Error({}, "", "file-level");                      // unknown positions are never merged
  diags.RemoveRepeatedErrors(2);
  std::vector<std::string> messages;
  for (const Diagnostic& d : diags.items()) messages.push_back(d.message);
  EXPECT_THAT(messages, ElementsAre("must be an integer", "file-level", "a warning",
                                    "another field", "another position", "file-level"));
}

TEST(SpecDiagnosticsTest, AreSortedByPosition) {
  LoadResult r = LoadSpec(
      kFile, EditedSpec({Delete(59), Replace(15, "    count: 2"), Replace(4, "  name: lab_1")}));
  std::vector<int> lines;
  for (const Diagnostic& d : r.diagnostics.items()) lines.push_back(d.position.line);
  EXPECT_THAT(lines, ElementsAre(4, 15, 59)) << FormatAll(r.diagnostics);
}

}  // namespace
}  // namespace eksa::spec::testing
