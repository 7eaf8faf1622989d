// Failover: an agent that stops heartbeating while a call is in flight loses the task to a sibling,
// which gets the same request id and adopts what the first agent made; the dead agent gets no new
// task. An agent that answers UNAVAILABLE is avoided on the next attempt.
#include "services/planner/tasks/task_test_util.h"
#include "tests/fakes/agents/fake_vsphere_agent.h"

namespace eksa::planner::tasks::testing {
namespace {

using ::eksa::testing::fakes::FakeVCenter;
using ::eksa::testing::fakes::FakeVSphereAgent;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

class FailoverTest : public TasksTest {
 protected:
  void SetUp() override {
    TasksTest::SetUp();
    UseRegistry(absl::Milliseconds(300));  // heartbeats every 50 ms
    AddAgent(a_, registry::AgentKind::kVSphere, {"127.0.0.2"});
    AddAgent(b_, registry::AgentKind::kVSphere, {"127.0.0.2"});
    op_ = NewOperation(spec_);
    absl::StatusOr<dag::TaskOutputs> pki = RunTask(op_, TaskOf(spec_, "generate-pki"));
    ASSERT_THAT(pki, IsOk());
    resume_.succeeded["generate-pki"] = *pki;
  }

  LabSpec spec_;
  FakeVCenter vcenter_;
  FakeVSphereAgent a_{"vsphere-a", vcenter_}, b_{"vsphere-b", vcenter_};
  std::string op_;
  dag::ResumeState resume_;
};

TEST_F(FailoverTest, AgentThatStopsHeartbeatingLosesTheTaskToASibling) {
  a_.script().SetLatency("CreateVm", absl::Seconds(60));  // A makes the VM, then hangs
  const dag::TaskSpec cp = TaskOf(spec_, "create-vm", "-cp-");
  ChainRun run;
  std::thread executor([&] { run = RunChain(op_, {TaskOf(spec_, "generate-pki"), cp}, resume_); });
  ASSERT_TRUE(a_.script().WaitForCalls("CreateVm", 1, absl::Seconds(10)));
  const absl::Time lost = absl::Now();
  a_.StopHeartbeating();
  executor.join();

  ASSERT_THAT(run.status, IsOk());
  EXPECT_LT(absl::Now() - lost, absl::Seconds(3));
  EXPECT_EQ(run.results[cp.id].attempts, 2);
  EXPECT_EQ(run.results[cp.id].outputs.at("agent"), "vsphere-b");
  const std::string request_id = op_ + "/" + cp.id;
  EXPECT_THAT(a_.script().RequestIds("CreateVm"), ElementsAre(request_id));
  ASSERT_THAT(b_.script().CallsOf("CreateVm"), SizeIs(1));
  EXPECT_EQ(b_.script().CallsOf("CreateVm")[0].request_id, request_id);
  EXPECT_TRUE(b_.script().CallsOf("CreateVm")[0].replayed) << "B adopts the VM A made";
  EXPECT_THAT(vcenter_.Vms(), SizeIs(1));
  EXPECT_EQ(run.results[cp.id].outputs.at("ip"), vcenter_.Vms()[0].ip);

  // A is dead for the registry: the next task goes to B, A sees nothing more.
  const int calls_of_a = static_cast<int>(a_.script().calls().size());
  absl::StatusOr<dag::TaskOutputs> worker =
      RunTask(op_, TaskOf(spec_, "create-vm", "-md-0-"), resume_.succeeded);
  ASSERT_THAT(worker, IsOk());
  EXPECT_EQ(worker->at("agent"), "vsphere-b");
  EXPECT_EQ(static_cast<int>(a_.script().calls().size()), calls_of_a);
}

TEST_F(FailoverTest, UnavailableAgentIsAvoidedOnTheRetry) {
  a_.script().FailCall("CreateVm", 1, grpc::StatusCode::UNAVAILABLE, "vcenter unreachable");
  const dag::TaskSpec cp = TaskOf(spec_, "create-vm", "-cp-");
  ChainRun run = RunChain(op_, {TaskOf(spec_, "generate-pki"), cp}, resume_);
  ASSERT_THAT(run.status, IsOk());
  EXPECT_EQ(run.results[cp.id].attempts, 2);
  EXPECT_EQ(run.results[cp.id].outputs.at("agent"), "vsphere-b");
  EXPECT_EQ(b_.script().RequestIds("CreateVm"), a_.script().RequestIds("CreateVm"));
  EXPECT_FALSE(b_.script().CallsOf("CreateVm")[0].replayed) << "A failed before making anything";
}

TEST_F(FailoverTest, NoLiveAgentIsRetryableAndNamesThePool) {
  a_.Kill();
  b_.Kill();
  UseRegistry(absl::Milliseconds(300));  // forget both
  absl::StatusOr<dag::TaskOutputs> out = RunTask(op_, TaskOf(spec_, "preflight-vcenter"));
  EXPECT_THAT(out, StatusIs(absl::StatusCode::kUnavailable,
                            HasSubstr("no live agent serves vsphere:127.0.0.2")));
}

}  // namespace
}  // namespace eksa::planner::tasks::testing
