// Retries: an UNAVAILABLE answer is retried by the executor with the same request id (on the same
// agent when it is the only one); a final code is not retried.
#include "services/planner/tasks/task_test_util.h"
#include "tests/fakes/agents/fake_bootstrap_agent.h"
#include "tests/fakes/agents/fake_vsphere_agent.h"

namespace eksa::planner::tasks::testing {
namespace {

using ::eksa::testing::fakes::FakeBootstrapAgent;
using ::eksa::testing::fakes::FakeVCenter;
using ::eksa::testing::fakes::FakeVSphereAgent;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class RetryTest : public TasksTest {};

TEST_F(RetryTest, UnavailableIsRetriedOnTheOnlyAgentWithTheSameRequestId) {
  FakeVCenter vcenter;
  FakeVSphereAgent a("vsphere-a", vcenter);
  AddAgent(a, registry::AgentKind::kVSphere, {"127.0.0.2"});
  a.script().FailCall("CheckMachineConfig", 1, grpc::StatusCode::UNAVAILABLE, "vcenter busy");
  LabSpec spec;
  const std::string op = NewOperation(spec);
  const dag::TaskSpec check = TaskOf(spec, "preflight-machine-config", "[lab-cp]");
  ChainRun run = RunChain(op, {check});
  ASSERT_THAT(run.status, IsOk());
  EXPECT_EQ(run.results[check.id].attempts, 2);
  EXPECT_THAT(a.script().RequestIds("CheckMachineConfig"),
              ElementsAre(op + "/" + check.id, op + "/" + check.id));
  EXPECT_EQ(run.results[check.id].outputs.at("folder-path"), "/DC0/vm/lab");
}

TEST_F(RetryTest, ErrorsKeepTheirCodeAndNameTheAgent) {
  FakeBootstrapAgent k("bootstrap-a");
  AddAgent(k, registry::AgentKind::kBootstrap);
  k.script().FailAll("CreateBootstrapCluster", grpc::StatusCode::FAILED_PRECONDITION,
                     "docker is not running");
  LabSpec spec;
  const std::string op = NewOperation(spec);
  const dag::TaskSpec init = TaskOf(spec, "bootstrap-cluster-init");
  ChainRun run = RunChain(op, {init});
  EXPECT_THAT(
      run.status,
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("CreateBootstrapCluster on agent bootstrap-a: docker is not running")));
  EXPECT_EQ(run.results[init.id].attempts, 1);
}

TEST_F(RetryTest, RetriesStopAfterMaxAttempts) {
  FakeBootstrapAgent k("bootstrap-a");
  AddAgent(k, registry::AgentKind::kBootstrap);
  k.script().FailAll("CreateBootstrapCluster", grpc::StatusCode::UNAVAILABLE, "docker restarting");
  LabSpec spec;
  const std::string op = NewOperation(spec);
  dag::TaskSpec init = TaskOf(spec, "bootstrap-cluster-init");
  ChainRun run = RunChain(op, {init});
  ASSERT_GT(init.max_attempts, 1);
  EXPECT_THAT(run.status,
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("after " + std::to_string(init.max_attempts) + " attempts")));
  EXPECT_EQ(k.script().CallCount("CreateBootstrapCluster"), init.max_attempts);
}

}  // namespace
}  // namespace eksa::planner::tasks::testing
