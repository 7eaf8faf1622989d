// update-cluster-record: the record round-trips through the store (machines from create-vm
// outputs, the kubeconfig sealed and returned), and mode=delete forgets it, idempotently.
#include "services/planner/tasks/task_test_util.h"

namespace eksa::planner::tasks::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::SizeIs;

class ClusterRecordTest : public TasksTest {};

TEST_F(ClusterRecordTest, CreateRecordsMachinesAndKubeconfigThenDeleteForgets) {
  LabSpec spec{.etcd = 1, .control_plane = 1, .workers = 2};
  const std::string op = NewOperation(spec);
  std::map<std::string, dag::TaskOutputs> outputs;
  outputs["generate-pki"] = {{"secret.admin-kubeconfig", "apiVersion: v1\nkind: Config\n"}};
  int n = 0;
  for (const dag::TaskSpec& vm : TasksOf(spec, "create-vm")) {
    ++n;
    outputs[vm.id] = {{"vm", "/DC0/vm/lab/" + vm.params.at("machine")},
                      {"moref", "vm-" + std::to_string(n)},
                      {"ip", "127.0.1." + std::to_string(n)}};
  }
  absl::StatusOr<dag::TaskOutputs> out =
      RunTask(op, TaskOf(spec, "update-cluster-record"), outputs);
  ASSERT_THAT(out, IsOk());
  EXPECT_EQ(out->at("machines"), "4");

  OpenStore();  // read back from disk, the kubeconfig unsealed
  absl::StatusOr<store::ClusterRecord> record = store_->GetCluster("lab");
  ASSERT_THAT(record, IsOk());
  EXPECT_EQ(record->spec_yaml, spec.Yaml());
  EXPECT_EQ(record->kubeconfig, "apiVersion: v1\nkind: Config\n");
  ASSERT_THAT(record->machines, SizeIs(4));
  EXPECT_EQ(record->machines[0].role, store::MachineRole::kEtcd);
  EXPECT_EQ(record->machines[1].role, store::MachineRole::kControlPlane);
  EXPECT_EQ(record->machines[2].role, store::MachineRole::kWorker);
  EXPECT_EQ(record->machines[2].node_group, "md-0");
  EXPECT_EQ(record->machines[1].vm_path, "/DC0/vm/lab/" + record->machines[1].name);
  EXPECT_EQ(record->machines[3].ip, "127.0.1.4");
  EXPECT_EQ(record->machines[3].moref, "vm-4");

  MakeRunner();
  const dag::TaskSpec forget{.id = "update-cluster-record",
                             .kind = "update-cluster-record",
                             .params = {{"mode", "delete"}}};
  const std::string del = NewOperation(spec, "op-del", store::OperationType::kDelete);
  EXPECT_THAT(RunTask(del, forget),
              IsOkAndHolds(::testing::Contains(::testing::Pair("deleted", "true"))));
  EXPECT_THAT(store_->GetCluster("lab"), StatusIs(absl::StatusCode::kNotFound));
  // Again (a resumed delete whose record is already gone): still fine.
  EXPECT_THAT(RunTask(del, forget),
              IsOkAndHolds(::testing::Contains(::testing::Pair("deleted", "false"))));
}

TEST_F(ClusterRecordTest, MissingMachineOutputsFailTheTask) {
  LabSpec spec;
  const std::string op = NewOperation(spec);
  EXPECT_THAT(RunTask(op, TaskOf(spec, "update-cluster-record"),
                      {{"generate-pki", {{"secret.admin-kubeconfig", "apiVersion: v1\n"}}}}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       ::testing::HasSubstr("neither created by this operation nor recorded")));
  EXPECT_THAT(store_->GetCluster("lab"), StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace eksa::planner::tasks::testing
