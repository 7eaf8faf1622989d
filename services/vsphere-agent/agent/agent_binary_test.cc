// eksa-vsphere-agent as a process (build/bin), with a config file, credentials from a file and
// from the environment, and the real planner in this test process: it serves health, reflection
// and metrics, registers, answers, drains on SIGTERM (draining heartbeat, exit 0), reports config
// errors with file:line:column, and never prints a password.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "eksa/vsphere/v1/vsphere_agent.grpc.pb.h"
#include "libs/rpc/testing/grpc_probe.h"
#include "services/vsphere-agent/agent/testing/in_process_planner.h"
#include "tests/testing/loopback_exchange.h"
#include "tests/testing/process.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent {
namespace {

using ::eksa::rpc::testing::CheckHealth;
using ::eksa::rpc::testing::ListServices;
using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::LoopbackExchange;
using ::eksa::testing::Process;
using ::testing::Contains;
using ::testing::Eq;
using ::testing::HasSubstr;
using testing::InProcessPlanner;
using ::testing::Not;
using Serving = grpc::health::v1::HealthCheckResponse;
namespace v1 = ::eksa::vsphere::v1;

constexpr char kServiceName[] = "eksa.vsphere.v1.VSphereAgentService";
constexpr char kPassword1[] = "vc1-Pa55word-7b3e91";  // in a passwordFile
constexpr char kPassword2[] = "vc2-Pa55word-c41d07";  // in EKSA_VSPHERE_2_PASSWORD
constexpr char kInlinePassword[] = "inline-Pa55-0ddba11";
constexpr char kThumbprint[] = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01";

std::string AgentBinary() { return std::string(EKSA_BINARY_DIR) + "/bin/eksa-vsphere-agent"; }

bool Eventually(const std::function<bool()>& condition,
                absl::Duration timeout = absl::Seconds(10)) {
  for (const absl::Time end = absl::Now() + timeout; absl::Now() < end;) {
    if (condition()) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return condition();
}

class AgentBinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "eksa-agent-bin-XXXXXX";
    ASSERT_NE(mkdtemp(dir_.data()), nullptr);
    for (const char* name :
         {"EKSA_VSPHERE_USERNAME", "EKSA_VSPHERE_PASSWORD", "EKSA_VSPHERE_1_USERNAME",
          "EKSA_VSPHERE_1_PASSWORD", "EKSA_VSPHERE_2_USERNAME", "EKSA_VSPHERE_2_PASSWORD"}) {
      unsetenv(name);
    }
    WriteFile("vc1.password", std::string(kPassword1) + "\n");
  }
  void TearDown() override {
    unsetenv("EKSA_VSPHERE_USERNAME");
    unsetenv("EKSA_VSPHERE_2_PASSWORD");
  }

  std::string WriteFile(const std::string& name, const std::string& content) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << content;
    return path;
  }

  // Two vCenters: vc1 with a passwordFile, vc2 with its password in the environment.
  std::string GoodConfig(const std::string& planner_address) {
    return WriteFile("agent.yaml", absl::StrCat(R"(listen: 127.0.0.1:0
agentId: vsphere-bin-a
planner:
  address: )",
                                                planner_address, R"(
metricsListen: 127.0.0.1:0
shutdownGrace: 3s
vcenters:
- server: 127.0.71.1
  thumbprint: ")",
                                                kThumbprint, R"("
  concurrency: 3
  datacenter: dc1
  username: admin@vsphere.local
  passwordFile: )",
                                                dir_, R"(/vc1.password
- server: 127.0.71.2
  insecure: true
  concurrency: 2
)"));
  }

  std::string dir_;
};

