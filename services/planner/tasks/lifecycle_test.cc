// A cluster's life through the planner core and the fake agents: create, scale the workers up
// (the upgrade reuses the cluster's stored PKI with a fresh join token), scale them down (drain,
// power off, destroy, delete the Node), delete (every VM, the GitOps path, the artifacts and the
// record).
#include "absl/strings/escaping.h"
#include "services/planner/tasks/planner_test_fixture.h"

namespace eksa::planner::tasks::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

class LifecycleTest : public PlannerTest {
 protected:
  dag::TaskOutputs PkiOf(const std::string& op) {
    absl::StatusOr<store::TaskRecord> t = store_->GetTask(op, "generate-pki");
    EXPECT_THAT(t, IsOk());
    return t.ok() ? t->outputs : dag::TaskOutputs{};
  }
};

TEST_F(LifecycleTest, CreateScaleUpScaleDownDelete) {
  absl::StatusOr<store::OperationRecord> created = RunToEnd(Create());
  ASSERT_THAT(created, IsOk());
  ASSERT_EQ(created->state, store::OperationState::kSucceeded) << created->error;
  ASSERT_THAT(vcenter_.Vms(), SizeIs(4));
  const dag::TaskOutputs create_pki = PkiOf(created->id);

  LabSpec bigger = spec_;
  bigger.workers = 3;
  absl::StatusOr<store::OperationRecord> up =
      RunToEnd(Request(store::OperationType::kUpgrade, bigger, "cli-up"));
  ASSERT_THAT(up, IsOk());
  ASSERT_EQ(up->state, store::OperationState::kSucceeded) << up->error;
  ASSERT_THAT(vcenter_.Vms(), SizeIs(5));
  const dag::TaskOutputs up_pki = PkiOf(up->id);
  EXPECT_EQ(up_pki.at("pki-source"), "stored-pki");
  EXPECT_EQ(up_pki.at("secret.ca.crt"), create_pki.at("secret.ca.crt"));
  EXPECT_EQ(up_pki.at("ca-cert-hash"), create_pki.at("ca-cert-hash"));
  EXPECT_NE(up_pki.at("secret.bootstrap-token"), create_pki.at("secret.bootstrap-token"));
  // The new worker joins the existing cluster: its CA, the fresh token.
  std::string new_worker;
  for (const auto& vm : vcenter_.Vms()) {
    if (vm.request_id.rfind(up->id + "/", 0) == 0) new_worker = vm.name;
  }
  ASSERT_FALSE(new_worker.empty());
  const std::string userdata = vcenter_.Vm(new_worker)->userdata;
  EXPECT_EQ(vcenter_.Vm(new_worker)->template_path, "/DC0/vm/Templates/bottlerocket-kube-v1-31");
  EXPECT_THAT(userdata, HasSubstr(absl::Base64Escape(create_pki.at("secret.ca.crt"))));
  EXPECT_THAT(userdata, HasSubstr(up_pki.at("secret.bootstrap-token")));
  EXPECT_THAT(userdata, Not(HasSubstr(create_pki.at("secret.bootstrap-token"))));
  // ... which the cluster knows: kubeadm's bootstrap-token Secret went to the workload cluster.
  const std::string token = up_pki.at("secret.bootstrap-token");
  const std::string token_id = token.substr(0, token.find('.'));
  int registered = 0;
  for (const auto& a : bootstrap_.applied()) {
    if (a.manifests.find("name: bootstrap-token-" + token_id) == std::string::npos) continue;
    ++registered;
    EXPECT_EQ(a.target, "kubeconfig");
    EXPECT_THAT(a.manifests, HasSubstr("type: bootstrap.kubernetes.io/token"));
    EXPECT_THAT(a.manifests, HasSubstr("token-secret: " + token.substr(token.find('.') + 1)));
    EXPECT_THAT(a.manifests, HasSubstr("usage-bootstrap-authentication: \"true\""));
  }
  EXPECT_EQ(registered, 1);
  EXPECT_THAT(store_->GetCluster("lab")->machines, SizeIs(5));
  EXPECT_EQ(gitops_.files().at("clusters/lab/eksa-system/eksa-cluster.yaml"), bigger.Yaml());

  LabSpec smaller = spec_;
  smaller.workers = 1;
  absl::StatusOr<store::OperationRecord> down =
      RunToEnd(Request(store::OperationType::kUpgrade, smaller, "cli-down"));
  ASSERT_THAT(down, IsOk());
  ASSERT_EQ(down->state, store::OperationState::kSucceeded) << down->error;
  EXPECT_THAT(vcenter_.Vms(), SizeIs(3));
  EXPECT_THAT(store_->GetCluster("lab")->machines, SizeIs(3));
  // Each retired worker is drained before its machine goes, and its Node deleted after.
  int drained = 0, nodes_deleted = 0;
  for (const auto& d : bootstrap_.drained()) (d.deleted ? nodes_deleted : drained) += 1;
  EXPECT_EQ(drained, 2);
  EXPECT_EQ(nodes_deleted, 2);
  EXPECT_EQ(vsphere_a_.script().CallCount("DestroyVm") + vsphere_b_.script().CallCount("DestroyVm"),
            2);

  absl::StatusOr<store::OperationRecord> deleted =
      RunToEnd(Request(store::OperationType::kDelete, smaller, "cli-delete"));
  ASSERT_THAT(deleted, IsOk());
  ASSERT_EQ(deleted->state, store::OperationState::kSucceeded) << deleted->error;
  EXPECT_THAT(vcenter_.Vms(), SizeIs(0));
  EXPECT_THAT(store_->GetCluster("lab"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/artifacts/lab"));
  for (const auto& [path, content] : gitops_.files()) {
    EXPECT_NE(path.rfind("clusters/lab/", 0), 0u) << path;
  }
}

// An upgrade that adds etcd members: each joins the running etcd cluster through the member the
// cluster record knows (etcdadm join), one at a time; none starts a second cluster.
TEST_F(LifecycleTest, AddedEtcdMembersJoinTheRunningEtcdCluster) {
  absl::StatusOr<store::OperationRecord> created = RunToEnd(Create());
  ASSERT_THAT(created, IsOk());
  ASSERT_EQ(created->state, store::OperationState::kSucceeded) << created->error;
  std::string etcd0_ip;
  for (const store::MachineRecord& m : store_->GetCluster("lab")->machines) {
    if (m.role == store::MachineRole::kEtcd) etcd0_ip = m.ip;
  }
  ASSERT_FALSE(etcd0_ip.empty());

  LabSpec more_etcd = spec_;
  more_etcd.etcd = 3;
  absl::StatusOr<store::OperationRecord> up =
      RunToEnd(Request(store::OperationType::kUpgrade, more_etcd, "cli-etcd"));
  ASSERT_THAT(up, IsOk());
  ASSERT_EQ(up->state, store::OperationState::kSucceeded) << up->error;
  int joined = 0;
  for (const auto& vm : vcenter_.Vms()) {
    if (vm.request_id.rfind(up->id + "/", 0) != 0) continue;
    const std::string userdata = vm.userdata;
    ASSERT_NE(userdata.find("[settings.host-containers.kubeadm-bootstrap]"), std::string::npos);
    const size_t start = userdata.find("user-data = \"", userdata.find("kubeadm-bootstrap]")) + 13;
    std::string cloud_config;
    ASSERT_TRUE(absl::Base64Unescape(userdata.substr(start, userdata.find('"', start) - start),
                                     &cloud_config));
    EXPECT_THAT(cloud_config,
                HasSubstr("etcdadm join https://" + etcd0_ip + ":2379 --name=" + vm.name + " "));
    EXPECT_THAT(cloud_config, Not(HasSubstr("etcdadm init")));
    ++joined;
  }
  EXPECT_EQ(joined, 2);
}

}  // namespace
}  // namespace eksa::planner::tasks::testing
