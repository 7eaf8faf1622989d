// Tests of the create, upgrade and delete workflow builders on real specs (libs/spec).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "libs/spec/spec.h"
#include "services/planner/workflows/create.h"
#include "services/planner/workflows/delete.h"
#include "services/planner/workflows/machines.h"
#include "services/planner/workflows/tasks.h"
#include "services/planner/workflows/upgrade.h"
#include "tests/testing/status_matchers.h"

namespace eksa::planner::workflows {
namespace {

using ::eksa::testing::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string SeedText() {
  return ReadFile(std::string(EKSA_SOURCE_DIR) + "/libs/spec/testdata/homelab.yaml");
}

void Replace(std::string& text, const std::string& from, const std::string& to) {
  size_t pos = text.find(from);
  ASSERT_NE(pos, std::string::npos) << from;
  text.replace(pos, from.size(), to);
}

spec::ClusterSpec Load(const std::string& text) {
  spec::LoadResult r = spec::LoadSpec("spec.yaml", text);
  for (const spec::Diagnostic& d : r.diagnostics.items()) {
    if (d.severity == spec::Severity::kError) ADD_FAILURE() << spec::FormatText(d);
  }
  return std::move(r.spec);
}

// A small stacked-etcd spec on loopback addresses without templates (so they are imported).
const char kLab[] = R"(apiVersion: anywhere.eks.amazonaws.com/v1alpha1
kind: Cluster
metadata:
  name: lab
spec:
  kubernetesVersion: "1.31"
  clusterNetwork:
    cniConfig: {cilium: {}}
    pods: {cidrBlocks: [192.168.0.0/16]}
    services: {cidrBlocks: [10.96.0.0/12]}
  controlPlaneConfiguration:
    count: 3
    endpoint: {host: 127.0.0.10}
    machineGroupRef: {kind: VSphereMachineConfig, name: lab-cp}
  datacenterRef: {kind: VSphereDatacenterConfig, name: lab}
  workerNodeGroupConfigurations:
  - name: md-0
    count: 2
    machineGroupRef: {kind: VSphereMachineConfig, name: lab-md}
---
apiVersion: anywhere.eks.amazonaws.com/v1alpha1
kind: VSphereDatacenterConfig
metadata: {name: lab}
spec: {datacenter: DC0, network: VM Network, server: 127.0.0.2}
---
apiVersion: anywhere.eks.amazonaws.com/v1alpha1
kind: VSphereMachineConfig
metadata: {name: lab-cp}
spec: {datastore: /DC0/datastore/LocalDS_0, resourcePool: /DC0/host/DC0_C0/Resources, osFamily: bottlerocket}
---
apiVersion: anywhere.eks.amazonaws.com/v1alpha1
kind: VSphereMachineConfig
metadata: {name: lab-md}
spec: {datastore: /DC0/datastore/LocalDS_0, resourcePool: /DC0/host/DC0_C0/Resources, osFamily: bottlerocket, memoryMiB: 8192}
)";

std::set<std::string> Ancestors(const dag::Graph& g, const std::string& id) {
  std::set<std::string> out;
  std::vector<std::string> todo = {id};
  while (!todo.empty()) {
    std::string t = todo.back();
    todo.pop_back();
    for (const std::string& d : g.DependenciesOf(t)) {
      if (out.insert(d).second) todo.push_back(d);
    }
  }
  return out;
}

std::vector<std::string> IdsOfKind(const dag::Graph& g, const std::string& kind) {
  std::vector<std::string> ids;
  for (const dag::TaskSpec& t : g.tasks()) {
    if (t.kind == kind) ids.push_back(t.id);
  }
  return ids;
}

std::string Vm(const std::vector<Machine>& machines, const std::string& group, int index) {
  for (const Machine& m : machines) {
    if (m.group == group && m.index == index) return TaskId(kind::kCreateVm, m.name);
  }
  ADD_FAILURE() << "no machine " << group << "/" << index;
  return "";
}

TEST(MachinesTest, NamesAreStableAndChangeWithTheMachineConfig) {
  spec::ClusterSpec spec = Load(kLab);
  std::vector<Machine> a = DesiredMachines(spec);
  std::vector<Machine> b = DesiredMachines(Load(kLab));
  ASSERT_EQ(a.size(), 5u);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].name, b[i].name);
  EXPECT_THAT(a[0].name, ::testing::MatchesRegex("lab-cp-[0-9a-f]{5}-0"));
  EXPECT_THAT(a[4].name, ::testing::MatchesRegex("lab-md-0-[0-9a-f]{5}-1"));
  std::string bigger = kLab;
  Replace(bigger, "osFamily: bottlerocket, memoryMiB: 8192",
          "osFamily: bottlerocket, memoryMiB: 16384");
  std::vector<Machine> c = DesiredMachines(Load(bigger));
  EXPECT_EQ(c[0].name, a[0].name);  // control plane untouched
  EXPECT_NE(c[3].name, a[3].name);  // workers renamed
  EXPECT_NE(c[3].config_hash, a[3].config_hash);
}

