// validate-spec (local): the spec was loaded and validated when the operation started, and again
// when the runner loaded it for this operation (operation_spec.cc: LoadSpec applies defaults and
// every validation); what is left is cheap: every machine resolves to its machine config, and
// the counts the later tasks will act on are reported.
#include <string>

#include "libs/common/status_macros.h"
#include "services/planner/tasks/cluster_values.h"
#include "services/planner/tasks/task_env.h"
#include "services/planner/workflows/machines.h"

namespace eksa::planner::tasks {

absl::StatusOr<dag::TaskOutputs> ValidateSpec(TaskEnv& env) {
  int etcd = 0, control_plane = 0, workers = 0;
  for (const workflows::Machine& m : workflows::DesiredMachines(env.op.spec)) {
    EKSA_RETURN_IF_ERROR(MachineConfig(env.op, m.machine_config).status());
    switch (m.role) {
      case workflows::Role::kEtcd:
        ++etcd;
        break;
      case workflows::Role::kControlPlane:
        ++control_plane;
        break;
      case workflows::Role::kWorker:
        ++workers;
        break;
    }
  }
  if (control_plane == 0) {
    return absl::InvalidArgumentError("cluster " + env.op.name() + " has no control-plane machine");
  }
  return dag::TaskOutputs{
      {"cluster", env.op.cluster().header.metadata.name.value},
      {"kubernetes-version", env.op.cluster().kubernetes_version.value},
      {"server", env.op.datacenter().server.value},
      {"etcd-machines", std::to_string(etcd)},
      {"control-plane-machines", std::to_string(control_plane)},
      {"worker-machines", std::to_string(workers)},
      {"machines", std::to_string(etcd + control_plane + workers)},
  };
}

}  // namespace eksa::planner::tasks
