// preflight-capacity: Σ diskGiB per datastore and Σ memoryMiB per resource pool over every machine
// a create makes; an upgrade counts only the machines the cluster record does not hold.
#include "services/planner/tasks/task_test_util.h"
#include "tests/fakes/agents/fake_vsphere_agent.h"

namespace eksa::planner::tasks::testing {
namespace {

using ::eksa::testing::fakes::FakeVCenter;
using ::eksa::testing::fakes::FakeVSphereAgent;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

namespace v1 = eksa::vsphere::v1;

std::map<std::string, int64_t> Disk(const v1::CheckCapacityRequest& r) {
  std::map<std::string, int64_t> out;
  for (const auto& d : r.datastores()) out[d.datastore()] = d.required_gib();
  return out;
}
std::map<std::string, int64_t> Memory(const v1::CheckCapacityRequest& r) {
  std::map<std::string, int64_t> out;
  for (const auto& d : r.resource_pools()) out[d.resource_pool()] = d.required_mib();
  return out;
}

class CapacityTest : public TasksTest {
 protected:
  void SetUp() override {
    TasksTest::SetUp();
    AddAgent(agent_, registry::AgentKind::kVSphere, {"127.0.0.2"});
  }
  FakeVCenter vcenter_;
  FakeVSphereAgent agent_{"vsphere-a", vcenter_};
};

TEST_F(CapacityTest, CreateSumsEveryMachinePerDatastoreAndPool) {
  // cp and etcd machines share ds-cp and pool cp; workers use ds-workers and pool workers.
  LabSpec spec{.etcd = 3, .control_plane = 3, .workers = 2};
  const std::string op = NewOperation(spec);
  absl::StatusOr<dag::TaskOutputs> out = RunTask(op, TaskOf(spec, "preflight-capacity"));
  ASSERT_THAT(out, IsOk());
  std::optional<v1::CheckCapacityRequest> req = vcenter_.last_capacity_request();
  ASSERT_TRUE(req.has_value());
  EXPECT_EQ(req->server(), "127.0.0.2");
  EXPECT_EQ(req->datacenter(), "DC0");
  EXPECT_THAT(Disk(*req), UnorderedElementsAre(Pair("/DC0/datastore/ds-cp", 3 * 25 + 3 * 20),
                                               Pair("/DC0/datastore/ds-workers", 2 * 40)));
  EXPECT_THAT(Memory(*req),
              UnorderedElementsAre(Pair("/DC0/host/C0/Resources/cp", 3 * 8192 + 3 * 12288),
                                   Pair("/DC0/host/C0/Resources/workers", 2 * 16384)));
  EXPECT_EQ(out->at("required-gib./DC0/datastore/ds-cp"), "135");
}

TEST_F(CapacityTest, UpgradeCountsOnlyMachinesToCreate) {
  LabSpec before{.workers = 2};
  // The cluster as created: its machines are the create's desired machines.
  std::vector<store::MachineRecord> machines;
  for (const dag::TaskSpec& t : TasksOf(before, "create-vm")) {
    machines.push_back({.name = t.params.at("machine"),
                        .role = t.params.at("role") == "worker" ? store::MachineRole::kWorker
                                                                : store::MachineRole::kControlPlane,
                        .node_group = t.params.at("group")});
  }
  ASSERT_THAT(store_->PutCluster({.name = "lab",
                                  .spec_yaml = before.Yaml(),
                                  .machines = machines,
                                  .kubeconfig = "apiVersion: v1\n"}),
              IsOk());
  LabSpec after{.workers = 3};
  const std::string op = NewOperation(after, "op-up", store::OperationType::kUpgrade);
  ASSERT_THAT(RunTask(op, {.id = "preflight-capacity",
                           .kind = "preflight-capacity",
                           .pool = "vsphere:127.0.0.2"}),
              IsOk());
  std::optional<v1::CheckCapacityRequest> req = vcenter_.last_capacity_request();
  ASSERT_TRUE(req.has_value());
  EXPECT_THAT(Disk(*req), UnorderedElementsAre(Pair("/DC0/datastore/ds-workers", 40)));
  EXPECT_THAT(Memory(*req), UnorderedElementsAre(Pair("/DC0/host/C0/Resources/workers", 16384)));
}

}  // namespace
}  // namespace eksa::planner::tasks::testing
