// create-vm[machine] (vSphere agent): render the machine's userdata (machine_userdata.h), CreateVm
// (clone from the machine config's template or ensure-template's, with size, network, guestinfo
// userdata + metadata, powered on), then WaitForIp on the same agent. Outputs: vm (inventory
// path), moref, ip, created. The userdata holds keys and the token: it goes only into the request.
#include <cstdlib>
#include <string>

#include "libs/common/status_macros.h"
#include "services/planner/tasks/cluster_values.h"
#include "services/planner/tasks/machine_userdata.h"
#include "services/planner/tasks/task_env.h"
#include "services/planner/userdata/userdata.h"
#include "services/planner/workflows/tasks.h"

namespace eksa::planner::tasks {
namespace {

namespace v1 = eksa::vsphere::v1;

// The machine config's template; else the one ensure-template imported in this operation; else
// (an upgrade, whose DAG has no ensure-template) where ensure-template puts it: EnsureTemplate's
// default folder and the deterministic name, so an earlier import is found by the agent.
std::string TemplateFor(const TaskEnv& env, const MachineToBoot& m) {
  if (!m.config->template_.value.empty()) return m.config->template_.value;
  const std::string& os = m.config->os_family.value;
  absl::StatusOr<std::string> imported = env.ctx.Output(
      workflows::TaskId(workflows::kind::kEnsureTemplate, os + "-" + m.kubernetes_version),
      "template");
  if (imported.ok()) return *imported;
  return "/" + env.op.datacenter().datacenter.value + "/vm/Templates/" +
         PlaceholderTemplateName(os, m.kubernetes_version);
}

absl::StatusOr<v1::CreateVmRequest> Request(const TaskEnv& env, const MachineToBoot& m) {
  const spec::VSphereMachineConfig& mc = *m.config;
  v1::CreateVmRequest req;
  req.set_request_id(env.ctx.request_id());
  req.set_server(env.op.datacenter().server.value);
  req.set_datacenter(env.op.datacenter().datacenter.value);
  req.set_vm_name(m.name);
  req.set_folder(mc.folder.value);
  req.set_datastore(mc.datastore.value);
  req.set_resource_pool(mc.resource_pool.value);
  req.add_networks(env.op.datacenter().network.value);
  req.set_template_(TemplateFor(env, m));
  req.set_num_cpus(static_cast<int32_t>(mc.num_cpus.value));
  req.set_memory_mib(mc.memory_mib.value);
  req.set_disk_gib(mc.disk_gib.value);
  // Unset: the agent, which sees the template, applies EKS-A's rule (proto CloneMode).
  req.set_clone_mode(mc.clone_mode.value == "linkedClone" ? v1::CLONE_MODE_LINKED
                     : mc.clone_mode.value == "fullClone" ? v1::CLONE_MODE_FULL
                                                          : v1::CLONE_MODE_UNSPECIFIED);
  req.set_storage_policy_name(mc.storage_policy_name.value);
  for (const auto& tag : mc.tag_ids) req.add_tag_ids(tag.value);
  // The cluster tag: ListVms finds the cluster's machines by it, whatever their names or folders.
  req.add_tags(std::string(kClusterTagCategory) + ":" + env.op.name());
  EKSA_ASSIGN_OR_RETURN(pki::Secret userdata, RenderMachineUserData(env, m));
  req.set_userdata(userdata.Reveal());
  req.set_metadata(userdata::RenderMetadata(m.name));
  req.set_power_on(true);
  return req;
}

}  // namespace

absl::StatusOr<dag::TaskOutputs> CreateVm(TaskEnv& env) {
  MachineToBoot m{.role = env.Param("role"), .kubernetes_version = env.Param("kubernetesVersion")};
  EKSA_ASSIGN_OR_RETURN(m.name, env.RequiredParam("machine"));
  m.index = std::atoi(env.Param("index").c_str());
  EKSA_ASSIGN_OR_RETURN(std::string config, env.RequiredParam("machineConfig"));
  EKSA_ASSIGN_OR_RETURN(m.config, MachineConfig(env.op, config));
  EKSA_ASSIGN_OR_RETURN(v1::CreateVmRequest req, Request(env, m));
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  EKSA_ASSIGN_OR_RETURN(
      v1::CreateVmResponse created,
      agent->Call<v1::CreateVmResponse>(
          "CreateVm", [&](grpc::ClientContext* c, v1::CreateVmResponse* r, auto done) {
            agent->vsphere().async()->CreateVm(c, &req, r, std::move(done));
          }));
  v1::WaitForIpRequest wait;
  wait.set_server(req.server());
  wait.set_datacenter(req.datacenter());
  wait.mutable_vm()->set_path(created.vm().path());
  EKSA_ASSIGN_OR_RETURN(
      v1::WaitForIpResponse ip,
      agent->Call<v1::WaitForIpResponse>(
          "WaitForIp", [&](grpc::ClientContext* c, v1::WaitForIpResponse* r, auto done) {
            agent->vsphere().async()->WaitForIp(c, &wait, r, std::move(done));
          }));
  return dag::TaskOutputs{{"agent", agent->agent().id},
                          {"vm", created.vm().path()},
                          {"moref", created.vm().moref()},
                          {"ip", ip.ip()},
                          {"created", created.created() ? "true" : "false"}};
}

}  // namespace eksa::planner::tasks
