#include "services/planner/workflows/create.h"

#include <map>
#include <string>
#include <vector>

#include "services/planner/workflows/machine_tasks.h"
#include "services/planner/workflows/machines.h"
#include "services/planner/workflows/tasks.h"

namespace eksa::planner::workflows {
absl::StatusOr<dag::Graph> BuildCreateWorkflow(const spec::ClusterSpec& spec,
                                               const CreateOptions& options) {
  if (spec.clusters.size() != 1 || spec.datacenters.empty()) {
    return absl::InvalidArgumentError(
        "building the create workflow: the spec must hold one "
        "Cluster and its VSphereDatacenterConfig");
  }
  const spec::Cluster& cluster = spec.clusters[0];
  const std::string vsphere = VSpherePool(spec.datacenters[0].server.value);
  const bool gitops = cluster.git_ops_ref.present;
  GraphBuilder b;

  // Validation and preflights: nothing is created before all of them pass.
  const std::string validate = b.Add(kind::kValidateSpec, "", kLocalPool);
  const std::string vcenter = b.Add(kind::kPreflightVCenter, spec.datacenters[0].server.value,
                                    vsphere, {{"server", spec.datacenters[0].server.value}});
  b.Edge(validate, vcenter);
  const std::string capacity = b.Add(kind::kPreflightCapacity, "", vsphere);
  std::vector<std::string> gates = {capacity};
  std::vector<Machine> machines = DesiredMachines(spec);
  const std::map<std::string, std::string> template_task =
      AddMachineConfigChecks(b, spec, machines, vsphere, vcenter, capacity);
  if (!options.skip_ip_check) {
    std::string endpoint = b.Add(kind::kPreflightEndpoint, "", kLocalPool,
                                 {{"host", cluster.control_plane.endpoint_host.value}});
    b.Edge(validate, endpoint);
    gates.push_back(endpoint);
  }
  std::string gitops_check;
  if (gitops) {
    gitops_check = b.Add(kind::kPreflightGitOps, "", kGitOpsPool);
    b.Edge(validate, gitops_check);
    gates.push_back(gitops_check);
  }
  const std::string pki = b.Add(kind::kGeneratePki, "", kLocalPool);
  b.Edge(validate, pki);

  // The kind bootstrap cluster holds the cluster's declarative record (paused CAPI objects).
  const std::string kind_init = b.Add(kind::kBootstrapClusterInit, "", kBootstrapPool);
  for (const std::string& g : gates) b.Edge(g, kind_init);
  const std::string capi_bootstrap = b.Add(kind::kInstallCapiBootstrap, "", kBootstrapPool);
  b.Edge(kind_init, capi_bootstrap);
  const std::string objects = b.Add(kind::kApplyClusterObjects, "", kBootstrapPool);
  b.Edge(capi_bootstrap, objects);

  // Machines.
  const std::string wait_cp =
      b.AddWithTimeout(kind::kWaitControlPlane, "", kLocalPool, options.control_plane_wait);
  std::vector<std::string> all_vms;
  std::string previous_etcd, previous_cp;
  for (const Machine& m : machines) {
    std::string vm = b.AddWithTimeout(
        kind::kCreateVm, m.name, vsphere,
        m.role == Role::kEtcd ? options.external_etcd_wait : options.per_machine_wait,
        MachineParams(m));
    all_vms.push_back(vm);
    if (auto t = template_task.find(m.name); t != template_task.end()) {
      b.Edge(t->second, vm);
    }
    switch (m.role) {
      case Role::kEtcd:  // one at a time: each member joins through the first one's IP
        if (previous_etcd.empty()) {
          for (const std::string& g : gates) b.Edge(g, vm);
          b.Edge(pki, vm);
        } else {
          b.Edge(previous_etcd, vm);
        }
        previous_etcd = vm;
        break;
      case Role::kControlPlane:
        if (m.index == 0) {
          for (const std::string& g : gates) b.Edge(g, vm);
          b.Edge(pki, vm);
          if (!previous_etcd.empty()) b.Edge(previous_etcd, vm);
          b.Edge(vm, wait_cp);
        } else {
          b.Edge(m.index == 1 ? wait_cp : previous_cp, vm);  // joins are serial
        }
        previous_cp = vm;
        break;
      case Role::kWorker:
        b.Edge(wait_cp, vm);
        break;
    }
  }

  // The workload cluster takes over.
  const std::string cni = b.Add(kind::kInstallCni, "", kBootstrapPool);
  b.Edge(wait_cp, cni);
  const std::string capi_workload = b.Add(kind::kInstallCapiWorkload, "", kBootstrapPool);
  b.Edge(wait_cp, capi_workload);
  b.Edge(capi_bootstrap, capi_workload);
  const std::string nodes_ready = b.Add(kind::kWaitNodesReady, "", kBootstrapPool);
  for (const std::string& vm : all_vms) b.Edge(vm, nodes_ready);
  b.Edge(cni, nodes_ready);
  const std::string move = b.Add(kind::kCapiManagementMove, "", kBootstrapPool);
  b.Edge(nodes_ready, move);
  b.Edge(capi_workload, move);
  b.Edge(objects, move);
  const std::string components = b.Add(kind::kInstallEksaComponents, "", kBootstrapPool);
  b.Edge(move, components);
  const std::string artifacts = b.Add(kind::kWriteClusterArtifacts, "", kLocalPool);
  b.Edge(components, artifacts);
  // The cluster record (desired spec, machines, kubeconfig) is what upgrade and delete start from.
  const std::string record = b.Add(kind::kUpdateClusterRecord, "", kLocalPool);
  b.Edge(artifacts, record);
  const std::string delete_kind = b.Add(kind::kDeleteBootstrapCluster, "", kBootstrapPool);
  b.Edge(record, delete_kind);
  if (gitops) {
    const std::string commit = b.Add(kind::kGitOpsCommitConfig, "", kGitOpsPool);
    b.Edge(components, commit);
    b.Edge(gitops_check, commit);
    const std::string flux = b.Add(kind::kGitOpsInstallFlux, "", kGitOpsPool);
    b.Edge(commit, flux);
    b.Edge(flux, delete_kind);
  }
  b.Add(kind::kCollectDiagnostics, "", kBootstrapPool);
  return std::move(b).Finish();
}

}  // namespace eksa::planner::workflows
