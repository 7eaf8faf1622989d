// power-off-vm[machine] and destroy-vm[machine] (vSphere agent): PowerOffVm (graceful, the agent's
// default timeout) then DestroyVm, by the VM path the cluster record holds; without one, by moref,
// else by "<folder>/<name>" with the folder of the machine's group in the operation's spec.
// A VM that is already gone is fine for both (a retried or resumed delete).
#include <string>

#include "libs/common/status_macros.h"
#include "services/planner/tasks/cluster_values.h"
#include "services/planner/tasks/task_env.h"

namespace eksa::planner::tasks {
namespace {

namespace v1 = eksa::vsphere::v1;

// The machine config of the record machine's group in the operation's spec, if any.
std::string FolderOf(const OperationSpec& op, const store::MachineRecord& m) {
  const spec::Cluster& c = op.cluster();
  std::string config = c.control_plane.machine_group_ref.name.value;
  if (m.role == store::MachineRole::kEtcd) config = c.external_etcd.machine_group_ref.name.value;
  for (const spec::WorkerNodeGroup& g : c.worker_node_groups) {
    if (m.role == store::MachineRole::kWorker && g.name.value == m.node_group) {
      config = g.machine_group_ref.name.value;
    }
  }
  absl::StatusOr<const spec::VSphereMachineConfig*> mc = MachineConfig(op, config);
  return mc.ok() ? (*mc)->folder.value : "";
}

absl::StatusOr<v1::VmRef> VmRefOf(const TaskEnv& env) {
  EKSA_ASSIGN_OR_RETURN(std::string name, env.RequiredParam("machine"));
  store::MachineRecord machine{.name = name};
  if (env.op.record.has_value()) {
    for (const store::MachineRecord& m : env.op.record->machines) {
      if (m.name == name) machine = m;
    }
  }
  v1::VmRef ref;
  if (!machine.vm_path.empty()) {
    ref.set_path(machine.vm_path);
  } else if (!machine.moref.empty()) {
    ref.set_moref(machine.moref);
  } else {
    ref.set_path(VmPath(env.op.datacenter(), FolderOf(env.op, machine), name));
  }
  return ref;
}

}  // namespace

absl::StatusOr<dag::TaskOutputs> PowerOffVm(TaskEnv& env) {
  v1::PowerOffVmRequest req;
  req.set_request_id(env.ctx.request_id());
  req.set_server(env.op.datacenter().server.value);
  req.set_datacenter(env.op.datacenter().datacenter.value);
  EKSA_ASSIGN_OR_RETURN(*req.mutable_vm(), VmRefOf(env));
  req.set_graceful(true);
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  absl::StatusOr<v1::PowerOffVmResponse> resp = agent->Call<v1::PowerOffVmResponse>(
      "PowerOffVm", [&](grpc::ClientContext* c, v1::PowerOffVmResponse* r, auto done) {
        agent->vsphere().async()->PowerOffVm(c, &req, r, std::move(done));
      });
  if (!resp.ok() && resp.status().code() != absl::StatusCode::kNotFound) return resp.status();
  return dag::TaskOutputs{{"agent", agent->agent().id},
                          {"vm", req.vm().path().empty() ? req.vm().moref() : req.vm().path()},
                          {"existed", resp.ok() ? "true" : "false"}};
}

absl::StatusOr<dag::TaskOutputs> DestroyVm(TaskEnv& env) {
  v1::DestroyVmRequest req;
  req.set_request_id(env.ctx.request_id());
  req.set_server(env.op.datacenter().server.value);
  req.set_datacenter(env.op.datacenter().datacenter.value);
  EKSA_ASSIGN_OR_RETURN(*req.mutable_vm(), VmRefOf(env));
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  EKSA_ASSIGN_OR_RETURN(
      v1::DestroyVmResponse resp,
      agent->Call<v1::DestroyVmResponse>(
          "DestroyVm", [&](grpc::ClientContext* c, v1::DestroyVmResponse* r, auto done) {
            agent->vsphere().async()->DestroyVm(c, &req, r, std::move(done));
          }));
  return dag::TaskOutputs{{"agent", agent->agent().id},
                          {"vm", req.vm().path().empty() ? req.vm().moref() : req.vm().path()},
                          {"existed", resp.existed() ? "true" : "false"}};
}

}  // namespace eksa::planner::tasks
