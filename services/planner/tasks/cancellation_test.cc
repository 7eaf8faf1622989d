// Cancellation: cancelling the operation interrupts the agent call in flight at once.
#include <thread>

#include "services/planner/tasks/task_test_util.h"
#include "tests/fakes/agents/fake_vsphere_agent.h"

namespace eksa::planner::tasks::testing {
namespace {

using ::eksa::testing::fakes::FakeVCenter;
using ::eksa::testing::fakes::FakeVSphereAgent;
using ::testing::HasSubstr;

class CancellationTest : public TasksTest {};

TEST_F(CancellationTest, CancelInterruptsTheCallInFlight) {
  FakeVCenter vcenter;
  FakeVSphereAgent a("vsphere-a", vcenter);
  AddAgent(a, registry::AgentKind::kVSphere, {"127.0.0.2"});
  a.script().SetLatency("CheckCapacity", absl::Seconds(60));
  LabSpec spec;
  const std::string op = NewOperation(spec);
  dag::Cancellation cancel;
  absl::StatusOr<dag::TaskOutputs> out;
  std::thread task([&] { out = RunTask(op, TaskOf(spec, "preflight-capacity"), {}, &cancel); });
  ASSERT_TRUE(a.script().WaitForCalls("CheckCapacity", 1, absl::Seconds(10)));
  const absl::Time cancelled = absl::Now();
  cancel.Cancel();
  task.join();
  EXPECT_LT(absl::Now() - cancelled, absl::Seconds(1));
  EXPECT_THAT(out, StatusIs(absl::StatusCode::kCancelled,
                            HasSubstr("CheckCapacity on agent vsphere-a: the operation was "
                                      "cancelled")));
  // The agent keeps serving, and a cancelled operation starts no call.
  EXPECT_THAT(RunTask(op, TaskOf(spec, "preflight-capacity"), {}, &cancel),
              StatusIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(a.script().CallCount("CheckCapacity"), 1);
}

TEST_F(CancellationTest, DeadlineOfTheAttemptBoundsTheCall) {
  FakeVCenter vcenter;
  FakeVSphereAgent a("vsphere-a", vcenter);
  AddAgent(a, registry::AgentKind::kVSphere, {"127.0.0.2"});
  a.script().SetLatency("CheckVCenter", absl::Seconds(60));
  LabSpec spec;
  const std::string op = NewOperation(spec);
  const absl::Time start = absl::Now();
  EXPECT_THAT(RunTask(op, TaskOf(spec, "preflight-vcenter"), {}, nullptr, absl::Milliseconds(300)),
              StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr("CheckVCenter on agent")));
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
}

}  // namespace
}  // namespace eksa::planner::tasks::testing
