// ensure-template[<os>-<version>] (vSphere agent): EnsureTemplate for a machine config that names
// no template: adopt or import the OVA for that OS and Kubernetes version. Output "template" is
// the path create-vm clones from. The OVA URL, its checksum, the EKS-D release and EKS-A's
// template name come from the versions bundle: placeholders until the planner reads one
// (cluster_values.h), so a real agent can only adopt a template of the placeholder name today.
#include <string>

#include "libs/common/status_macros.h"
#include "services/planner/tasks/cluster_values.h"
#include "services/planner/tasks/task_env.h"

namespace eksa::planner::tasks {

namespace v1 = eksa::vsphere::v1;

absl::StatusOr<dag::TaskOutputs> EnsureTemplate(TaskEnv& env) {
  EKSA_ASSIGN_OR_RETURN(std::string os, env.RequiredParam("osFamily"));
  EKSA_ASSIGN_OR_RETURN(std::string version, env.RequiredParam("kubernetesVersion"));
  // Placement: the first machine config of that OS that imports (names no template).
  const spec::VSphereMachineConfig* mc = nullptr;
  for (const spec::VSphereMachineConfig& m : env.op.spec.machines) {
    if (m.os_family.value == os && m.template_.value.empty() && mc == nullptr) mc = &m;
  }
  if (mc == nullptr) {
    return absl::FailedPreconditionError("no VSphereMachineConfig of osFamily " + os +
                                         " needs a template imported");
  }
  v1::EnsureTemplateRequest req;
  req.set_request_id(env.ctx.request_id());
  req.set_server(env.op.datacenter().server.value);
  req.set_datacenter(env.op.datacenter().datacenter.value);
  req.set_os_family(OsFamilyOf(os));
  req.set_kubernetes_version(version);
  req.set_eksd_release_name(PlaceholderEksdRelease(version));
  req.set_template_name(PlaceholderTemplateName(os, version));
  req.set_datastore(mc->datastore.value);
  req.set_resource_pool(mc->resource_pool.value);
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  EKSA_ASSIGN_OR_RETURN(
      v1::EnsureTemplateResponse resp,
      agent->Call<v1::EnsureTemplateResponse>(
          "EnsureTemplate", [&](grpc::ClientContext* c, v1::EnsureTemplateResponse* r, auto done) {
            agent->vsphere().async()->EnsureTemplate(c, &req, r, std::move(done));
          }));
  return dag::TaskOutputs{{"agent", agent->agent().id},
                          {"template", resp.template_().path()},
                          {"imported", resp.imported() ? "true" : "false"}};
}

}  // namespace eksa::planner::tasks