TEST(CreateWorkflowTest, SeedSpecHasEveryStepOfTheArchitecture) {
  spec::ClusterSpec spec = Load(SeedText());
  absl::StatusOr<dag::Graph> g = BuildCreateWorkflow(spec);
  ASSERT_TRUE(g.ok()) << g.status();
  std::vector<Machine> machines = DesiredMachines(spec);
  ASSERT_EQ(machines.size(), 6u);  // 1 etcd, 2 control plane, 3 workers
  std::vector<std::string> kinds;
  for (const dag::TaskSpec& t : g->tasks()) kinds.push_back(t.kind);
  for (const char* k : {kind::kValidateSpec,
                        kind::kPreflightVCenter,
                        kind::kPreflightMachineConfig,
                        kind::kPreflightCapacity,
                        kind::kPreflightEndpoint,
                        kind::kPreflightGitOps,
                        kind::kGeneratePki,
                        kind::kBootstrapClusterInit,
                        kind::kInstallCapiBootstrap,
                        kind::kApplyClusterObjects,
                        kind::kCreateVm,
                        kind::kWaitControlPlane,
                        kind::kInstallCni,
                        kind::kInstallCapiWorkload,
                        kind::kWaitNodesReady,
                        kind::kCapiManagementMove,
                        kind::kInstallEksaComponents,
                        kind::kGitOpsCommitConfig,
                        kind::kGitOpsInstallFlux,
                        kind::kWriteClusterArtifacts,
                        kind::kDeleteBootstrapCluster,
                        kind::kCollectDiagnostics}) {
    EXPECT_THAT(kinds, Contains(std::string(k)));
  }
  // The seed names its templates, so nothing is imported.
  EXPECT_THAT(kinds, Not(Contains(std::string(kind::kEnsureTemplate))));
  EXPECT_THAT(IdsOfKind(*g, kind::kPreflightMachineConfig),
              UnorderedElementsAre("preflight-machine-config[homelab]",
                                   "preflight-machine-config[homelab-cp]",
                                   "preflight-machine-config[homelab-etcd]"));
  EXPECT_EQ(g->Find("preflight-vcenter[192.168.31.2]")->pool, "vsphere:192.168.31.2");
  const std::string etcd = Vm(machines, "etcd", 0), cp0 = Vm(machines, "cp", 0),
                    cp1 = Vm(machines, "cp", 1);
  EXPECT_THAT(g->DependenciesOf(cp0), Contains(etcd));
  EXPECT_THAT(g->DependenciesOf("wait-control-plane"), ElementsAre(cp0));
  EXPECT_THAT(g->DependenciesOf(cp1), ElementsAre("wait-control-plane"));
  for (int i = 0; i < 3; ++i) {
    EXPECT_THAT(g->DependenciesOf(Vm(machines, "md-0", i)), ElementsAre("wait-control-plane"));
  }
  EXPECT_THAT(g->DependenciesOf("gitops-commit-config"),
              UnorderedElementsAre("install-eksa-components", "preflight-gitops"));
  EXPECT_TRUE(g->Find(kind::kCollectDiagnostics)->on_failure);
  EXPECT_EQ(g->Find(etcd)->params.at("role"), "etcd");
  EXPECT_EQ(g->Find(etcd)->timeout, absl::Hours(1));    // --external-etcd-wait-timeout
  EXPECT_EQ(g->Find(cp1)->timeout, absl::Minutes(10));  // --per-machine-wait-timeout
}

