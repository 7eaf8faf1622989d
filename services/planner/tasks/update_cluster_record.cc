// update-cluster-record (local): the cluster record upgrade and delete start from. Create and
// upgrade store the applied spec, every desired machine (from this operation's create-vm outputs,
// or as recorded when it already existed; retired machines drop out) and the admin kubeconfig
// (sealed by the store). mode=delete forgets the cluster.
#include <string>

#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/planner/tasks/cluster_values.h"
#include "services/planner/tasks/task_env.h"
#include "services/planner/workflows/machines.h"
#include "services/planner/workflows/tasks.h"

namespace eksa::planner::tasks {
namespace {

store::MachineRole RoleOf(workflows::Role role) {
  switch (role) {
    case workflows::Role::kEtcd:
      return store::MachineRole::kEtcd;
    case workflows::Role::kControlPlane:
      return store::MachineRole::kControlPlane;
    case workflows::Role::kWorker:
      return store::MachineRole::kWorker;
  }
  return store::MachineRole::kWorker;
}

absl::StatusOr<store::MachineRecord> MachineOf(const TaskEnv& env, const workflows::Machine& m) {
  store::MachineRecord r{.name = m.name,
                         .role = RoleOf(m.role),
                         .node_group = m.role == workflows::Role::kWorker ? m.group : ""};
  if (const dag::TaskOutputs* vm =
          env.ctx.OutputsOf(workflows::TaskId(workflows::kind::kCreateVm, m.name))) {
    auto get = [vm](const char* key) {
      auto it = vm->find(key);
      return it == vm->end() ? std::string() : it->second;
    };
    r.vm_path = get("vm");
    r.moref = get("moref");
    r.ip = get("ip");
    return r;
  }
  if (env.op.record.has_value()) {
    for (const store::MachineRecord& existing : env.op.record->machines) {
      if (existing.name == m.name) return existing;
    }
  }
  return absl::FailedPreconditionError("machine " + m.name +
                                       " was neither created by this operation nor recorded");
}

}  // namespace

absl::StatusOr<dag::TaskOutputs> DeleteClusterRecord(store::Store& store,
                                                     const std::string& cluster_name) {
  absl::Status s = store.DeleteCluster(cluster_name);
  if (!s.ok() && s.code() != absl::StatusCode::kNotFound) {
    return Annotate(s, "forgetting cluster " + cluster_name);
  }
  return dag::TaskOutputs{{"cluster", cluster_name}, {"deleted", s.ok() ? "true" : "false"}};
}

absl::StatusOr<dag::TaskOutputs> UpdateClusterRecord(TaskEnv& env) {
  if (env.Param("mode") == "delete") return DeleteClusterRecord(env.deps.store, env.op.name());
  store::ClusterRecord record{.name = env.op.name(), .spec_yaml = env.op.spec_yaml};
  for (const workflows::Machine& m : workflows::DesiredMachines(env.op.spec)) {
    EKSA_ASSIGN_OR_RETURN(store::MachineRecord machine, MachineOf(env, m));
    record.machines.push_back(std::move(machine));
  }
  EKSA_ASSIGN_OR_RETURN(record.kubeconfig, WorkloadKubeconfig(env));
  absl::Status s = env.deps.store.PutCluster(record);
  if (!s.ok()) return Annotate(s, "recording cluster " + env.op.name());
  return dag::TaskOutputs{{"cluster", env.op.name()},
                          {"machines", std::to_string(record.machines.size())}};
}

}  // namespace eksa::planner::tasks
