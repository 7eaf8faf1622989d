// preflight-machine-config[config] (vSphere agent): CheckMachineConfig for the
// VSphereMachineConfig named by params.machineConfig; the folder is created when missing, as
// EKS-A's GetFolderPath does (not in a dry run). The template's tags are checked only for
// "os:<family>": the eksdRelease tag needs the versions bundle (placeholder, README.md).
#include <string>

#include "libs/common/status_macros.h"
#include "services/planner/operations/options.h"
#include "services/planner/tasks/checks.h"
#include "services/planner/tasks/cluster_values.h"
#include "services/planner/tasks/task_env.h"

namespace eksa::planner::tasks {

namespace v1 = eksa::vsphere::v1;

absl::StatusOr<dag::TaskOutputs> PreflightMachineConfig(TaskEnv& env) {
  EKSA_ASSIGN_OR_RETURN(std::string name, env.RequiredParam("machineConfig"));
  EKSA_ASSIGN_OR_RETURN(const spec::VSphereMachineConfig* mc, MachineConfig(env.op, name));
  v1::CheckMachineConfigRequest req;
  req.set_request_id(env.ctx.request_id());
  req.set_server(env.op.datacenter().server.value);
  req.set_datacenter(env.op.datacenter().datacenter.value);
  req.set_machine_config_name(name);
  req.set_datastore(mc->datastore.value);
  req.set_folder(mc->folder.value);
  req.set_resource_pool(mc->resource_pool.value);
  req.set_template_(mc->template_.value);
  req.set_os_family(OsFamilyOf(mc->os_family.value));
  if (!mc->template_.value.empty()) req.add_required_template_tags("os:" + mc->os_family.value);
  for (const auto& tag : mc->tag_ids) req.add_tag_ids(tag.value);
  req.set_storage_policy_name(mc->storage_policy_name.value);
  // EKS-A creates a missing folder during its preflight; a dry run changes nothing.
  absl::StatusOr<operations::OperationOptions> options =
      operations::OperationOptions::Parse(env.op.operation.options);
  req.set_create_missing_folder(!options.ok() || !options->dry_run);
  req.set_check_privileges(true);
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  EKSA_ASSIGN_OR_RETURN(
      v1::CheckMachineConfigResponse resp,
      agent->Call<v1::CheckMachineConfigResponse>(
          "CheckMachineConfig",
          [&](grpc::ClientContext* c, v1::CheckMachineConfigResponse* r, auto done) {
            agent->vsphere().async()->CheckMachineConfig(c, &req, r, std::move(done));
          }));
  EKSA_RETURN_IF_ERROR(
      ChecksPassed("checks of VSphereMachineConfig " + name, resp.checks(), env.ctx.logger()));
  return dag::TaskOutputs{
      {"agent", agent->agent().id},
      {"datastore-path", resp.datastore_path()},
      {"folder-path", resp.folder_path()},
      {"resource-pool-path", resp.resource_pool_path()},
      {"template", resp.template_().path()},
      {"template-has-snapshot", resp.template_().has_snapshot() ? "true" : "false"}};
}

}  // namespace eksa::planner::tasks