// External etcd members join one at a time through the first one (etcdadm join needs a running
// member's address, known only once that member has booted and reported its IP).
TEST(CreateWorkflowTest, EtcdMembersAreCreatedOneAfterAnother) {
  std::string text = SeedText();
  Replace(text, "externalEtcdConfiguration:\n    count: 1",
          "externalEtcdConfiguration:\n    count: 3");
  spec::ClusterSpec spec = Load(text);
  absl::StatusOr<dag::Graph> g = BuildCreateWorkflow(spec);
  ASSERT_TRUE(g.ok()) << g.status();
  std::vector<Machine> machines = DesiredMachines(spec);
  const std::string e0 = Vm(machines, "etcd", 0), e1 = Vm(machines, "etcd", 1),
                    e2 = Vm(machines, "etcd", 2);
  EXPECT_THAT(g->DependenciesOf(e1), ElementsAre(e0));
  EXPECT_THAT(g->DependenciesOf(e2), ElementsAre(e1));
  EXPECT_THAT(g->DependenciesOf(Vm(machines, "cp", 0)), Contains(e2));
  EXPECT_THAT(g->DependenciesOf(Vm(machines, "cp", 0)), Not(Contains(e0)));
  EXPECT_THAT(Ancestors(*g, e0), Contains("generate-pki"));
}

TEST(CreateWorkflowTest, NothingIsCreatedBeforeEveryPreflightPassed) {
  spec::ClusterSpec spec = Load(SeedText());
  absl::StatusOr<dag::Graph> g = BuildCreateWorkflow(spec);
  ASSERT_TRUE(g.ok()) << g.status();
  std::vector<std::string> creators = IdsOfKind(*g, kind::kCreateVm);
  creators.push_back("bootstrap-cluster-init");
  for (const std::string& id : creators) {
    EXPECT_THAT(Ancestors(*g, id),
                IsSupersetOf({"preflight-capacity", "preflight-endpoint", "preflight-gitops",
                              "preflight-vcenter[192.168.31.2]",
                              "preflight-machine-config[homelab]", "validate-spec"}))
        << id;
  }
}

TEST(CreateWorkflowTest, ControlPlaneJoinsAreSerialAndWorkersParallel) {
  spec::ClusterSpec spec = Load(kLab);
  absl::StatusOr<dag::Graph> g = BuildCreateWorkflow(spec, {.skip_ip_check = true});
  ASSERT_TRUE(g.ok()) << g.status();
  std::vector<Machine> machines = DesiredMachines(spec);
  const std::string cp0 = Vm(machines, "cp", 0), cp1 = Vm(machines, "cp", 1),
                    cp2 = Vm(machines, "cp", 2);
  EXPECT_THAT(g->DependenciesOf(cp1), Contains("wait-control-plane"));
  EXPECT_THAT(g->DependenciesOf(cp2), Contains(cp1));
  EXPECT_THAT(Ancestors(*g, Vm(machines, "md-0", 1)), Not(Contains(Vm(machines, "md-0", 0))));
  EXPECT_THAT(Ancestors(*g, Vm(machines, "md-0", 0)), Not(Contains(cp1)));
  // Stacked etcd: no etcd machines; --skip-ip-check drops the endpoint check; no gitops.
  EXPECT_EQ(g->Find("preflight-endpoint"), nullptr);
  EXPECT_EQ(g->Find("preflight-gitops"), nullptr);
  EXPECT_EQ(machines.size(), 5u);
}

