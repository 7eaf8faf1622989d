// Waits on the new cluster through its admin kubeconfig (bootstrap agent, WaitFor):
//  - wait-control-plane (pool "local" in the DAG; the planner does not dial the endpoint itself,
//    the bootstrap agent does, from where the clusters are reachable): the API server answers and
//    serves its core API, `kubectl wait --for=condition=Available apiservice/v1.`.
//  - wait-nodes-ready: each machine of the spec that is a node (etcd members are not) has a Node
//    that is Ready, one WaitFor per node so a node that has not registered yet is waited for too.
// Timeouts are the attempt's deadline (the task's timeout, e.g. --control-plane-wait-timeout).
#include <string>

#include "libs/common/status_macros.h"
#include "services/planner/tasks/cluster_values.h"
#include "services/planner/tasks/task_env.h"
#include "services/planner/workflows/machines.h"

namespace eksa::planner::tasks {
namespace {

namespace v1 = eksa::bootstrap::v1;

absl::Status Wait(AgentSession& agent, const v1::WaitForRequest& req) {
  return agent
      .Call<v1::WaitForResponse>("WaitFor",
                                 [&](grpc::ClientContext* c, v1::WaitForResponse* r, auto done) {
                                   agent.bootstrap().async()->WaitFor(c, &req, r, std::move(done));
                                 })
      .status();
}

}  // namespace

absl::StatusOr<dag::TaskOutputs> WaitControlPlane(TaskEnv& env) {
  v1::WaitForRequest req;
  EKSA_ASSIGN_OR_RETURN(*req.mutable_target()->mutable_kubeconfig(), WorkloadKubeconfig(env));
  req.mutable_resource()->set_api_version("apiregistration.k8s.io/v1");
  req.mutable_resource()->set_kind("apiservices");
  req.mutable_resource()->set_name("v1.");
  req.set_condition("Available");
  EKSA_ASSIGN_OR_RETURN(
      std::unique_ptr<AgentSession> agent,
      env.deps.agents.Open({.id = env.spec.id, .kind = env.spec.kind, .pool = "bootstrap"},
                           env.ctx));
  EKSA_RETURN_IF_ERROR(Wait(*agent, req));
  return dag::TaskOutputs{{"agent", agent->agent().id},
                          {"endpoint", env.op.cluster().control_plane.endpoint_host.value}};
}

absl::StatusOr<dag::TaskOutputs> WaitNodesReady(TaskEnv& env) {
  v1::WaitForRequest req;
  EKSA_ASSIGN_OR_RETURN(*req.mutable_target()->mutable_kubeconfig(), WorkloadKubeconfig(env));
  req.mutable_resource()->set_api_version("v1");
  req.mutable_resource()->set_kind("nodes");
  req.set_condition("Ready");
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  int nodes = 0;
  for (const workflows::Machine& m : workflows::DesiredMachines(env.op.spec)) {
    if (m.role == workflows::Role::kEtcd) continue;
    req.mutable_resource()->set_name(m.name);
    EKSA_RETURN_IF_ERROR(Wait(*agent, req));
    ++nodes;
  }
  return dag::TaskOutputs{{"agent", agent->agent().id}, {"ready-nodes", std::to_string(nodes)}};
}

}  // namespace eksa::planner::tasks
