// Preflights: a failed check is final (FAILED_PRECONDITION, one attempt) and names the check,
// what is wrong and the remediation; warnings pass.
#include "services/planner/tasks/task_test_util.h"
#include "tests/fakes/agents/fake_gitops_agent.h"
#include "tests/fakes/agents/fake_vsphere_agent.h"

namespace eksa::planner::tasks::testing {
namespace {

using ::eksa::testing::fakes::FailedCheck;
using ::eksa::testing::fakes::FakeGitOpsAgent;
using ::eksa::testing::fakes::FakeVCenter;
using ::eksa::testing::fakes::FakeVSphereAgent;
using ::testing::AllOf;
using ::testing::HasSubstr;

class PreflightChecksTest : public TasksTest {
 protected:
  void SetUp() override {
    TasksTest::SetUp();
    AddAgent(vsphere_, registry::AgentKind::kVSphere, {"127.0.0.2"});
    AddAgent(gitops_, registry::AgentKind::kGitOps);
    op_ = NewOperation(spec_);
  }

  LabSpec spec_{.gitops = true};
  FakeVCenter vcenter_;
  FakeVSphereAgent vsphere_{"vsphere-a", vcenter_};
  FakeGitOpsAgent gitops_{"gitops-a"};
  std::string op_;
};

TEST_F(PreflightChecksTest, FailedVCenterCheckIsFinalWithItsRemediation) {
  vsphere_.script().AddCheck("CheckVCenter",
                             FailedCheck("Datacenter validated", "datacenter DC0 not found",
                                         "set spec.datacenter of VSphereDatacenterConfig lab to an "
                                         "existing datacenter",
                                         "server 127.0.0.2"));
  const dag::TaskSpec vcenter = TaskOf(spec_, "preflight-vcenter");
  ChainRun run = RunChain(op_, {vcenter});
  EXPECT_THAT(run.status,
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("vCenter checks of 127.0.0.2 failed: Datacenter validated "
                                       "(server 127.0.0.2): datacenter DC0 not found"),
                             HasSubstr("remediation: set spec.datacenter of "
                                       "VSphereDatacenterConfig lab to an existing datacenter"))));
  EXPECT_EQ(run.results[vcenter.id].attempts, 1);
  EXPECT_EQ(vsphere_.script().CallCount("CheckVCenter"), 1);
}

TEST_F(PreflightChecksTest, WarningsPass) {
  eksa::common::v1::CheckResult warning;
  warning.set_name("Thumbprint");
  warning.set_passed(true);
  warning.set_warning(true);
  warning.set_message("thumbprint not checked: insecure is true");
  vsphere_.script().AddCheck("CheckVCenter", warning);
  EXPECT_THAT(RunTask(op_, TaskOf(spec_, "preflight-vcenter")), IsOk());
}

TEST_F(PreflightChecksTest, MachineConfigAndGitOpsChecksReportEveryFailure) {
  vsphere_.script().AddCheck("CheckMachineConfig",
                             FailedCheck("Datastore validated", "datastore ds-cp not found",
                                         "create the datastore or fix spec.datastore"));
  vsphere_.script().AddCheck(
      "CheckMachineConfig",
      FailedCheck("Resource pool validated", "pool cp not found", "fix spec.resourcePool"));
  EXPECT_THAT(RunTask(op_, TaskOf(spec_, "preflight-machine-config", "[lab-cp]")),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("VSphereMachineConfig lab-cp failed"),
                             HasSubstr("remediation: create the datastore or fix spec.datastore"),
                             HasSubstr("remediation: fix spec.resourcePool"))));
  gitops_.script().AddCheck(
      "CheckAccess", FailedCheck("Github personal access token has the required repo "
                                 "permissions",
                                 "token lacks scope repo", "create a token with repo scope"));
  EXPECT_THAT(RunTask(op_, TaskOf(spec_, "preflight-gitops")),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("token lacks scope repo; remediation: create a token with repo "
                                 "scope")));
}

}  // namespace
}  // namespace eksa::planner::tasks::testing
