#include "services/planner/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace eksa::planner {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::HasSubstr;

TEST(PlannerConfigTest, ReadsEveryField) {
  absl::StatusOr<PlannerConfig> c = ParsePlannerConfig("planner.yaml", R"(listen: 127.0.0.1:6000
store: {path: /tmp/p.db, keyEnv: MY_KEY}
artifactsDir: /tmp/artifacts
agents:
  heartbeatTtl: 45s
  static:
  - {id: vs-1, kind: vsphere, address: 127.0.0.1:50052, vcenterServers: [127.0.0.2], capacity: 3}
  - {id: boot-1, kind: bootstrap, address: 127.0.0.1:50053}
executor:
  poolLimits: {vsphere: 32, gitops: 1}
)");
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(c->listen, "127.0.0.1:6000");
  EXPECT_EQ(c->store_path, "/tmp/p.db");
  EXPECT_EQ(c->store_key_env, "MY_KEY");
  EXPECT_EQ(c->artifacts_dir, "/tmp/artifacts");
  EXPECT_EQ(c->heartbeat_ttl, absl::Seconds(45));
  ASSERT_EQ(c->static_agents.size(), 2u);
  EXPECT_EQ(c->static_agents[0].capacity, 3);
  EXPECT_EQ(c->static_agents[0].vcenter_servers, std::vector<std::string>{"127.0.0.2"});
  EXPECT_TRUE(c->static_agents[1].is_static);
  EXPECT_EQ(c->static_agents[1].kind, registry::AgentKind::kBootstrap);
  EXPECT_EQ(c->pool_limits.at("vsphere"), 32);
  EXPECT_EQ(c->pool_limits.at("gitops"), 1);
  EXPECT_EQ(c->pool_limits.at("local"), 4);  // default kept
}

TEST(PlannerConfigTest, EmptyFileMeansDefaults) {
  absl::StatusOr<PlannerConfig> c = ParsePlannerConfig("planner.yaml", "");
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(c->listen, "127.0.0.1:50051");
  EXPECT_EQ(c->heartbeat_ttl, absl::Seconds(30));
}

TEST(PlannerConfigTest, ReportsEveryMistakeWithItsPosition) {
  EXPECT_THAT(ParsePlannerConfig("planner.yaml", R"(listn: 127.0.0.1:6000
agents:
  heartbeatTtl: soon
  static:
  - {id: vs-1, kind: vmware, address: 127.0.0.1:1}
  - {id: vs-2, kind: vsphere, address: 127.0.0.1:2}
executor:
  poolLimits: {vsphere: 0}
)"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::AllOf(
                           HasSubstr("planner.yaml:1:1: error: listn: unknown field; did you mean "
                                     "\"listen\"?"),
                           HasSubstr("planner.yaml:3:17: error: agents.heartbeatTtl: \"soon\" is "
                                     "not a positive duration"),
                           HasSubstr("planner.yaml:5:22: error: agents.static[0].kind: \"vmware\" "
                                     "is not an agent kind"),
                           HasSubstr("agents.static[1].vcenterServers: a vSphere agent must name "
                                     "its vCenter servers"),
                           HasSubstr("planner.yaml:8:25: error: executor.poolLimits.vsphere: must "
                                     "be at least 1"))));
}

TEST(PlannerConfigTest, MissingFileIsNotFound) {
  EXPECT_THAT(LoadPlannerConfig("/nonexistent/planner.yaml"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("/nonexistent/planner.yaml")));
}

}  // namespace
}  // namespace eksa::planner
