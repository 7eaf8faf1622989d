// The agent's registration against the real PlannerService and AgentRegistry (in-process, on
// loopback): it appears with its address, servers and capacity, heartbeats keep it alive and
// report calls in flight, SIGTERM-style Stop sends draining=true, and after it stops its lease
// lapses; it retries while the planner is down and registers again with a planner that forgot it.
#include "services/vsphere-agent/agent/planner_registration.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <map>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "eksa/planner/v1/planner.grpc.pb.h"
#include "eksa/vsphere/v1/vsphere_agent.grpc.pb.h"
#include "libs/rpc/server.h"
#include "services/vsphere-agent/agent/agent.h"
#include "services/vsphere-agent/agent/agent_metrics.h"
#include "services/vsphere-agent/agent/testing/fake_backend.h"
#include "services/vsphere-agent/agent/testing/in_process_planner.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using planner::registry::AgentKind;
using planner::registry::AgentStatus;
using ::testing::ElementsAre;
using testing::FakeBackend;
using testing::InProcessPlanner;

constexpr absl::Duration kTtl = absl::Milliseconds(600);

// Polls `condition` every 10 ms for at most `timeout`.
bool Eventually(const std::function<bool()>& condition,
                absl::Duration timeout = absl::Seconds(10)) {
  for (const absl::Time end = absl::Now() + timeout; absl::Now() < end;) {
    if (condition()) return true;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return condition();
}

class RegistrationTest : public ::testing::Test {
 protected:
  AgentConfig Config(const std::string& planner_address) {
    AgentConfig config{.listen = "127.0.0.1:0",
                       .agent_id = "vsphere-test-a",
                       .planner_address = planner_address,
                       .shutdown_grace = absl::Seconds(5)};
    config.vcenters.push_back({.server = "vc1.lab", .concurrency = 3});
    config.vcenters.push_back({.server = "vc2.lab", .concurrency = 5});
    return config;
  }

  absl::StatusOr<std::unique_ptr<Agent>> StartAgent(const AgentConfig& config) {
    std::map<std::string, Credentials> credentials;
    for (const auto& s : config.vcenters) {
      credentials[s.server] = {.username = "u",
                               .password = Secret("pw-of-" + s.server),
                               .username_source = "test",
                               .password_source = "test"};
    }
    return Agent::Start(
        config, credentials,
        [this](const VCenterServerConfig& s,
               const Credentials&) -> absl::StatusOr<std::unique_ptr<VCenterBackend>> {
          auto backend = std::make_unique<FakeBackend>();
          backends_[s.server] = backend.get();
          return backend;
        });
  }

  std::map<std::string, FakeBackend*> backends_;
};

TEST_F(RegistrationTest, AppearsHeartbeatsDrainsAndExpires) {
  InProcessPlanner planner(kTtl);
  ASSERT_THAT(planner.Start(), IsOk());
  absl::StatusOr<std::unique_ptr<Agent>> agent = StartAgent(Config(planner.address()));
  ASSERT_THAT(agent, IsOk());

  const absl::Time start = absl::Now();
  ASSERT_TRUE(Eventually([&] { return planner.Find("vsphere-test-a").has_value(); }));
  std::cout << "registered " << absl::FormatDuration(absl::Now() - start)
            << " after the agent started\n";
  AgentStatus s = *planner.Find("vsphere-test-a");
  EXPECT_EQ(s.info.kind, AgentKind::kVSphere);
  EXPECT_EQ(s.info.address, (*agent)->address());
  EXPECT_THAT(s.info.vcenter_servers, ElementsAre("vc1.lab", "vc2.lab"));
  EXPECT_EQ(s.info.capacity, 8);  // 3 + 5
  EXPECT_TRUE((*agent)->registered());

  // Heartbeats (every TTL/3) keep it alive well past its TTL.
  absl::SleepFor(4 * kTtl);
  EXPECT_TRUE(planner.registry().IsAlive("vsphere-test-a"));
  EXPECT_GE((*agent)->metrics().Heartbeats("ok"), 6);

  // A call in flight shows up in the next heartbeat.
  backends_["vc1.lab"]->Hold();
  auto stub = eksa::vsphere::v1::VSphereAgentService::NewStub(
      grpc::CreateChannel((*agent)->address(), grpc::InsecureChannelCredentials()));
  std::thread call([&] {
    grpc::ClientContext ctx;
    eksa::vsphere::v1::CreateVmRequest req;
    req.set_server("vc1.lab");
    req.set_request_id("op-1/create-vm[a]");
    eksa::vsphere::v1::CreateVmResponse resp;
    EXPECT_TRUE(stub->CreateVm(&ctx, req, &resp).ok());
  });
  EXPECT_TRUE(Eventually([&] { return planner.Find("vsphere-test-a")->reported_in_flight == 1; }));
  backends_["vc1.lab"]->Release();
  call.join();
  EXPECT_TRUE(Eventually([&] { return planner.Find("vsphere-test-a")->reported_in_flight == 0; }));

  // Stop: a draining heartbeat first, then the lease lapses.
  (*agent)->Stop("SIGTERM");
  s = *planner.Find("vsphere-test-a");
  EXPECT_TRUE(s.draining);
  EXPECT_TRUE(s.alive);
  const absl::Time stopped = absl::Now();
  EXPECT_TRUE(Eventually([&] { return !planner.registry().IsAlive("vsphere-test-a"); }));
  const absl::Duration expired_after = absl::Now() - stopped;
  EXPECT_LE(expired_after, kTtl + absl::Milliseconds(200));
  std::cout << "expired " << absl::FormatDuration(expired_after) << " after Stop (TTL "
            << absl::FormatDuration(kTtl) << ")\n";
}

TEST_F(RegistrationTest, RetriesWhileThePlannerIsDownAndRegistersAgainAfterItRestarts) {
  // A port nobody serves yet.
  auto first = std::make_unique<InProcessPlanner>(kTtl);
  ASSERT_THAT(first->Start(), IsOk());
  const int port = first->port();
  first.reset();

  absl::StatusOr<std::unique_ptr<Agent>> agent =
      StartAgent(Config("127.0.0.1:" + std::to_string(port)));
  ASSERT_THAT(agent, IsOk());
  absl::SleepFor(absl::Milliseconds(700));  // a few failed attempts
  EXPECT_FALSE((*agent)->registered());

  auto planner = std::make_unique<InProcessPlanner>(kTtl, port);
  ASSERT_THAT(planner->Start(), IsOk());
  const absl::Time up = absl::Now();
  ASSERT_TRUE(Eventually([&] { return planner->Find("vsphere-test-a").has_value(); }));
  std::cout << "registered " << absl::FormatDuration(absl::Now() - up)
            << " after the planner came up\n";

  // The planner restarts with an empty registry: the next heartbeat gets NOT_FOUND and the agent
  // registers again.
  planner.reset();
  planner = std::make_unique<InProcessPlanner>(kTtl, port);
  ASSERT_THAT(planner->Start(), IsOk());
  const absl::Time restarted = absl::Now();
  ASSERT_TRUE(Eventually([&] { return planner->Find("vsphere-test-a").has_value(); }));
  std::cout << "registered again " << absl::FormatDuration(absl::Now() - restarted)
            << " after the planner restarted\n";
  EXPECT_TRUE(Eventually([&] {
    return (*agent)->metrics().Heartbeats("not_found") >= 1 ||
           (*agent)->metrics().Heartbeats("error") >= 1;
  }));
  absl::SleepFor(2 * kTtl);
  EXPECT_TRUE(planner->registry().IsAlive("vsphere-test-a"));
  (*agent)->Stop("test");
}

TEST_F(RegistrationTest, ForgottenAgentRegistersAgainOnNotFound) {
  InProcessPlanner planner(kTtl);
  ASSERT_THAT(planner.Start(), IsOk());
  absl::StatusOr<std::unique_ptr<Agent>> agent = StartAgent(Config(planner.address()));
  ASSERT_THAT(agent, IsOk());
  ASSERT_TRUE(Eventually([&] { return planner.Find("vsphere-test-a").has_value(); }));
  planner.registry().Remove("vsphere-test-a");
  ASSERT_TRUE(Eventually([&] { return planner.Find("vsphere-test-a").has_value(); }));
  EXPECT_EQ((*agent)->metrics().Heartbeats("not_found"), 1);
  EXPECT_TRUE((*agent)->registered());
  (*agent)->Stop("test");
}

TEST_F(RegistrationTest, NoPlannerAddressMeansNoRegistration) {
  absl::StatusOr<std::unique_ptr<Agent>> agent = StartAgent(Config(""));
  ASSERT_THAT(agent, IsOk());
  EXPECT_FALSE((*agent)->registered());
  (*agent)->Stop("test");
}

// A planner that accepts registrations and then never answers a heartbeat.
class StuckPlanner final : public planner::v1::PlannerService::Service {
 public:
  grpc::Status RegisterAgent(grpc::ServerContext*, const planner::v1::RegisterAgentRequest*,
                             planner::v1::RegisterAgentResponse* resp) override {
    resp->mutable_heartbeat_interval()->set_nanos(50'000'000);
    return grpc::Status::OK;
  }
  grpc::Status Heartbeat(grpc::ServerContext* ctx, const planner::v1::HeartbeatRequest*,
                         planner::v1::HeartbeatResponse*) override {
    ++heartbeats;
    while (!ctx->IsCancelled() && !released.HasBeenNotified()) {
      absl::SleepFor(absl::Milliseconds(5));
    }
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "stuck");
  }
  std::atomic<int> heartbeats{0};
  absl::Notification released;
};