TEST(CreateWorkflowTest, OneTemplateImportPerOsAndVersionFeedsEveryMachineThatNeedsIt) {
  spec::ClusterSpec spec = Load(kLab);
  absl::StatusOr<dag::Graph> g = BuildCreateWorkflow(spec);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_THAT(IdsOfKind(*g, kind::kEnsureTemplate),
              ElementsAre("ensure-template[bottlerocket-1.31]"));
  EXPECT_THAT(
      g->DependenciesOf("ensure-template[bottlerocket-1.31]"),
      UnorderedElementsAre("preflight-machine-config[lab-cp]", "preflight-machine-config[lab-md]"));
  for (const std::string& vm : IdsOfKind(*g, kind::kCreateVm)) {
    EXPECT_THAT(g->DependenciesOf(vm), Contains("ensure-template[bottlerocket-1.31]")) << vm;
  }
}

TEST(CreateWorkflowTest, CriticalPathRunsThroughTheMachines) {
  spec::ClusterSpec spec = Load(SeedText());
  absl::StatusOr<dag::Graph> g = BuildCreateWorkflow(spec);
  ASSERT_TRUE(g.ok()) << g.status();
  absl::StatusOr<dag::CriticalPath> path = g->ComputeCriticalPath();
  ASSERT_TRUE(path.ok()) << path.status();
  std::vector<Machine> machines = DesiredMachines(spec);
  EXPECT_THAT(path->task_ids, IsSupersetOf({Vm(machines, "etcd", 0), Vm(machines, "cp", 0),
                                            std::string("wait-control-plane")}));
  EXPECT_EQ(path->task_ids.front(), "validate-spec");
  EXPECT_EQ(path->task_ids.back(), "delete-bootstrap-cluster");
}

TEST(CreateWorkflowTest, RejectsASpecWithoutCluster) {
  EXPECT_THAT(BuildCreateWorkflow(spec::ClusterSpec{}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("one Cluster")));
}

ClusterState Existing(const std::string& text) {
  ClusterState s{.spec = Load(text), .machines = {}};
  s.machines = DesiredMachines(s.spec);
  return s;
}

TEST(UpgradeWorkflowTest, ScaleUpCreatesOnlyTheNewWorker) {
  ClusterState current = Existing(kLab);
  std::string text = kLab;
  Replace(text, "count: 2", "count: 3");
  spec::ClusterSpec desired = Load(text);
  absl::StatusOr<dag::Graph> g = BuildUpgradeWorkflow(current, desired, "lab.yaml");
  ASSERT_TRUE(g.ok()) << g.status();
  std::vector<Machine> machines = DesiredMachines(desired);
  EXPECT_THAT(IdsOfKind(*g, kind::kCreateVm), ElementsAre(Vm(machines, "md-0", 2)));
  EXPECT_THAT(IdsOfKind(*g, kind::kDestroyVm), ::testing::IsEmpty());
  EXPECT_THAT(Ancestors(*g, Vm(machines, "md-0", 2)), Contains("preflight-capacity"));
  // It joins with a fresh token that the cluster knows before the machine boots.
  EXPECT_THAT(g->DependenciesOf(Vm(machines, "md-0", 2)), Contains("register-join-token"));
  EXPECT_THAT(g->DependenciesOf("register-join-token"), ElementsAre("generate-pki"));
}

TEST(UpgradeWorkflowTest, ScaleDownDrainsThenDestroysTheHighestIndex) {
  ClusterState current = Existing(kLab);
  std::string text = kLab;
  Replace(text, "count: 2", "count: 1");
  absl::StatusOr<dag::Graph> g = BuildUpgradeWorkflow(current, Load(text), "lab.yaml");
  ASSERT_TRUE(g.ok()) << g.status();
  std::string gone = current.machines.back().name;
  EXPECT_THAT(IdsOfKind(*g, kind::kCreateVm), ::testing::IsEmpty());
  EXPECT_THAT(IdsOfKind(*g, kind::kDestroyVm), ElementsAre("destroy-vm[" + gone + "]"));
  EXPECT_THAT(g->DependenciesOf("power-off-vm[" + gone + "]"),
              ElementsAre("drain-node[" + gone + "]"));
  EXPECT_THAT(g->DependenciesOf("destroy-vm[" + gone + "]"),
              ElementsAre("power-off-vm[" + gone + "]"));
}

