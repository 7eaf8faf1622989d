// preflight-vcenter[server] (vSphere agent): CheckVCenter with the VSphereDatacenterConfig
// (server, datacenter, thumbprint, insecure, network) and the user's privileges. The control-plane
// IP check is the planner's own preflight-endpoint task, so control_plane_ip stays empty here. A
// failed check is final (kFailedPrecondition with each check's remediation).
#include <string>

#include "libs/common/status_macros.h"
#include "services/planner/tasks/checks.h"
#include "services/planner/tasks/task_env.h"

namespace eksa::planner::tasks {

namespace v1 = eksa::vsphere::v1;

absl::StatusOr<dag::TaskOutputs> PreflightVCenter(TaskEnv& env) {
  const spec::VSphereDatacenterConfig& dc = env.op.datacenter();
  v1::CheckVCenterRequest req;
  req.set_server(dc.server.value);
  req.set_datacenter(dc.datacenter.value);
  req.set_thumbprint(dc.thumbprint.value);
  req.set_insecure(dc.insecure.value);
  req.add_networks(dc.network.value);
  req.set_check_privileges(true);
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  EKSA_ASSIGN_OR_RETURN(
      v1::CheckVCenterResponse resp,
      agent->Call<v1::CheckVCenterResponse>(
          "CheckVCenter", [&](grpc::ClientContext* c, v1::CheckVCenterResponse* r, auto done) {
            agent->vsphere().async()->CheckVCenter(c, &req, r, std::move(done));
          }));
  EKSA_RETURN_IF_ERROR(
      ChecksPassed("vCenter checks of " + dc.server.value, resp.checks(), env.ctx.logger()));
  return dag::TaskOutputs{{"agent", agent->agent().id},
                          {"server-thumbprint", resp.server_thumbprint()},
                          {"vcenter-version", resp.about().version()},
                          {"datacenter-path", resp.datacenter_path()}};
}

}  // namespace eksa::planner::tasks
