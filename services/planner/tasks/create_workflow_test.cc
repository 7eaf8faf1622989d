// End to end: OperationManager + PlannerTaskRunner + the SQLite store + fake agents over gRPC run
// the whole create DAG of a small cluster; and a planner restart in the middle of a run finishes
// it, re-sending every interrupted agent request with its request id unchanged.
#include <set>

#include "services/planner/tasks/planner_test_fixture.h"

namespace eksa::planner::tasks::testing {
namespace {

using ::eksa::testing::fakes::Call;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::SizeIs;

class CreateWorkflowTest : public PlannerTest {};

TEST_F(CreateWorkflowTest, RunsTheWholeCreateDag) {
  absl::StatusOr<operations::StartResult> started = manager_->Start(Create());
  ASSERT_THAT(started, IsOk());
  manager_->WaitForIdle();
  const std::string op = started->operation.id;
  absl::StatusOr<store::OperationRecord> record = store_->GetOperation(op);
  ASSERT_THAT(record, IsOk());
  ASSERT_EQ(record->state, store::OperationState::kSucceeded) << record->error;

  absl::StatusOr<std::vector<store::TaskRecord>> tasks = store_->ListTasks(op);
  ASSERT_THAT(tasks, IsOk());
  std::set<std::string> kinds;
  for (const store::TaskRecord& t : *tasks) {
    kinds.insert(t.kind);
    if (t.kind == "collect-diagnostics") continue;
    EXPECT_EQ(t.state, store::TaskState::kSucceeded) << t.task_id << ": " << t.last_error;
  }
  EXPECT_EQ(kinds.size(), 24u) << "every kind of the create workflow ran";
  // Every machine exists once, was cloned from the imported template, and is in the record.
  ASSERT_THAT(vcenter_.Vms(), SizeIs(4));
  absl::StatusOr<store::ClusterRecord> cluster = store_->GetCluster("lab");
  ASSERT_THAT(cluster, IsOk());
  ASSERT_THAT(cluster->machines, SizeIs(4));
  for (const store::MachineRecord& m : cluster->machines) {
    std::optional<eksa::testing::fakes::FakeVm> vm = vcenter_.Vm(m.name);
    ASSERT_TRUE(vm.has_value()) << m.name;
    EXPECT_EQ(vm->ip, m.ip);
    EXPECT_EQ(vm->path, m.vm_path);
    EXPECT_EQ(vm->template_path, "/DC0/vm/Templates/bottlerocket-kube-v1-31");
  }
  EXPECT_THAT(cluster->kubeconfig, HasSubstr("certificate-authority-data"));
  // The workload-cluster steps used the generated kubeconfig; the kind cluster is gone again.
  for (const std::string& k : bootstrap_.kubeconfigs()) EXPECT_EQ(k, cluster->kubeconfig);
  EXPECT_THAT(gitops_.flux_kubeconfigs(), Contains(cluster->kubeconfig));
  EXPECT_TRUE(bootstrap_.kind_clusters().empty());
  EXPECT_EQ(gitops_.files().at("clusters/lab/eksa-system/eksa-cluster.yaml"), spec_.Yaml());
  // Artifacts as EKS-A leaves them.
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/artifacts/lab/lab-eks-a-cluster.kubeconfig"));
  // Every mutating request carried its task's request id (routing_test covers load sharing).
  for (const Call& c : AllCalls()) {
    if (!c.request_id.empty()) EXPECT_EQ(c.request_id.rfind(op + "/", 0), 0u) << c.request_id;
  }
}

TEST_F(CreateWorkflowTest, RestartMidRunResendsInterruptedRequestsUnchanged) {
  // Hold every clone: the run stops with create-vm tasks in flight (after their VMs were made).
  vsphere_a_.script().SetLatency("CreateVm", absl::Hours(1));
  vsphere_b_.script().SetLatency("CreateVm", absl::Hours(1));
  absl::StatusOr<operations::StartResult> started = manager_->Start(Create());
  ASSERT_THAT(started, IsOk());
  const std::string op = started->operation.id;
  const absl::Time until = absl::Now() + absl::Seconds(20);
  while (vsphere_a_.script().CallCount("CreateVm") + vsphere_b_.script().CallCount("CreateVm") ==
             0 &&
         absl::Now() < until) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  manager_->Shutdown();  // the planner stops; the operation stays running in the store
  const std::vector<Call> before = AllCalls();
  std::set<std::string> interrupted;
  for (const Call& c : before) {
    if (c.rpc == "CreateVm") interrupted.insert(c.request_id);
  }
  ASSERT_FALSE(interrupted.empty());

  // A new planner: store reopened from disk, new runner, new manager.
  manager_.reset();
  runner_.reset();
  OpenStore();
  MakeRunner();
  StartManager();
  vsphere_a_.script().SetLatency("CreateVm", absl::ZeroDuration());
  vsphere_b_.script().SetLatency("CreateVm", absl::ZeroDuration());
  ASSERT_THAT(manager_->ResumeUnfinished(), IsOk());
  manager_->WaitForIdle();
  absl::StatusOr<store::OperationRecord> record = store_->GetOperation(op);
  ASSERT_THAT(record, IsOk());
  ASSERT_EQ(record->state, store::OperationState::kSucceeded) << record->error;

  // Each interrupted clone was sent again with the same request id and answered with what the
  // first attempt made; no VM was made twice.
  for (const std::string& id : interrupted) {
    int resent = 0;
    for (const Call& c : AllCalls()) {
      if (c.rpc == "CreateVm" && c.request_id == id && c.replayed) ++resent;
    }
    EXPECT_GE(resent, 1) << id;
  }
  EXPECT_THAT(vcenter_.Vms(), SizeIs(4));
  // Every request id ever sent names this operation and its task: the same after the restart.
  for (const Call& c : AllCalls()) {
    if (!c.request_id.empty()) EXPECT_EQ(c.request_id.rfind(op + "/", 0), 0u) << c.request_id;
  }
  // Work that had finished before the restart was not sent again.
  EXPECT_EQ(bootstrap_.script().CallCount("CreateBootstrapCluster"), 1);
  EXPECT_EQ(
      vsphere_a_.script().CallCount("CheckVCenter") + vsphere_b_.script().CallCount("CheckVCenter"),
      1);
  EXPECT_THAT(store_->GetCluster("lab"), IsOk());
}

}  // namespace
}  // namespace eksa::planner::tasks::testing