TEST(PlannerRegistrationTest, DrainNeverOverrunsItsTimeoutBehindAStuckHeartbeat) {
  StuckPlanner stuck;
  rpc::Server server({.name = "stuck-planner", .address = "127.0.0.1:0", .services = {&stuck}});
  ASSERT_THAT(server.Start(), IsOk());
  RegistrationOptions options{.planner_address = server.bound_address(),
                              .rpc_timeout = absl::Seconds(10)};
  options.agent.set_agent_id("vsphere-stuck");
  PlannerRegistration registration(std::move(options), nullptr);
  registration.Start();
  ASSERT_TRUE(Eventually([&] { return stuck.heartbeats.load() >= 1; }));
  const absl::Time start = absl::Now();
  EXPECT_THAT(registration.Drain(absl::Milliseconds(200)),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  const absl::Duration took = absl::Now() - start;
  EXPECT_GE(took, absl::Milliseconds(200));
  EXPECT_LT(took, absl::Seconds(1));
  registration.Stop();  // cancels the stuck call
  stuck.released.Notify();
  server.Shutdown(absl::Now());
}

TEST(PlannerRegistrationTest, DrainWithoutRegistrationIsFailedPrecondition) {
  RegistrationOptions options{.planner_address = "127.0.0.1:1"};
  options.agent.set_agent_id("x");
  PlannerRegistration registration(std::move(options), nullptr);
  EXPECT_THAT(registration.Drain(absl::Milliseconds(100)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace eksa::vsphere_agent
