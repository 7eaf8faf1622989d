// drain-node[machine] (bootstrap agent), before an upgrade retires a machine. The bootstrap
// agent has no drain RPC yet, so this is a PLACEHOLDER that cordons the node: a server-side apply
// of spec.unschedulable=true to the Node (what `kubectl cordon` sets), through the cluster's
// admin kubeconfig. Evicting the pods (`kubectl drain --ignore-daemonsets
// --delete-emptydir-data`) and deleting the Node object after destroy-vm need a DrainNode RPC:
// see README.md. Caveat of the placeholder: applying to a Node that never registered creates an
// empty Node object.
#include <string>

#include "libs/common/status_macros.h"
#include "services/planner/tasks/cluster_values.h"
#include "services/planner/tasks/task_env.h"

namespace eksa::planner::tasks {

namespace v1 = eksa::bootstrap::v1;

absl::StatusOr<dag::TaskOutputs> DrainNode(TaskEnv& env) {
  EKSA_ASSIGN_OR_RETURN(std::string node, env.RequiredParam("machine"));
  v1::ApplyManifestsRequest req;
  req.set_request_id(env.ctx.request_id());
  EKSA_ASSIGN_OR_RETURN(*req.mutable_target()->mutable_kubeconfig(), WorkloadKubeconfig(env));
  req.set_manifests("apiVersion: v1\nkind: Node\nmetadata:\n  name: " + node +
                    "\nspec:\n  unschedulable: true\n");
  req.set_server_side(true);
  req.set_field_manager("eksa-drain");
  req.set_force_conflicts(true);
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  EKSA_RETURN_IF_ERROR(
      agent
          ->Call<v1::ApplyManifestsResponse>(
              "ApplyManifests",
              [&](grpc::ClientContext* c, v1::ApplyManifestsResponse* r, auto done) {
                agent->bootstrap().async()->ApplyManifests(c, &req, r, std::move(done));
              })
          .status());
  return dag::TaskOutputs{{"agent", agent->agent().id}, {"node", node}, {"cordoned", "true"}};
}

}  // namespace eksa::planner::tasks