TEST(UpgradeWorkflowTest, ChangedMachineConfigReplacesItsWorkersBeforeRetiringTheOldOnes) {
  ClusterState current = Existing(kLab);
  std::string text = kLab;
  Replace(text, "osFamily: bottlerocket, memoryMiB: 8192",
          "osFamily: bottlerocket, memoryMiB: 16384");
  spec::ClusterSpec desired = Load(text);
  absl::StatusOr<dag::Graph> g = BuildUpgradeWorkflow(current, desired, "lab.yaml");
  ASSERT_TRUE(g.ok()) << g.status();
  std::vector<Machine> machines = DesiredMachines(desired);
  std::vector<std::string> new_vms = {Vm(machines, "md-0", 0), Vm(machines, "md-0", 1)};
  EXPECT_THAT(IdsOfKind(*g, kind::kCreateVm), UnorderedElementsAre(new_vms[0], new_vms[1]));
  for (const Machine& old : current.machines) {
    if (old.role != Role::kWorker) continue;
    EXPECT_THAT(Ancestors(*g, "destroy-vm[" + old.name + "]"), IsSupersetOf(new_vms)) << old.name;
  }
  EXPECT_EQ(g->Find(TaskId(kind::kDestroyVm, current.machines[0].name)), nullptr);  // cp stays
}

TEST(UpgradeWorkflowTest, ControlPlaneIsReplacedOneMachineAtATime) {
  ClusterState current = Existing(kLab);
  std::string text = kLab;
  Replace(text, "metadata: {name: lab-cp}\nspec: {datastore: /DC0/datastore/LocalDS_0",
          "metadata: {name: lab-cp}\nspec: {numCPUs: 4, datastore: /DC0/datastore/LocalDS_0");
  spec::ClusterSpec desired = Load(text);
  absl::StatusOr<dag::Graph> g = BuildUpgradeWorkflow(current, desired, "lab.yaml");
  ASSERT_TRUE(g.ok()) << g.status();
  std::vector<Machine> machines = DesiredMachines(desired);
  // new cp-1 waits until the first old control-plane machine is destroyed, and so on.
  EXPECT_THAT(Ancestors(*g, Vm(machines, "cp", 1)),
              Contains("destroy-vm[" + current.machines[0].name + "]"));
  EXPECT_THAT(Ancestors(*g, Vm(machines, "cp", 2)),
              Contains("destroy-vm[" + current.machines[1].name + "]"));
  EXPECT_THAT(Ancestors(*g, "drain-node[" + current.machines[0].name + "]"),
              Contains(Vm(machines, "cp", 0)));
}

// A changed etcd machine config: each new member joins, then one old member leaves the etcd
// cluster (remove-etcd-member) before its machine is powered off; one at a time.
TEST(UpgradeWorkflowTest, EtcdMembersAreReplacedOneAtATimeAndRemovedBeforePowerOff) {
  std::string seed = SeedText();
  Replace(seed, "externalEtcdConfiguration:\n    count: 1",
          "externalEtcdConfiguration:\n    count: 3");
  ClusterState current = Existing(seed);
  std::string text = seed;
  const size_t etcd_config = text.find("name: homelab-etcd\n  namespace: default\n");
  ASSERT_NE(etcd_config, std::string::npos);
  text.replace(text.find("numCPUs: 2", etcd_config), 10, "numCPUs: 4");
  spec::ClusterSpec desired = Load(text);
  absl::StatusOr<dag::Graph> g = BuildUpgradeWorkflow(current, desired, "homelab.yaml");
  ASSERT_TRUE(g.ok()) << g.status();
  std::vector<Machine> machines = DesiredMachines(desired);
  std::vector<std::string> old;
  for (const Machine& m : current.machines) {
    if (m.role == Role::kEtcd) old.push_back(m.name);
  }
  ASSERT_EQ(old.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    const std::string remove = "remove-etcd-member[" + old[i] + "]";
    ASSERT_NE(g->Find(remove), nullptr) << remove;
    EXPECT_EQ(g->Find(remove)->pool, kLocalPool);
    EXPECT_THAT(g->DependenciesOf("power-off-vm[" + old[i] + "]"), ElementsAre(remove));
    EXPECT_THAT(Ancestors(*g, remove), Contains(Vm(machines, "etcd", i)));
    if (i > 0) {
      EXPECT_THAT(Ancestors(*g, Vm(machines, "etcd", i)),
                  Contains("destroy-vm[" + old[i - 1] + "]"));
    }
  }
  EXPECT_EQ(g->Find("drain-node[" + old[0] + "]"), nullptr);  // etcd machines are not nodes
}

