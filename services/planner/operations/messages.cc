#include "services/planner/operations/messages.h"

#include <map>

#include "services/planner/workflows/tasks.h"

namespace eksa::planner::operations {

std::string_view Qualifier(std::string_view task_id) {
  size_t open = task_id.find('[');
  if (open == std::string_view::npos || task_id.back() != ']') return "";
  return task_id.substr(open + 1, task_id.size() - open - 2);
}

std::string SuccessLine(std::string_view kind, std::string_view qualifier) {
  namespace k = workflows::kind;
  static const std::map<std::string, std::string, std::less<>> kLines = {
      {k::kValidateSpec, "Cluster spec validated"},
      {k::kPreflightVCenter,
       "Connected and authenticated to vSphere, datacenter and network "
       "validated:"},
      {k::kPreflightMachineConfig, "Datastore, folder and resource pool validated:"},
      {k::kPreflightCapacity, "Datastore space and resource pool memory are sufficient"},
      {k::kPreflightEndpoint, "Control plane endpoint is not in use"},
      {k::kPreflightGitOps, "Git provider access and Flux path validated"},
      {k::kGeneratePki, "Cluster certificates generated"},
      {k::kEnsureTemplate, "Template ready:"},
      {k::kBootstrapClusterInit, "Created new bootstrap cluster"},
      {k::kInstallCapiBootstrap, "Installed cluster-api providers on bootstrap cluster"},
      {k::kApplyClusterObjects, "Applied the cluster objects to the bootstrap cluster"},
      {k::kCreateVm, "Machine ready:"},
      {k::kWaitControlPlane, "Control plane is ready"},
      {k::kInstallCni, "Installed networking on workload cluster"},
      {k::kInstallCapiWorkload, "Installed cluster-api providers on workload cluster"},
      {k::kWaitNodesReady, "All nodes are ready"},
      {k::kCapiManagementMove, "Moved cluster management from bootstrap to workload cluster"},
      {k::kInstallEksaComponents, "Installed EKS-A components on workload cluster"},
      {k::kGitOpsCommitConfig, "Committed the cluster config to the Git repository"},
      {k::kGitOpsInstallFlux, "Installed the GitOps toolkit on workload cluster"},
      {k::kWriteClusterArtifacts, "Wrote the cluster config and kubeconfig"},
      {k::kDeleteBootstrapCluster, "Deleted bootstrap cluster"},
      {k::kCollectDiagnostics, "Collected diagnostics"},
      {k::kRegisterJoinToken, "Registered a fresh join token with the cluster"},
      {k::kDrainNode, "Drained node:"},
      {k::kPowerOffVm, "Powered off:"},
      {k::kDestroyVm, "Destroyed:"},
      {k::kUpdateClusterRecord, "Cluster record updated"},
      {k::kGitOpsRemoveConfig, "Removed the cluster config from the Git repository"},
      {k::kDeleteClusterArtifacts, "Deleted the local cluster files"},
  };
  auto it = kLines.find(kind);
  std::string line = it == kLines.end() ? std::string(kind) + " done" : it->second;
  // Lines ending in ':' name the machine, server or template the task was about.
  if (!qualifier.empty() && line.back() == ':') line += " " + std::string(qualifier);
  return line;
}

}  // namespace eksa::planner::operations
