// drain-node[machine] and delete-node[machine] (bootstrap agent), around an upgrade retiring a
// control-plane or worker machine: DrainNode on the workload cluster (cordon, evict the pods as
// `kubectl drain --ignore-daemonsets --delete-emptydir-data`) before the machine is powered off,
// and DrainNode with delete_node after it is destroyed, so no NotReady Node object stays behind
// (what CAPI's machine controller does). A node that does not exist is fine either way.
#include <string>

#include "libs/common/status_macros.h"
#include "services/planner/tasks/cluster_values.h"
#include "services/planner/tasks/task_env.h"

namespace eksa::planner::tasks {
namespace {

namespace v1 = eksa::bootstrap::v1;

absl::StatusOr<dag::TaskOutputs> CallDrainNode(TaskEnv& env, bool delete_node) {
  EKSA_ASSIGN_OR_RETURN(std::string node, env.RequiredParam("machine"));
  v1::DrainNodeRequest req;
  req.set_request_id(env.ctx.request_id());
  EKSA_ASSIGN_OR_RETURN(*req.mutable_target()->mutable_kubeconfig(), WorkloadKubeconfig(env));
  req.set_node_name(node);
  req.set_delete_node(delete_node);
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  EKSA_ASSIGN_OR_RETURN(
      v1::DrainNodeResponse resp,
      agent->Call<v1::DrainNodeResponse>(
          "DrainNode", [&](grpc::ClientContext* c, v1::DrainNodeResponse* r, auto done) {
            agent->bootstrap().async()->DrainNode(c, &req, r, std::move(done));
          }));
  dag::TaskOutputs out{
      {"agent", agent->agent().id}, {"node", node}, {"existed", resp.existed() ? "true" : "false"}};
  if (!delete_node) out["evicted-pods"] = std::to_string(resp.evicted_pods());
  return out;
}

}  // namespace

absl::StatusOr<dag::TaskOutputs> DrainNode(TaskEnv& env) { return CallDrainNode(env, false); }

absl::StatusOr<dag::TaskOutputs> DeleteNode(TaskEnv& env) { return CallDrainNode(env, true); }

}  // namespace eksa::planner::tasks
