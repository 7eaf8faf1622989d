// The bootstrap userdata of one machine of create-vm, rendered with services/planner/userdata
// from the PKI generate-pki produced (read back from its "secret." outputs).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "libs/spec/model.h"
#include "services/planner/pki/secret.h"
#include "services/planner/tasks/task_env.h"

namespace eksa::planner::tasks {

struct MachineToBoot {
  std::string name;
  std::string role;                // workflows::RoleName: "etcd", "control-plane", "worker"
  int index = 0;                   // within its group
  std::string kubernetes_version;  // the spec's "1.31"
  const spec::VSphereMachineConfig* config = nullptr;
};

// Role: etcd → etcd member; the first control-plane machine of a create → kubeadm init; every
// other control-plane machine (all of them in an upgrade) → kubeadm join --control-plane;
// workers → kubeadm join. External etcd members are every etcd machine of the spec, addressed by
// the IP their create-vm reported (or the cluster record holds), else by name.
// kFailedPrecondition when generate-pki's outputs are missing or lack what the role needs (a
// control-plane join in an upgrade of a cluster whose CA keys the store does not hold);
// kInvalidArgument from RenderUserData.
absl::StatusOr<pki::Secret> RenderMachineUserData(const TaskEnv& env, const MachineToBoot& machine);

}  // namespace eksa::planner::tasks
