// Cluster API providers (bootstrap agent): install-capi-bootstrap (clusterctl init on the kind
// cluster), install-capi-workload (on the new cluster, through its admin kubeconfig) and
// capi-management-move (clusterctl move of eksa-system from kind to the new cluster). Providers:
// cluster-api, kubeadm bootstrap and control plane, vsphere, plus the etcdadm pair with external
// etcd, as EKS-A installs them; versions and component URLs are placeholders for the bundle.
#include <string>

#include "libs/common/status_macros.h"
#include "services/planner/tasks/cluster_values.h"
#include "services/planner/tasks/task_env.h"

namespace eksa::planner::tasks {
namespace {

namespace v1 = eksa::bootstrap::v1;

void SetProvider(v1::Provider* p, const char* name, const char* version) {
  p->set_name(name);
  p->set_version(version);
}

absl::StatusOr<dag::TaskOutputs> InstallProviders(TaskEnv& env, v1::ClusterTarget target) {
  v1::InstallProvidersRequest req;
  req.set_request_id(env.ctx.request_id());
  *req.mutable_target() = std::move(target);
  SetProvider(req.mutable_core(), "cluster-api", kPlaceholderCapiVersion);
  SetProvider(req.add_bootstrap(), "kubeadm", kPlaceholderCapiVersion);
  SetProvider(req.add_control_plane(), "kubeadm", kPlaceholderCapiVersion);
  SetProvider(req.add_infrastructure(), "vsphere", kPlaceholderCapvVersion);
  if (env.op.cluster().external_etcd.present) {
    SetProvider(req.add_bootstrap(), "etcdadm-bootstrap", kPlaceholderEtcdadmBootstrapVersion);
    SetProvider(req.add_control_plane(), "etcdadm-controller",
                kPlaceholderEtcdadmControllerVersion);
  }
  (*req.mutable_variables())["EXP_CLUSTER_RESOURCE_SET"] = "true";
  req.set_wait_providers(true);
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  EKSA_ASSIGN_OR_RETURN(
      v1::InstallProvidersResponse resp,
      agent->Call<v1::InstallProvidersResponse>(
          "InstallProviders",
          [&](grpc::ClientContext* c, v1::InstallProvidersResponse* r, auto done) {
            agent->bootstrap().async()->InstallProviders(c, &req, r, std::move(done));
          }));
  return dag::TaskOutputs{{"agent", agent->agent().id},
                          {"providers", std::to_string(resp.providers_size())},
                          {"already-installed", resp.already_installed() ? "true" : "false"}};
}

}  // namespace

absl::StatusOr<dag::TaskOutputs> InstallCapiBootstrap(TaskEnv& env) {
  v1::ClusterTarget target;
  target.set_bootstrap_cluster(KindClusterName(env.op.name()));
  return InstallProviders(env, std::move(target));
}

absl::StatusOr<dag::TaskOutputs> InstallCapiWorkload(TaskEnv& env) {
  v1::ClusterTarget target;
  EKSA_ASSIGN_OR_RETURN(*target.mutable_kubeconfig(), WorkloadKubeconfig(env));
  return InstallProviders(env, std::move(target));
}

absl::StatusOr<dag::TaskOutputs> CapiManagementMove(TaskEnv& env) {
  v1::MoveManagementRequest req;
  req.set_request_id(env.ctx.request_id());
  req.mutable_from_cluster()->set_bootstrap_cluster(KindClusterName(env.op.name()));
  EKSA_ASSIGN_OR_RETURN(*req.mutable_to_cluster()->mutable_kubeconfig(), WorkloadKubeconfig(env));
  req.set_namespace_("eksa-system");
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  EKSA_ASSIGN_OR_RETURN(
      v1::MoveManagementResponse resp,
      agent->Call<v1::MoveManagementResponse>(
          "MoveManagement", [&](grpc::ClientContext* c, v1::MoveManagementResponse* r, auto done) {
            agent->bootstrap().async()->MoveManagement(c, &req, r, std::move(done));
          }));
  return dag::TaskOutputs{{"agent", agent->agent().id},
                          {"moved-objects", std::to_string(resp.moved_objects())},
                          {"already-moved", resp.already_moved() ? "true" : "false"}};
}

}  // namespace eksa::planner::tasks
