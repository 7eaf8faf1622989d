#include "services/planner/registry/agent_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace eksa::planner::registry {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::HasSubstr;

AgentInfo VSphere(std::string id, std::vector<std::string> servers, int capacity = 8) {
  return {.id = std::move(id),
          .kind = AgentKind::kVSphere,
          .address = "127.0.0.1:1",
          .vcenter_servers = std::move(servers),
          .capacity = capacity};
}

class AgentRegistryTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  AgentRegistry registry_{clock_, absl::Seconds(10)};
};

TEST_F(AgentRegistryTest, RoutesVSphereTasksToAnAgentOfThatServer) {
  ASSERT_THAT(registry_.Register(VSphere("a", {"127.0.0.2"})), IsOk());
  ASSERT_THAT(registry_.Register(VSphere("b", {"127.0.0.3"})), IsOk());
  absl::StatusOr<AgentInfo> picked = registry_.Pick("vsphere:127.0.0.3");
  ASSERT_THAT(picked, IsOk());
  EXPECT_EQ(picked->id, "b");
  EXPECT_THAT(registry_.Pick("vsphere:127.0.0.9"),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("no live agent serves vsphere:127.0.0.9")));
}

TEST_F(AgentRegistryTest, PicksTheLeastLoadedReplica) {
  ASSERT_THAT(registry_.Register(VSphere("a", {"vc"})), IsOk());
  ASSERT_THAT(registry_.Register(VSphere("b", {"vc"})), IsOk());
  std::vector<std::string> order;
  for (int i = 0; i < 4; ++i) {
    absl::StatusOr<AgentInfo> p = registry_.Pick("vsphere:vc");
    ASSERT_THAT(p, IsOk());
    registry_.Acquire(p->id);
    order.push_back(p->id);
  }
  EXPECT_THAT(order, ::testing::ElementsAre("a", "b", "a", "b"));
  registry_.Release("b");
  registry_.Release("b");
  EXPECT_EQ(registry_.Pick("vsphere:vc")->id, "b");
}

TEST_F(AgentRegistryTest, AcquireTakesTheSlotItPicked) {
  ASSERT_THAT(registry_.Register(VSphere("a", {"vc"}, /*capacity=*/1)), IsOk());
  ASSERT_THAT(registry_.Register(VSphere("b", {"vc"}, /*capacity=*/1)), IsOk());
  absl::StatusOr<AgentInfo> first = registry_.PickAndAcquire("vsphere:vc");
  absl::StatusOr<AgentInfo> second = registry_.PickAndAcquire("vsphere:vc");
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  EXPECT_NE(first->id, second->id);
  EXPECT_THAT(registry_.PickAndAcquire("vsphere:vc"),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("at capacity")));
  registry_.Release(first->id);
  EXPECT_EQ(registry_.PickAndAcquire("vsphere:vc")->id, first->id);
}

TEST_F(AgentRegistryTest, ReportedLoadBreaksTiesAndCapacityIsRespected) {
  ASSERT_THAT(registry_.Register(VSphere("a", {"vc"}, /*capacity=*/1)), IsOk());
  ASSERT_THAT(registry_.Register(VSphere("b", {"vc"}, /*capacity=*/1)), IsOk());
  ASSERT_THAT(registry_.Heartbeat("a", 5), IsOk());
  EXPECT_EQ(registry_.Pick("vsphere:vc")->id, "b");
  registry_.Acquire("a");
  registry_.Acquire("b");
  EXPECT_THAT(registry_.Pick("vsphere:vc"),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("at capacity")));
}

TEST_F(AgentRegistryTest, AnAgentThatStopsHeartbeatingGetsNoNewTasks) {
  ASSERT_THAT(registry_.Register(VSphere("a", {"vc"})), IsOk());
  ASSERT_THAT(registry_.Register(VSphere("b", {"vc"})), IsOk());
  clock_.Advance(absl::Seconds(8));
  ASSERT_THAT(registry_.Heartbeat("b", 0), IsOk());
  clock_.Advance(absl::Seconds(5));  // a: 13 s since its last sign of life, b: 5 s
  EXPECT_FALSE(registry_.IsAlive("a"));
  EXPECT_TRUE(registry_.IsAlive("b"));
  registry_.Acquire("b");  // even loaded, b is the only candidate
  EXPECT_EQ(registry_.Pick("vsphere:vc")->id, "b");
  // The sibling of a failed agent: excluded explicitly by the runner that retries.
  EXPECT_THAT(registry_.Pick("vsphere:vc", {"b"}), StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(AgentRegistryTest, ADrainingAgentGetsNoNewTasks) {
  ASSERT_THAT(registry_.Register(VSphere("a", {"vc"})), IsOk());
  ASSERT_THAT(registry_.Register(VSphere("b", {"vc"})), IsOk());
  ASSERT_THAT(registry_.Heartbeat("a", 0, /*draining=*/true), IsOk());
  registry_.Acquire("b");
  registry_.Acquire("b");
  EXPECT_EQ(registry_.Pick("vsphere:vc")->id, "b");  // busier, but a is draining
  EXPECT_TRUE(registry_.IsAlive("a"));               // its running tasks are not moved
  ASSERT_THAT(registry_.Heartbeat("a", 0), IsOk());
  EXPECT_EQ(registry_.Pick("vsphere:vc")->id, "a");
}

TEST_F(AgentRegistryTest, StaticAgentsNeverExpire) {
  AgentInfo s{
      .id = "boot", .kind = AgentKind::kBootstrap, .address = "127.0.0.1:50053", .is_static = true};
  ASSERT_THAT(registry_.Register(s), IsOk());
  clock_.Advance(absl::Hours(24));
  EXPECT_TRUE(registry_.IsAlive("boot"));
  EXPECT_EQ(registry_.Pick("bootstrap")->id, "boot");
  EXPECT_THAT(registry_.Pick("gitops"), StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(AgentRegistryTest, HeartbeatFromAnUnknownAgentAsksItToRegister) {
  EXPECT_THAT(registry_.Heartbeat("ghost", 0),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("register again")));
}

TEST_F(AgentRegistryTest, RejectsIncompleteRegistrations) {
  EXPECT_THAT(registry_.Register(VSphere("", {"vc"})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("id and address")));
  EXPECT_THAT(registry_.Register(VSphere("a", {})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("vCenter servers")));
}

TEST(ParsePoolTest, KnowsTheAgentPools) {
  EXPECT_EQ(ParsePool("vsphere:vc.example.com")->second, "vc.example.com");
  EXPECT_EQ(ParsePool("gitops")->first, AgentKind::kGitOps);
  EXPECT_THAT(ParsePool("local"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParsePool("vsphere:"), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace eksa::planner::registry
