// Cluster rules: name, endpoint, machine group refs, control-plane and etcd counts, worker
// groups, gitOpsRef, labels, certSans, versions (EKSA_REFERENCE §3.3 rows 1, 2, 4–6, 8, 9, 15,
// 17, 18).
#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include "libs/spec/net.h"
#include "libs/spec/validate_internal.h"

namespace eksa::spec::internal {
namespace {

constexpr size_t kMaxClusterNameLength = 35;

std::string ToLower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

void ValidateName(const Cluster& c, Diagnostics& diags) {
  const Value<std::string>& name = c.header.metadata.name;
  if (!Require(name, "metadata.name", diags, "name the cluster, e.g. metadata.name: homelab")) {
    return;
  }
  const std::string& n = name.value;
  bool ok = std::isalpha(static_cast<unsigned char>(n[0])) && n.size() >= 2;
  for (char ch : n) ok &= std::isalnum(static_cast<unsigned char>(ch)) || ch == '-';
  if (!ok) {
    diags.Error(name.pos, "metadata.name",
                "\"" + n + "\" is not a valid cluster name (^[a-zA-Z][a-zA-Z0-9-]+$)",
                "start with a letter and use only letters, digits and '-'");
  } else if (std::any_of(n.begin(), n.end(),
                         [](char ch) { return std::isupper(static_cast<unsigned char>(ch)); })) {
    // EKS-A's pattern allows capitals, but the name becomes Kubernetes object names and machine
    // hostnames, which must be lowercase: such a cluster fails late, at apply or node join.
    diags.Error(name.pos, "metadata.name",
                "\"" + n +
                    "\" has uppercase letters; it names Kubernetes objects and machine "
                    "hostnames, which must be lowercase",
                "use lowercase letters, e.g. " + ToLower(n));
  } else if (n.size() > kMaxClusterNameLength) {
    diags.Error(name.pos, "metadata.name",
                "is " + std::to_string(n.size()) +
                    " characters; at most 35 are allowed (kind "
                    "appends -eks-a-cluster-control-plane and a hostname has at most 64)",
                "shorten the cluster name");
  }
}

void ValidateRef(const Ref& ref, const std::string& field, const std::string& want_kind,
                 Diagnostics& diags) {
  if (!ref.present) {
    diags.Error(ref.pos, field, "is required",
                "add " + field.substr(field.rfind('.') + 1) + " with kind: " + want_kind +
                    " and the name of that object");
    return;
  }
  Require(ref.kind, field + ".kind", diags, "set kind: " + want_kind);
  Require(ref.name, field + ".name", diags, "set the name of the " + want_kind);
}

void ValidateControlPlane(const Cluster& c, Diagnostics& diags) {
  const ControlPlaneConfiguration& cp = c.control_plane;
  const std::string base = "spec.controlPlaneConfiguration";
  if (Require(cp.endpoint_host, base + ".endpoint.host", diags,
              "set the API server's static IP, outside the DHCP range, e.g. host: 10.0.0.10")) {
    const std::string& host = cp.endpoint_host.value;
    if (LooksLikeIpv6(host)) {
      diags.Error(cp.endpoint_host.pos, base + ".endpoint.host", "IPv6 endpoints are not supported",
                  "use an IPv4 address");
    } else if (!ParseIpv4(host)) {
      diags.Error(cp.endpoint_host.pos, base + ".endpoint.host",
                  "\"" + host +
                      "\" is not an IPv4 address; the control-plane endpoint is a "
                      "static IP that kube-vip announces",
                  "use an unused IPv4 address on the machines' network, without port or scheme");
    }
  }
  ValidateRef(cp.machine_group_ref, base + ".machineGroupRef", "VSphereMachineConfig", diags);
  if (!cp.count.set || cp.count.value <= 0) {
    diags.Error(cp.count.pos, base + ".count",
                cp.count.set ? "control plane node count must be positive" : "is required",
                "set count: 3 (or 1 for a lab)");
  } else if (!c.external_etcd.present) {
    if (cp.count.value % 2 == 0) {
      diags.Error(cp.count.pos, base + ".count",
                  "control plane node count cannot be an even number with stacked etcd",
                  "use 1, 3 or 5, or add externalEtcdConfiguration");
    } else if (cp.count.value != 3 && cp.count.value != 5) {
      diags.Warning(cp.count.pos, base + ".count",
                    "the recommended number of control plane nodes is 3 or 5",
                    "use 3 or 5 control plane nodes for a production cluster");
    }
  }
  ValidateLabels(cp.labels, base + ".labels", diags);
  for (size_t i = 0; i < cp.cert_sans.size(); ++i) {
    const Value<std::string>& san = cp.cert_sans[i];
    if (!ParseIpv4(san.value) && !LooksLikeIpv6(san.value) && !IsDnsName(san.value)) {
      diags.Error(san.pos, base + ".certSans[" + std::to_string(i) + "]",
                  "\"" + san.value + "\" is neither an IP address nor a domain name",
                  "give an IP address or a DNS name such as api.example.com");
    }
  }
  const UpgradeRolloutStrategy& s = cp.upgrade_rollout_strategy;
  if (s.present) {
    if (s.type.set && s.type.value == "InPlace") {
      diags.Error(s.type.pos, base + ".upgradeRolloutStrategy.type",
                  "InPlace upgrades are not supported by eksa yet", "use RollingUpdate");
    } else if (s.type.set && s.type.value != "RollingUpdate") {
      diags.Error(s.type.pos, base + ".upgradeRolloutStrategy.type",
                  "\"" + s.type.value + "\" is not a rollout strategy", "use RollingUpdate");
    }
    const Value<int64_t>& surge = s.rolling_update.max_surge;
    if (surge.set && surge.value != 0 && surge.value != 1) {
      diags.Error(surge.pos, base + ".upgradeRolloutStrategy.rollingUpdate.maxSurge",
                  "must be 0 or 1 for the control plane", "set maxSurge: 1");
    }
  }
}

void ValidateWorkerRollout(const WorkerNodeGroup& g, Diagnostics& diags) {
  const UpgradeRolloutStrategy& s = g.upgrade_rollout_strategy;
  if (!s.present) return;
  std::string base = g.path + ".upgradeRolloutStrategy";
  if (s.type.set && s.type.value == "InPlace") {
    diags.Error(s.type.pos, base + ".type", "InPlace upgrades are not supported by eksa yet",
                "use RollingUpdate");
    return;
  }
  if (s.type.set && s.type.value != "RollingUpdate") {
    diags.Error(s.type.pos, base + ".type", "\"" + s.type.value + "\" is not a rollout strategy",
                "use RollingUpdate");
    return;
  }
  const RollingUpdate& r = s.rolling_update;
  if (!r.present) {
    diags.Error(s.pos, base + ".rollingUpdate", "RollingUpdate needs rollingUpdate parameters",
                "add rollingUpdate with maxSurge and maxUnavailable");
    return;
  }
  if (r.max_surge.value < 0 || r.max_unavailable.value < 0) {
    diags.Error(r.pos, base + ".rollingUpdate", "maxSurge and maxUnavailable must not be negative",
                "use values of 0 or more");
  } else if (r.max_surge.value == 0 && r.max_unavailable.value == 0) {
    diags.Error(r.pos, base + ".rollingUpdate", "maxSurge and maxUnavailable cannot both be 0",
                "set maxSurge: 1");
  }
}

bool BlocksWorkloads(const std::vector<Taint>& taints) {
  for (const Taint& t : taints) {
    if (t.effect.value == "NoSchedule" || t.effect.value == "NoExecute") return true;
  }
  return false;
}

void ValidateTaints(const std::vector<Taint>& taints, const std::string& base, Diagnostics& diags) {
  for (size_t i = 0; i < taints.size(); ++i) {
    const Taint& t = taints[i];
    std::string field = base + ".taints[" + std::to_string(i) + "]";
    if (!Require(t.key, field + ".key", diags, "give the taint a key")) continue;
    if (!IsLabelKey(t.key.value)) {
      diags.Error(t.key.pos, field + ".key", "\"" + t.key.value + "\" is not a valid taint key",
                  "use the Kubernetes label key syntax");
    }
    const std::string& e = t.effect.value;
    if (e != "NoSchedule" && e != "PreferNoSchedule" && e != "NoExecute") {
      diags.Error(t.effect.pos, field + ".effect",
                  t.effect.set ? "\"" + e + "\" is not a taint effect" : "is required",
                  "use NoSchedule, PreferNoSchedule or NoExecute");
    }
  }
}

void ValidateWorkers(const Cluster& c, Diagnostics& diags) {
  const std::string base = "spec.workerNodeGroupConfigurations";
  if (c.worker_node_groups.empty()) {
    diags.Error(c.workers_pos, base, "at least one worker node group is required on vSphere",
                "add a group: - name: md-0, count: 2, machineGroupRef: {kind: "
                "VSphereMachineConfig, name: <machine config>}");
    return;
  }
  std::set<std::string> names;
  bool schedulable = false;
  int cp_minor = 0;
  bool cp_version = ParseKubeVersion(c.kubernetes_version.value, &cp_minor);
  for (const WorkerNodeGroup& g : c.worker_node_groups) {
    if (Require(g.name, g.path + ".name", diags, "name the group, e.g. md-1") &&
        !names.insert(g.name.value).second) {
      diags.Error(g.name.pos, g.path + ".name",
                  "worker node group name \"" + g.name.value + "\" is used twice",
                  "give every worker node group its own name");
    }
    if (g.count.value < 0) {
      diags.Error(g.count.pos, g.path + ".count", "worker node count must not be negative",
                  "set count: 1 or more");
    }
    ValidateRef(g.machine_group_ref, g.path + ".machineGroupRef", "VSphereMachineConfig", diags);
    const AutoscalingConfiguration& a = g.autoscaling;
    if (a.present) {
      if (a.min_count.value < 0 || a.min_count.value > a.max_count.value) {
        diags.Error(a.pos, g.path + ".autoscalingConfiguration",
                    "need 0 <= minCount <= maxCount, got minCount " +
                        std::to_string(a.min_count.value) + " and maxCount " +
                        std::to_string(a.max_count.value),
                    "set minCount no larger than maxCount");
      } else if (g.count.value < a.min_count.value || g.count.value > a.max_count.value) {
        diags.Error(g.count.pos, g.path + ".count",
                    "count " + std::to_string(g.count.value) +
                        " is outside the autoscaling "
                        "range " +
                        std::to_string(a.min_count.value) + ".." +
                        std::to_string(a.max_count.value),
                    "set count between minCount and maxCount");
      }
    }
    ValidateTaints(g.taints, g.path, diags);
    ValidateLabels(g.labels, g.path + ".labels", diags);
    ValidateWorkerRollout(g, diags);
    schedulable |= !BlocksWorkloads(g.taints);
    int minor = 0;
    if (g.kubernetes_version.set) {
      if (!ParseKubeVersion(g.kubernetes_version.value, &minor)) {
        diags.Error(g.kubernetes_version.pos, g.path + ".kubernetesVersion",
                    "\"" + g.kubernetes_version.value + "\" is not a Kubernetes version",
                    "write the minor version in quotes, e.g. kubernetesVersion: \"1.31\"");
      } else if (cp_version && (minor > cp_minor || cp_minor - minor > 2)) {
        diags.Error(g.kubernetes_version.pos, g.path + ".kubernetesVersion",
                    "worker version " + g.kubernetes_version.value +
                        " must be at most 2 minor "
                        "versions older than the control plane (" +
                        c.kubernetes_version.value + ") and not newer",
                    "use a version between 1." + std::to_string(cp_minor - 2) + " and 1." +
                        std::to_string(cp_minor));
      }
    }
  }
  if (!schedulable) {
    diags.Error(c.workers_pos, base,
                "every worker node group has a NoSchedule or NoExecute taint; a self-managed "
                "cluster needs one group that runs ordinary pods",
                "remove the taints from one worker node group");
  }
}

void ValidateEtcd(const Cluster& c, Diagnostics& diags) {
  const ExternalEtcdConfiguration& e = c.external_etcd;
  if (!e.present) return;
  const std::string base = "spec.externalEtcdConfiguration";
  ValidateRef(e.machine_group_ref, base + ".machineGroupRef", "VSphereMachineConfig", diags);
  if (!e.count.set || e.count.value <= 0) {
    diags.Error(e.count.pos, base + ".count",
                e.count.set ? "external etcd count must be positive" : "is required",
                "set count: 3");
  } else if (e.count.value % 2 == 0) {
    diags.Error(e.count.pos, base + ".count", "external etcd count cannot be an even number",
                "use 1, 3 or 5 (etcd needs a majority)");
  } else if (e.count.value != 3 && e.count.value != 5) {
    diags.Warning(e.count.pos, base + ".count",
                  "the recommended size of an external etcd cluster is 3 or 5",
                  "use 3 or 5 etcd members to survive the loss of a machine");
  }
}

void ValidateVersions(const Cluster& c, Diagnostics& diags) {
  int minor = 0;
  if (Require(c.kubernetes_version, "spec.kubernetesVersion", diags,
              "set kubernetesVersion: \"1.31\"") &&
      !ParseKubeVersion(c.kubernetes_version.value, &minor)) {
    diags.Error(c.kubernetes_version.pos, "spec.kubernetesVersion",
                "\"" + c.kubernetes_version.value + "\" is not a Kubernetes version",
                "write the minor version in quotes, e.g. kubernetesVersion: \"1.31\"");
  }
  if (c.eksa_version.set && c.bundles_ref.present) {
    diags.Error(c.eksa_version.pos, "spec.eksaVersion", "cannot be set together with bundlesRef",
                "remove bundlesRef (deprecated) and keep eksaVersion");
  }
  if (c.eksa_version.set) {
    std::string v = c.eksa_version.value;
    if (!v.empty() && v[0] == 'v') v.erase(0, 1);
    int parts = 0;
    bool ok = !v.empty();
    size_t i = 0;
    while (ok && i < v.size() && v[i] != '-' && v[i] != '+') {
      size_t start = i;
      while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) ++i;
      ok = i > start;
      ++parts;
      if (i < v.size() && v[i] == '.') ++i;
    }
    if (!ok || parts != 3) {
      diags.Error(c.eksa_version.pos, "spec.eksaVersion",
                  "\"" + c.eksa_version.value + "\" is not a semantic version",
                  "use the form v0.21.0");
    }
  }
}

}  // namespace

