#include "services/planner/workflows/delete.h"

#include <string>

#include "services/planner/workflows/tasks.h"

namespace eksa::planner::workflows {

absl::StatusOr<dag::Graph> BuildDeleteWorkflow(const ClusterState& current) {
  if (current.spec.clusters.empty() || current.spec.datacenters.empty()) {
    return absl::FailedPreconditionError(
        "building the delete workflow: the cluster record holds no Cluster and datacenter");
  }
  const std::string server = current.spec.datacenters[0].server.value;
  const std::string vsphere = VSpherePool(server);
  GraphBuilder b;
  const std::string vcenter = b.Add(kind::kPreflightVCenter, server, vsphere, {{"server", server}});
  const std::string artifacts = b.Add(kind::kDeleteClusterArtifacts, "", kLocalPool);
  for (const Machine& m : current.machines) {
    std::string off = b.Add(kind::kPowerOffVm, m.name, vsphere, {{"machine", m.name}});
    b.Edge(vcenter, off);
    std::string destroy = b.Add(kind::kDestroyVm, m.name, vsphere, {{"machine", m.name}});
    b.Edge(off, destroy);
    b.Edge(destroy, artifacts);
  }
  if (current.machines.empty()) b.Edge(vcenter, artifacts);
  const std::string record =
      b.Add(kind::kUpdateClusterRecord, "", kLocalPool, {{"mode", "delete"}});
  b.Edge(artifacts, record);
  if (current.spec.clusters[0].git_ops_ref.present) {
    const std::string remove = b.Add(kind::kGitOpsRemoveConfig, "", kGitOpsPool);
    b.Edge(remove, record);
  }
  b.Add(kind::kCollectDiagnostics, "", kBootstrapPool);
  return std::move(b).Finish();
}

}  // namespace eksa::planner::workflows
