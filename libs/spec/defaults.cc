#include "libs/spec/defaults.h"

#include <string>

namespace eksa::spec {
namespace {

template <typename T>
void Default(Value<T>& v, T value) {
  if (v.set) return;
  v.value = std::move(value);
  v.defaulted = true;
}

// EKS-A's machine sizes are plain Go ints, so a written 0 is the same as unset there.
void DefaultSize(Value<int64_t>& v, int64_t value) {
  if (v.set && v.value != 0) return;
  v.value = value;
  v.defaulted = true;
}

void DefaultCluster(Cluster& c) {
  Default(c.header.metadata.namespace_, std::string("default"));
  if (!c.worker_node_groups.empty()) Default(c.worker_node_groups[0].name, std::string("md-0"));
  for (WorkerNodeGroup& g : c.worker_node_groups) {
    int64_t count = g.autoscaling.min_count.set ? g.autoscaling.min_count.value : 1;
    Default(g.count, count);
  }
  ClusterNetwork& n = c.cluster_network;
  if (n.cni.set && n.cni.value == "cilium" && !n.cni_config_present) {
    n.cni_config_present = true;
    n.cilium.present = true;
    n.cni_config_pos = n.cilium.pos = n.cni.pos;
  }
  Default(n.node_cidr_mask_size, int64_t{24});
  if (n.cilium.present) {
    Default(n.cilium.policy_enforcement_mode, std::string("default"));
    Default(n.cilium.routing_mode, std::string("overlay"));
  }
  Default(c.management_cluster.name, c.header.metadata.name.value);
  if (c.registry_mirror.present) Default(c.registry_mirror.port, std::string("443"));
}

void DefaultDatacenter(VSphereDatacenterConfig& dc, Diagnostics& diags) {
  Default(dc.header.metadata.namespace_, std::string("default"));
  if (dc.network.set && !dc.network.value.empty() && dc.network.value[0] != '/' &&
      !dc.datacenter.value.empty()) {
    dc.network.value = "/" + dc.datacenter.value + "/network/" + dc.network.value;
  }
  if (dc.insecure.value) {
    diags.Warning(dc.insecure.pos, "spec.insecure",
                  "insecure: true skips vCenter certificate verification; the connection can be "
                  "intercepted",
                  "set insecure: false and give the SHA-1 thumbprint (govc about.cert -thumbprint "
                  "-k) or trust the vCenter CA");
    if (dc.thumbprint.set && !dc.thumbprint.value.empty()) dc.thumbprint.value.clear();
  }
}

void RaiseTo(Value<int64_t>& v, int64_t minimum, const std::string& field, const std::string& why,
             Diagnostics& diags) {
  if (v.value >= minimum || v.value <= 0) return;  // non-positive values are a validation error
  if (v.set) {
    diags.Warning(
        v.pos, field,
        std::to_string(v.value) + " is raised to " + std::to_string(minimum) + " (" + why + ")",
        "set " + field.substr(field.rfind('.') + 1) + ": " + std::to_string(minimum) + " or more");
  }
  v.value = minimum;
}

}  // namespace

void ApplyDefaults(ClusterSpec& spec, Diagnostics& diags) {
  for (Cluster& c : spec.clusters) {
    diags.SetObject("Cluster", c.header.metadata.name.value);
    DefaultCluster(c);
  }
  for (VSphereDatacenterConfig& dc : spec.datacenters) {
    diags.SetObject("VSphereDatacenterConfig", dc.header.metadata.name.value);
    DefaultDatacenter(dc, diags);
  }
  for (VSphereMachineConfig& m : spec.machines) {
    diags.SetObject("VSphereMachineConfig", m.header.metadata.name.value);
    Default(m.header.metadata.namespace_, std::string("default"));
    DefaultSize(m.memory_mib, 8192);
    RaiseTo(m.memory_mib, 2048, "spec.memoryMiB", "the minimum for a node", diags);
    bool etcd = false;
    for (const Cluster& c : spec.clusters) {
      etcd |= c.external_etcd.present &&
              c.external_etcd.machine_group_ref.name.value == m.header.metadata.name.value;
    }
    if (etcd) RaiseTo(m.memory_mib, 8192, "spec.memoryMiB", "the minimum for etcd machines", diags);
    DefaultSize(m.num_cpus, 2);
    DefaultSize(m.disk_gib, 25);
    RaiseTo(m.disk_gib, 20, "spec.diskGiB", "the minimum for a node disk", diags);
    if (!m.os_family.set) {
      diags.Warning(m.os_family.pos, "spec.osFamily",
                    "osFamily not set; defaulting to bottlerocket",
                    "set osFamily: bottlerocket, ubuntu or redhat");
      Default(m.os_family, std::string("bottlerocket"));
    }
    std::string user = m.os_family.value == "bottlerocket" ? "ec2-user" : "capv";
    if (m.users.empty()) m.users.push_back(UserConfiguration{.pos = m.users_pos});
    Default(m.users[0].name, user);
  }
  for (GitOpsObject& g : spec.gitops) {
    diags.SetObject(g.header.kind.value, g.header.metadata.name.value);
    Default(g.header.metadata.namespace_, std::string("default"));
    Default(g.flux.branch, std::string("main"));
    Default(g.flux.system_namespace, std::string("flux-system"));
    if (!spec.clusters.empty()) {
      Default(g.flux.cluster_config_path,
              "clusters/" + spec.clusters[0].header.metadata.name.value);
    }
    if (g.flux.git.present) Default(g.flux.git.ssh_key_algorithm, std::string("ecdsa"));
  }
  diags.SetObject("", "");
}

}  // namespace eksa::spec
