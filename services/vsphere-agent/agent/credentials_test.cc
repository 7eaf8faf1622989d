// ResolveCredentials: files, numbered and shared environment variables, precedence, errors that
// name the place but never the value, and registration with Redact.
#include "services/vsphere-agent/agent/credentials.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "libs/common/redact.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

Environment FakeEnvironment(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

class CredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ClearRegisteredSecrets();
    dir_ = ::testing::TempDir() + "eksa-creds-XXXXXX";
    ASSERT_NE(mkdtemp(dir_.data()), nullptr);
  }
  void TearDown() override { ClearRegisteredSecrets(); }

  std::string WriteFile(const std::string& name, const std::string& content) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << content;
    return path;
  }

  AgentConfig Parse(const std::string& yaml) {
    absl::StatusOr<AgentConfig> c = ParseAgentConfig("agent.yaml", yaml);
    EXPECT_THAT(c, IsOk());
    return c.ok() ? *c : AgentConfig{};
  }

  std::string dir_;
};

TEST_F(CredentialsTest, SharedEnvironmentServesOneVCenter) {
  AgentConfig config = Parse("vcenters:\n- server: vc1\n");
  auto creds = ResolveCredentials(config, FakeEnvironment({{"EKSA_VSPHERE_USERNAME", "admin"},
                                                           {"EKSA_VSPHERE_PASSWORD", "pw-one"}}));
  ASSERT_THAT(creds, IsOk());
  EXPECT_EQ(creds->at("vc1").username, "admin");
  EXPECT_EQ(creds->at("vc1").password.Reveal(), "pw-one");
  EXPECT_EQ(creds->at("vc1").password_source, "EKSA_VSPHERE_PASSWORD");
  EXPECT_EQ(Redact("login pw-one"), "login *****");
}

TEST_F(CredentialsTest, NumberedEnvironmentWinsOverShared) {
  AgentConfig config = Parse("vcenters:\n- server: vc1\n- server: vc2\n");
  auto creds =
      ResolveCredentials(config, FakeEnvironment({{"EKSA_VSPHERE_USERNAME", "shared"},
                                                  {"EKSA_VSPHERE_PASSWORD", "shared-pw"},
                                                  {"EKSA_VSPHERE_2_USERNAME", "second"},
                                                  {"EKSA_VSPHERE_2_PASSWORD", "second-pw"}}));
  ASSERT_THAT(creds, IsOk());
  EXPECT_EQ(creds->at("vc1").username, "shared");
  EXPECT_EQ(creds->at("vc1").password.Reveal(), "shared-pw");
  EXPECT_EQ(creds->at("vc2").username, "second");
  EXPECT_EQ(creds->at("vc2").password.Reveal(), "second-pw");
  EXPECT_EQ(creds->at("vc2").password_source, "EKSA_VSPHERE_2_PASSWORD");
}

TEST_F(CredentialsTest, FilesWinOverTheEnvironmentAndLoseOneTrailingNewline) {
  const std::string user = WriteFile("user", "file-user\n");
  const std::string pass = WriteFile("pass", "file-pass-word\r\n");
  AgentConfig config = Parse("vcenters:\n- server: vc1\n  usernameFile: " + user +
                             "\n  passwordFile: " + pass + "\n");
  auto creds = ResolveCredentials(config, FakeEnvironment({{"EKSA_VSPHERE_USERNAME", "env"},
                                                           {"EKSA_VSPHERE_PASSWORD", "env-pw"}}));
  ASSERT_THAT(creds, IsOk());
  EXPECT_EQ(creds->at("vc1").username, "file-user");
  EXPECT_EQ(creds->at("vc1").password.Reveal(), "file-pass-word");
  EXPECT_EQ(creds->at("vc1").username_source, "usernameFile");
}

TEST_F(CredentialsTest, InlineUsername) {
  AgentConfig config = Parse("vcenters:\n- server: vc1\n  username: inline@vsphere.local\n");
  auto creds = ResolveCredentials(config, FakeEnvironment({{"EKSA_VSPHERE_PASSWORD", "pw-1234"}}));
  ASSERT_THAT(creds, IsOk());
  EXPECT_EQ(creds->at("vc1").username, "inline@vsphere.local");
  EXPECT_EQ(creds->at("vc1").username_source, "config");
}

TEST_F(CredentialsTest, MissingCredentialsNameWhereTheyWereLookedFor) {
  AgentConfig config = Parse("vcenters:\n- server: vc1\n- server: vc2\n");
  auto creds = ResolveCredentials(
      config,
      FakeEnvironment({{"EKSA_VSPHERE_1_USERNAME", "u"}, {"EKSA_VSPHERE_1_PASSWORD", "first-pw"}}));
  ASSERT_THAT(creds, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(creds.status().message()),
              AllOf(HasSubstr("agent.yaml:3:3: error: vcenters[1]: no username for this vCenter "
                              "(looked at username, usernameFile, EKSA_VSPHERE_2_USERNAME and "
                              "EKSA_VSPHERE_USERNAME)"),
                    HasSubstr("agent.yaml:3:3: error: vcenters[1]: no password for this vCenter "
                              "(looked at passwordFile, EKSA_VSPHERE_2_PASSWORD and "
                              "EKSA_VSPHERE_PASSWORD)"),
                    Not(HasSubstr("vcenters[0]"))));
}

TEST_F(CredentialsTest, UnreadableAndEmptyFilesAreErrorsAtTheirPosition) {
  const std::string empty = WriteFile("empty", "\n");
  AgentConfig config = Parse("vcenters:\n- server: vc1\n  usernameFile: " + empty +
                             "\n  passwordFile: /nonexistent/vc1.password\n");
  auto creds = ResolveCredentials(config, FakeEnvironment({}));
  ASSERT_THAT(creds, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      std::string(creds.status().message()),
      AllOf(HasSubstr("agent.yaml:3:17: error: vcenters[0]: usernameFile " + empty + " is empty"),
            HasSubstr("agent.yaml:4:17: error: vcenters[0]: passwordFile "
                      "/nonexistent/vc1.password cannot be read (No such file or "
                      "directory)")));
  // The message survives the logger's redaction whole: no "password…:" pattern in it.
  const std::string message(creds.status().message());
  EXPECT_EQ(Redact(message), message);
}

TEST_F(CredentialsTest, TooShortPasswordIsAnErrorThatDoesNotPrintIt) {
  AgentConfig config = Parse("vcenters:\n- server: vc1\n  username: u\n");
  auto creds = ResolveCredentials(config, FakeEnvironment({{"EKSA_VSPHERE_PASSWORD", "xyz"}}));
  ASSERT_THAT(creds, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(creds.status().message()),
              AllOf(HasSubstr("the password from EKSA_VSPHERE_PASSWORD is shorter than 4"),
                    Not(HasSubstr("xyz"))));
}

TEST_F(CredentialsTest, PasswordsAreRegisteredEvenWhenAnotherProblemFails) {
  AgentConfig config = Parse("vcenters:\n- server: vc1\n- server: vc2\n");
  auto creds =
      ResolveCredentials(config, FakeEnvironment({{"EKSA_VSPHERE_1_PASSWORD", "first-secret"},
                                                  {"EKSA_VSPHERE_USERNAME", "u"}}));
  ASSERT_THAT(creds, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(Redact("first-secret"), "*****");
}

TEST_F(CredentialsTest, SecretPrintsMasked) {
  std::ostringstream out;
  out << Secret("hunter22");
  EXPECT_EQ(out.str(), "*****");
}

}  // namespace
}  // namespace eksa::vsphere_agent