void ValidateCluster(const Cluster& c, Diagnostics& diags) {
  ValidateName(c, diags);
  ValidateVersions(c, diags);
  ValidateControlPlane(c, diags);
  ValidateEtcd(c, diags);
  ValidateTaints(c.control_plane.taints, "spec.controlPlaneConfiguration", diags);
  ValidateWorkers(c, diags);
  if (!c.datacenter_ref.present) {
    diags.Error(c.datacenter_ref.pos, "spec.datacenterRef", "is required",
                "add datacenterRef with kind: VSphereDatacenterConfig and its name");
  }
  if (c.git_ops_ref.present) {
    const Ref& r = c.git_ops_ref;
    // A kind other than FluxConfig or GitOpsConfig is reported when the reference is resolved
    // (validate_refs.cc), as for the other references.
    if (!r.kind.set) {
      diags.Error(r.kind.pos, "spec.gitOpsRef.kind", "is required",
                  "use kind: FluxConfig (or the older GitOpsConfig)");
    }
    Require(r.name, "spec.gitOpsRef.name", diags, "set the name of the FluxConfig");
  }
  const Value<std::string>& mgmt = c.management_cluster.name;
  if (mgmt.set && mgmt.value != c.header.metadata.name.value) {
    diags.Error(mgmt.pos, "spec.managementCluster.name",
                "workload clusters managed by another cluster are not supported by eksa yet",
                "set managementCluster.name to the cluster's own name (" +
                    c.header.metadata.name.value + ") to create a self-managed cluster");
  }
}

}  // namespace eksa::spec::internal
