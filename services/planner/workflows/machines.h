// The machines a cluster spec asks for, with stable names.
//
// A machine's name is `<cluster>-<role or group>-<config hash>-<index>`, e.g.
// `homelab-md-0-3f2a1-0`. The 5-hex-digit hash covers everything that defines the machine's
// image and size (its VSphereMachineConfig spec and the Kubernetes version it runs), so:
//  - the same spec always yields the same names (task ids and agent request ids stay stable
//    across a planner restart);
//  - changing a machine config or a version yields new names, and an upgrade is the set
//    difference between the desired machines and the machines that exist: create the new ones,
//    drain and destroy the old ones. Scaling a group changes only the indices.
#pragma once

#include <string>
#include <vector>

#include "libs/spec/model.h"

namespace eksa::planner::workflows {

enum class Role { kEtcd, kControlPlane, kWorker };
std::string_view RoleName(Role role);  // "etcd", "control-plane", "worker"

struct Machine {
  std::string name;  // the VM name and the node's hostname
  Role role = Role::kWorker;
  std::string group;           // "etcd", "cp" or the worker group's name
  int index = 0;               // 0-based within the group
  std::string machine_config;  // VSphereMachineConfig name
  std::string config_hash;     // 5 hex digits, see above
  std::string kubernetes_version;
};

// The machines of `spec`'s first Cluster in creation order: etcd, control plane, then each worker
// group. Requires a spec that validated without errors.
std::vector<Machine> DesiredMachines(const spec::ClusterSpec& spec);

// The 5-hex-digit hash of a machine config's spec and the Kubernetes version (FNV-1a over a
// canonical rendering; stable across runs and platforms).
std::string ConfigHash(const spec::VSphereMachineConfig& config, const std::string& kube_version);

// Finds a machine config by name; nullptr if absent.
const spec::VSphereMachineConfig* FindMachineConfig(const spec::ClusterSpec& spec,
                                                    const std::string& name);

}  // namespace eksa::planner::workflows
