// ParseAgentConfig: a full config, defaults, and errors with file:line:column and field.
#include "services/vsphere-agent/agent/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

constexpr char kFull[] = R"(listen: 127.0.0.1:50062
advertiseAddress: agent-a.example:50062
agentId: vsphere-a
planner:
  address: 127.0.0.1:50051
metricsListen: 127.0.0.1:9352
shutdownGrace: 10s
idempotency:
  ttl: 30m
  maxEntries: 500
vcenters:
- server: vc1.lab.example
  port: 8443
  thumbprint: "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01"
  concurrency: 4
  datacenter: dc1
  username: eksa@vsphere.local
  passwordFile: /etc/eksa/vc1.password
- server: vc2.lab.example
  insecure: true
)";

TEST(AgentConfigTest, ParsesEveryField) {
  absl::StatusOr<AgentConfig> c = ParseAgentConfig("agent.yaml", kFull);
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(c->listen, "127.0.0.1:50062");
  EXPECT_EQ(c->advertise_address, "agent-a.example:50062");
  EXPECT_EQ(c->agent_id, "vsphere-a");
  EXPECT_EQ(c->planner_address, "127.0.0.1:50051");
  EXPECT_EQ(c->metrics_listen, "127.0.0.1:9352");
  EXPECT_EQ(c->shutdown_grace, absl::Seconds(10));
  EXPECT_EQ(c->idempotency_ttl, absl::Minutes(30));
  EXPECT_EQ(c->idempotency_max_entries, 500);
  ASSERT_EQ(c->vcenters.size(), 2u);
  EXPECT_EQ(Redact("/etc/eksa/vc1.password"), "/etc/eksa/vc1.password");  // a path, not a secret
  const VCenterServerConfig& vc1 = c->vcenters[0];
  EXPECT_EQ(vc1.server, "vc1.lab.example");
  EXPECT_EQ(vc1.port, 8443);
  EXPECT_EQ(vc1.tls_mode, TlsMode::kThumbprint);
  EXPECT_EQ(vc1.thumbprint, "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01");
  EXPECT_EQ(vc1.concurrency, 4);
  EXPECT_EQ(vc1.datacenter, "dc1");
  EXPECT_EQ(vc1.username, "eksa@vsphere.local");
  EXPECT_EQ(vc1.password_file, "/etc/eksa/vc1.password");
  EXPECT_EQ(vc1.password_file_pos.line, 18);
  const VCenterServerConfig& vc2 = c->vcenters[1];
  EXPECT_EQ(vc2.tls_mode, TlsMode::kInsecure);
  EXPECT_EQ(vc2.port, 443);
  EXPECT_EQ(vc2.concurrency, kDefaultConcurrency);
}

TEST(AgentConfigTest, DefaultsForAMinimalConfig) {
  absl::StatusOr<AgentConfig> c = ParseAgentConfig("a.yaml", "vcenters:\n- server: vc\n");
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(c->listen, kDefaultListen);
  EXPECT_EQ(c->planner_address, "");
  EXPECT_EQ(c->metrics_listen, "");
  EXPECT_EQ(c->shutdown_grace, absl::Seconds(5));
  ASSERT_EQ(c->vcenters.size(), 1u);
  EXPECT_EQ(c->vcenters[0].tls_mode, TlsMode::kSystemCa);
  EXPECT_EQ(c->vcenters[0].concurrency, 8);
}

struct BadCase {
  std::string name;
  std::string yaml;
  std::string want;  // a substring of the error: position, field, message
};

class AgentConfigErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(AgentConfigErrorTest, NamesFileLineColumnAndField) {
  absl::StatusOr<AgentConfig> c = ParseAgentConfig("agent.yaml", GetParam().yaml);
  EXPECT_THAT(c, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(c.status().message()), HasSubstr(GetParam().want));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, AgentConfigErrorTest,
    ::testing::ValuesIn(std::vector<BadCase>{
        {"NoVCenters", "listen: 127.0.0.1:1\n",
         "agent.yaml:1:1: error: vcenters: the agent serves no"},
        {"UnknownKeyWithSuggestion", "vcenters:\n- server: vc\n  concurrancy: 3\n",
         "agent.yaml:3:3: error: vcenters[0].concurrancy: unknown field; did you mean "
         "\"concurrency\"?"},
        {"ConcurrencyOutOfRange", "vcenters:\n- server: vc\n  concurrency: 0\n",
         "agent.yaml:3:16: error: vcenters[0].concurrency: must be from 1 to 256, got 0"},
        {"PortNotANumber", "vcenters:\n- server: vc\n  port: https\n",
         "agent.yaml:3:9: error: vcenters[0].port: must be an integer"},
        {"BadThumbprint", "vcenters:\n- server: vc\n  thumbprint: \"AB:CD\"\n",
         "agent.yaml:3:15: error: vcenters[0].thumbprint: \"AB:CD\" is not a SHA-1 thumbprint"},
        {"TwoTlsModes", "vcenters:\n- server: vc\n  insecure: true\n  caFile: /etc/hosts\n",
         "agent.yaml:2:3: error: vcenters[0]: caFile, thumbprint and insecure: true exclude"},
        {"UnreadableCaFile", "vcenters:\n- server: vc\n  caFile: /nonexistent/ca.pem\n",
         "agent.yaml:3:11: error: vcenters[0].caFile: cannot read /nonexistent/ca.pem"},
        {"MissingServer", "vcenters:\n- port: 443\n",
         "agent.yaml:2:3: error: vcenters[0].server: a vCenter entry needs its server"},
        {"DuplicateServer", "vcenters:\n- server: vc\n- server: vc\n",
         "agent.yaml:3:11: error: vcenters[1].server: vCenter server vc is listed twice"},
        {"ServerWithScheme", "vcenters:\n- server: https://vc/sdk\n",
         "agent.yaml:2:11: error: vcenters[0].server: \"https://vc/sdk\" is not a host name"},
        {"BadListen", "listen: localhost\nvcenters:\n- server: vc\n",
         "agent.yaml:1:9: error: listen: parsing listen address \"localhost\": want host:port"},
        {"BadPlannerAddress", "planner:\n  address: \"planner:http\"\nvcenters:\n- server: vc\n",
         "agent.yaml:2:12: error: planner.address: parsing address \"planner:http\": port must"},
        {"BadAdvertiseAddress", "advertiseAddress: agent-a\nvcenters:\n- server: vc\n",
         "agent.yaml:1:19: error: advertiseAddress: parsing address \"agent-a\": want host:port"},
        {"BadDuration", "shutdownGrace: soon\nvcenters:\n- server: vc\n",
         "agent.yaml:1:16: error: shutdownGrace: \"soon\" is not a positive duration"},
        {"UsernameTwice", "vcenters:\n- server: vc\n  username: a\n  usernameFile: /f\n",
         "agent.yaml:4:17: error: vcenters[0].usernameFile: username and usernameFile exclude"},
        {"SyntaxError", "vcenters:\n- server: [vc\n", "agent.yaml:"},
        {"TwoDocuments", "vcenters:\n- server: vc\n---\nlisten: x\n",
         "agent.yaml:3:1: error: the agent config is one YAML document"},
    }),
    [](const ::testing::TestParamInfo<BadCase>& info) { return info.param.name; });

TEST(AgentConfigTest, ReportsEveryProblemAtOnce) {
  absl::StatusOr<AgentConfig> c =
      ParseAgentConfig("agent.yaml", "vcenters:\n- server: vc\n  port: 0\n  concurrency: 999\n");
  ASSERT_THAT(c, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(c.status().message()),
              AllOf(HasSubstr("agent.yaml:3:9: error: vcenters[0].port"),
                    HasSubstr("agent.yaml:4:16: error: "
                              "vcenters[0].concurrency")));
}

TEST(AgentConfigTest, InlinePasswordIsRejectedWithoutPrintingIt) {
  ClearRegisteredSecrets();
  absl::StatusOr<AgentConfig> c =
      ParseAgentConfig("agent.yaml", "vcenters:\n- server: vc\n  password: Sup3r-S3cret-Value\n");
  ASSERT_THAT(c, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(c.status().message()),
              AllOf(HasSubstr("agent.yaml:3:13: error: vcenters[0]: a password key is not allowed"),
                    Not(HasSubstr("Sup3r-S3cret-Value"))));
  // Registered: whatever prints it later through Redact masks it.
  EXPECT_EQ(Redact("x Sup3r-S3cret-Value y"), "x ***** y");
  ClearRegisteredSecrets();
}

TEST(AgentConfigTest, LoadNamesAMissingFile) {
  EXPECT_THAT(LoadAgentConfig("/nonexistent/agent.yaml"), StatusIs(absl::StatusCode::kNotFound));
}

TEST(AgentConfigTest, TheDeployExampleParses) {
  absl::StatusOr<AgentConfig> c =
      LoadAgentConfig(std::string(EKSA_SOURCE_DIR) + "/deploy/config/vsphere-agent.example.yaml");
  ASSERT_THAT(c, IsOk());
  ASSERT_EQ(c->vcenters.size(), 1u);
  EXPECT_EQ(c->vcenters[0].tls_mode, TlsMode::kThumbprint);
  EXPECT_EQ(c->planner_address, "127.0.0.1:50051");
}

TEST(AgentConfigTest, DefaultAgentIdPrefersTheEnvironment) {
  EXPECT_EQ(DefaultAgentId("pod-7"), "pod-7");
  EXPECT_THAT(DefaultAgentId(""), ::testing::StartsWith("vsphere-"));
}

}  // namespace
}  // namespace eksa::vsphere_agent
