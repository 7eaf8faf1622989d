#include "services/planner/workflows/machines.h"

#include <cstdint>
#include <cstdio>

namespace eksa::planner::workflows {
namespace {

// FNV-1a, 32 bits: tiny, stable and good enough to tell machine configs apart in a name.
uint32_t Fnv1a(const std::string& text) {
  uint32_t h = 2166136261u;
  for (unsigned char c : text) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

void Field(std::string& out, const char* key, const std::string& value) {
  out.append(key).append("=").append(value).append("\n");
}

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kEtcd:
      return "etcd";
    case Role::kControlPlane:
      return "control-plane";
    case Role::kWorker:
      return "worker";
  }
  return "worker";
}

std::string ConfigHash(const spec::VSphereMachineConfig& m, const std::string& kube_version) {
  std::string canonical;
  Field(canonical, "kubernetesVersion", kube_version);
  Field(canonical, "datastore", m.datastore.value);
  Field(canonical, "folder", m.folder.value);
  Field(canonical, "resourcePool", m.resource_pool.value);
  Field(canonical, "template", m.template_.value);
  Field(canonical, "storagePolicyName", m.storage_policy_name.value);
  Field(canonical, "cloneMode", m.clone_mode.value);
  Field(canonical, "diskGiB", std::to_string(m.disk_gib.value));
  Field(canonical, "memoryMiB", std::to_string(m.memory_mib.value));
  Field(canonical, "numCPUs", std::to_string(m.num_cpus.value));
  Field(canonical, "osFamily", m.os_family.value);
  for (const spec::UserConfiguration& u : m.users) {
    Field(canonical, "user", u.name.value);
    for (const auto& key : u.ssh_authorized_keys) Field(canonical, "sshAuthorizedKey", key.value);
  }
  for (const auto& tag : m.tag_ids) Field(canonical, "tag", tag.value);
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", Fnv1a(canonical));
  return std::string(hex, 5);
}

const spec::VSphereMachineConfig* FindMachineConfig(const spec::ClusterSpec& spec,
                                                    const std::string& name) {
  for (const spec::VSphereMachineConfig& m : spec.machines) {
    if (m.header.metadata.name.value == name) return &m;
  }
  return nullptr;
}

std::vector<Machine> DesiredMachines(const spec::ClusterSpec& spec) {
  std::vector<Machine> out;
  if (spec.clusters.empty()) return out;
  const spec::Cluster& c = spec.clusters[0];
  const std::string& cluster = c.header.metadata.name.value;
  auto add = [&](Role role, const std::string& group, const std::string& config_name, int64_t count,
                 const std::string& version) {
    const spec::VSphereMachineConfig* config = FindMachineConfig(spec, config_name);
    if (config == nullptr) return;  // a validated spec always resolves
    std::string hash = ConfigHash(*config, version);
    for (int i = 0; i < count; ++i) {
      out.push_back(Machine{.name = cluster + "-" + group + "-" + hash + "-" + std::to_string(i),
                            .role = role,
                            .group = group,
                            .index = i,
                            .machine_config = config_name,
                            .config_hash = hash,
                            .kubernetes_version = version});
    }
  };
  const std::string& version = c.kubernetes_version.value;
  if (c.external_etcd.present) {
    add(Role::kEtcd, "etcd", c.external_etcd.machine_group_ref.name.value,
        c.external_etcd.count.value, version);
  }
  add(Role::kControlPlane, "cp", c.control_plane.machine_group_ref.name.value,
      c.control_plane.count.value, version);
  for (const spec::WorkerNodeGroup& g : c.worker_node_groups) {
    const std::string& v = g.kubernetes_version.set ? g.kubernetes_version.value : version;
    add(Role::kWorker, g.name.value, g.machine_group_ref.name.value, g.count.value, v);
  }
  return out;
}

}  // namespace eksa::planner::workflows