TEST_F(AgentBinaryTest, ServesRegistersDrainsOnSigtermAndNeverPrintsAPassword) {
  InProcessPlanner planner(absl::Seconds(3));
  ASSERT_THAT(planner.Start(), IsOk());
  setenv("EKSA_VSPHERE_USERNAME", "svc-eksa", 1);
  setenv("EKSA_VSPHERE_2_PASSWORD", kPassword2, 1);
  Process agent(AgentBinary(), {"--config", GoodConfig(planner.address()), "--log-format", "json",
                                "--verbosity", "9"});
  ASSERT_TRUE(agent.spawned());
  std::optional<std::string> address = agent.WaitForServingAddress(absl::Seconds(10));
  ASSERT_TRUE(address) << agent.Output();
  std::optional<std::string> serving = agent.WaitForLine("\"msg\":\"Serving\"", absl::Seconds(1));
  ASSERT_TRUE(serving);
  const std::string metrics_address = nlohmann::json::parse(*serving).value("metrics", "");
  ASSERT_THAT(metrics_address, ::testing::StartsWith("127.0.0.1:"));

  // The vCenter configured insecure is announced with a warning, once; the pinned one is not.
  std::vector<std::string> warnings;
  for (absl::string_view line : absl::StrSplit(agent.Output(), '\n')) {
    if (absl::StrContains(line, "will not be verified")) warnings.emplace_back(line);
  }
  ASSERT_EQ(warnings.size(), 1u) << agent.Output();
  EXPECT_THAT(warnings[0], HasSubstr("\"msg\":\"Warning: the certificate of this vCenter will "
                                     "not be verified (insecure)\""));
  EXPECT_THAT(warnings[0], HasSubstr("\"server\":\"127.0.71.2\""));

  // Health and reflection, per service.
  auto channel = grpc::CreateChannel(*address, grpc::InsecureChannelCredentials());
  ASSERT_TRUE(rpc::testing::WaitForConnected(channel, absl::Seconds(5)));
  EXPECT_THAT(CheckHealth(channel, ""), IsOkAndHolds(Eq(Serving::SERVING)));
  EXPECT_THAT(CheckHealth(channel, kServiceName), IsOkAndHolds(Eq(Serving::SERVING)));
  absl::StatusOr<std::vector<std::string>> services = ListServices(channel);
  ASSERT_THAT(services, IsOk());
  EXPECT_THAT(*services, Contains(kServiceName));

  // Registered with the real planner: address, servers, Σ concurrency.
  ASSERT_TRUE(Eventually([&] { return planner.Find("vsphere-bin-a").has_value(); }))
      << agent.Output();
  planner::registry::AgentStatus registered = *planner.Find("vsphere-bin-a");
  EXPECT_EQ(registered.info.address, *address);
  EXPECT_THAT(registered.info.vcenter_servers, ::testing::ElementsAre("127.0.71.1", "127.0.71.2"));
  EXPECT_EQ(registered.info.capacity, 5);

  // Answers: routed to the client-backed backend of 127.0.71.1, where no vCenter listens:
  // UNAVAILABLE naming the endpoint (the planner retries that on another replica).
  auto stub = v1::VSphereAgentService::NewStub(channel);
  {
    grpc::ClientContext ctx;
    v1::CreateVmRequest req;
    req.set_server("127.0.71.1");
    req.set_request_id("op-1/create-vm[a]");
    req.set_vm_name("a");
    req.set_template_("/dc1/vm/Templates/ubuntu");
    req.set_resource_pool("/dc1/host/c1/Resources");
    req.add_networks("VM Network");
    req.set_clone_mode(v1::CLONE_MODE_FULL);
    req.set_userdata("token: abcdef.0123456789abcdef");
    v1::CreateVmResponse resp;
    grpc::Status s = stub->CreateVm(&ctx, req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
    EXPECT_THAT(s.error_message(), HasSubstr("127.0.71.1"));
  }
  {
    grpc::ClientContext ctx;
    v1::GetVmRequest req;
    req.set_server("127.0.71.9");
    v1::GetVmResponse resp;
    grpc::Status s = stub->GetVm(&ctx, req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_THAT(s.error_message(), HasSubstr("it serves 127.0.71.1, 127.0.71.2"));
  }

  // Metrics over HTTP.
  const std::string metrics =
      LoopbackExchange(metrics_address, "GET /metrics HTTP/1.1\r\nHost: test\r\n\r\n");
  EXPECT_THAT(metrics, HasSubstr("HTTP/1.1 200 OK"));
  EXPECT_THAT(metrics, HasSubstr("eksa_vsphere_agent_vcenter_slots{server=\"127.0.71.1\","
                                 "state=\"limit\"} 3\n"));
  EXPECT_THAT(metrics, HasSubstr("eksa_vsphere_agent_requests_total{rpc=\"CreateVm\",server="
                                 "\"127.0.71.1\",code=\"UNAVAILABLE\"} 1\n"));
  EXPECT_THAT(metrics, HasSubstr("eksa_vsphere_agent_planner_registered 1\n"));

  // SIGTERM: a draining heartbeat, then exit 0.
  const absl::Time signalled = absl::Now();
  agent.Signal(SIGTERM);
  std::optional<int> status = agent.WaitForExit(absl::Seconds(5));
  ASSERT_TRUE(status) << agent.Output();
  std::cout << "exited " << absl::FormatDuration(absl::Now() - signalled) << " after SIGTERM\n";
  ASSERT_TRUE(WIFEXITED(*status)) << agent.Output();
  EXPECT_EQ(WEXITSTATUS(*status), 0) << agent.Output();
  ASSERT_TRUE(planner.Find("vsphere-bin-a").has_value());
  EXPECT_TRUE(planner.Find("vsphere-bin-a")->draining);

  const std::string output = agent.Output();
  EXPECT_THAT(output, HasSubstr("\"credentials\":\"username from config, password from "
                                "passwordFile\""));
  EXPECT_THAT(output, HasSubstr("\"credentials\":\"username from EKSA_VSPHERE_USERNAME, "
                                "password from EKSA_VSPHERE_2_PASSWORD\""));
  EXPECT_THAT(output, HasSubstr("Told the planner this agent is draining"));
  EXPECT_THAT(output, Not(HasSubstr(kPassword1)));
  EXPECT_THAT(output, Not(HasSubstr(kPassword2)));
  EXPECT_THAT(output, Not(HasSubstr("abcdef.0123456789abcdef")));  // userdata is never logged
  EXPECT_THAT(metrics, Not(HasSubstr(kPassword1)));
}

TEST_F(AgentBinaryTest, ConfigErrorsExitOneWithFileLineColumnAndNoSecret) {
  const std::string config = WriteFile("bad.yaml", absl::StrCat(R"(listen: 127.0.0.1:0
vcenters:
- server: 127.0.71.1
  concurrency: 0
  password: )",
                                                                kInlinePassword, "\n"));
  Process agent(AgentBinary(), {"--config", config});
  std::optional<int> status = agent.WaitForExit(absl::Seconds(10));
  ASSERT_TRUE(status);
  ASSERT_TRUE(WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 1);
  const std::string output = agent.Output();
  EXPECT_THAT(output, HasSubstr(config + ":4:16: error: vcenters[0].concurrency: must be from 1"));
  EXPECT_THAT(output, HasSubstr(config + ":5:13: error: vcenters[0]: a password key is not"));
  EXPECT_THAT(output, Not(HasSubstr(kInlinePassword)));
}

TEST_F(AgentBinaryTest, MissingCredentialsExitOneNamingTheServerWithoutPrintingOthers) {
  InProcessPlanner planner(absl::Seconds(3));
  ASSERT_THAT(planner.Start(), IsOk());
  Process agent(AgentBinary(), {"--config", GoodConfig(planner.address()), "-v", "9"});
  std::optional<int> status = agent.WaitForExit(absl::Seconds(10));
  ASSERT_TRUE(status);
  ASSERT_TRUE(WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 1);
  const std::string output = agent.Output();
  EXPECT_THAT(output, HasSubstr("agent.yaml:14:3: error: vcenters[1]: no username for this "
                                "vCenter"));
  EXPECT_THAT(output, HasSubstr("vcenters[1]: no password for this vCenter (looked at "
                                "passwordFile, EKSA_VSPHERE_2_PASSWORD and "
                                "EKSA_VSPHERE_PASSWORD)"));
  EXPECT_THAT(output, Not(HasSubstr(kPassword1)));
  EXPECT_FALSE(planner.Find("vsphere-bin-a").has_value());
}

TEST_F(AgentBinaryTest, WithoutAConfigItServesNoVCenterAndDoesNotRegister) {
  Process agent(AgentBinary(), {"--listen", "127.0.0.1:0", "--log-format", "json"});
  std::optional<std::string> address = agent.WaitForServingAddress(absl::Seconds(10));
  ASSERT_TRUE(address) << agent.Output();
  auto stub = v1::VSphereAgentService::NewStub(
      grpc::CreateChannel(*address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  v1::GetVmRequest req;
  req.set_server("127.0.71.1");
  v1::GetVmResponse resp;
  grpc::Status s = stub->GetVm(&ctx, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("it serves no vCenter server"));
  EXPECT_THAT(agent.Output(), HasSubstr("Not registering with a planner"));
  agent.Signal(SIGTERM);
  std::optional<int> status = agent.WaitForExit(absl::Seconds(5));
  ASSERT_TRUE(status && WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 0);
}

}  // namespace
}  // namespace eksa::vsphere_agent