TEST(UpgradeWorkflowTest, ImmutableFieldChangesAreRefusedWithTheirPosition) {
  ClusterState current = Existing(kLab);
  std::string text = kLab;
  Replace(text, "endpoint: {host: 127.0.0.10}", "endpoint: {host: 127.0.0.11}");
  Replace(text, "cidrBlocks: [192.168.0.0/16]", "cidrBlocks: [192.168.0.0/17]");
  EXPECT_THAT(
      BuildUpgradeWorkflow(current, Load(text), "lab.yaml"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               ::testing::AllOf(
                   HasSubstr("lab.yaml:9:25: error: spec.clusterNetwork.pods.cidrBlocks: is "
                             "immutable"),
                   HasSubstr("lab.yaml:13:22: error: spec.controlPlaneConfiguration.endpoint.host: "
                             "is immutable"))));
}

TEST(UpgradeWorkflowTest, KubernetesVersionMovesOneMinorAtATime) {
  ClusterState current = Existing(kLab);
  std::string skip = kLab;
  Replace(skip, "kubernetesVersion: \"1.31\"", "kubernetesVersion: \"1.33\"");
  EXPECT_THAT(BuildUpgradeWorkflow(current, Load(skip), "lab.yaml"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("can move from 1.31 only to the next minor version (1.32)")));
  std::string next = kLab;
  Replace(next, "kubernetesVersion: \"1.31\"", "kubernetesVersion: \"1.32\"");
  absl::StatusOr<dag::Graph> g = BuildUpgradeWorkflow(current, Load(next), "lab.yaml");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(IdsOfKind(*g, kind::kCreateVm).size(), 5u);  // every machine is replaced
  EXPECT_EQ(IdsOfKind(*g, kind::kDestroyVm).size(), 5u);
  // The new version's template is imported before any replacement is cloned.
  EXPECT_THAT(IdsOfKind(*g, kind::kEnsureTemplate),
              ElementsAre("ensure-template[bottlerocket-1.32]"));
  for (const std::string& vm : IdsOfKind(*g, kind::kCreateVm)) {
    EXPECT_THAT(g->DependenciesOf(vm), Contains("ensure-template[bottlerocket-1.32]")) << vm;
  }
}

TEST(UpgradeWorkflowTest, UnchangedSpecIsUpToDate) {
  ClusterState current = Existing(kLab);
  EXPECT_THAT(
      BuildUpgradeWorkflow(current, Load(kLab), "lab.yaml"),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("cluster lab is up to date")));
}

TEST(DeleteWorkflowTest, DestroysEveryMachineInParallelThenForgetsTheCluster) {
  ClusterState current = Existing(SeedText());
  absl::StatusOr<dag::Graph> g = BuildDeleteWorkflow(current);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(IdsOfKind(*g, kind::kDestroyVm).size(), current.machines.size());
  for (const Machine& m : current.machines) {
    EXPECT_THAT(g->DependenciesOf("power-off-vm[" + m.name + "]"),
                ElementsAre("preflight-vcenter[192.168.31.2]"));
  }
  EXPECT_THAT(g->DependenciesOf("update-cluster-record"),
              UnorderedElementsAre("delete-cluster-artifacts", "gitops-remove-config"));
}

}  // namespace
}  // namespace eksa::planner::workflows
