// Immutable fields of an upgrade (EKSA_REFERENCE §3.5 ValidateNewSpec, §3.6 immutable_fields.go).
#include <cstdio>
#include <string>

#include "services/planner/workflows/upgrade.h"

namespace eksa::planner::workflows {
namespace {

constexpr char kRecreate[] = "create a new cluster to change it, or revert the field";

template <typename T>
void Same(const spec::Value<T>& before, const spec::Value<T>& after, const std::string& field,
          spec::Diagnostics& diags) {
  if (before.value == after.value) return;
  diags.Error(after.pos, field, "is immutable; it cannot change after the cluster is created",
              kRecreate);
}

void SameList(const std::vector<spec::Value<std::string>>& before,
              const std::vector<spec::Value<std::string>>& after, spec::Position pos,
              const std::string& field, spec::Diagnostics& diags) {
  bool same = before.size() == after.size();
  for (size_t i = 0; same && i < before.size(); ++i) same = before[i].value == after[i].value;
  if (!same) {
    diags.Error(after.empty() ? pos : after[0].pos, field,
                "is immutable; it cannot change after the cluster is created", kRecreate);
  }
}

void CheckCluster(const spec::Cluster& b, const spec::Cluster& a, spec::Diagnostics& diags) {
  diags.SetObject("Cluster", a.header.metadata.name.value);
  Same(b.header.metadata.name, a.header.metadata.name, "metadata.name", diags);
  Same(b.header.metadata.namespace_, a.header.metadata.namespace_, "metadata.namespace", diags);
  Same(b.datacenter_ref.name, a.datacenter_ref.name, "spec.datacenterRef.name", diags);
  Same(b.control_plane.endpoint_host, a.control_plane.endpoint_host,
       "spec.controlPlaneConfiguration.endpoint.host", diags);
  const spec::ClusterNetwork& nb = b.cluster_network;
  const spec::ClusterNetwork& na = a.cluster_network;
  SameList(nb.pod_cidrs, na.pod_cidrs, na.pods_pos, "spec.clusterNetwork.pods.cidrBlocks", diags);
  SameList(nb.service_cidrs, na.service_cidrs, na.services_pos,
           "spec.clusterNetwork.services.cidrBlocks", diags);
  Same(nb.resolv_conf_path, na.resolv_conf_path, "spec.clusterNetwork.dns.resolvConf.path", diags);
  if (nb.cilium.present != na.cilium.present) {
    diags.Error(na.cni_config_pos, "spec.clusterNetwork.cniConfig", "the CNI is immutable",
                kRecreate);
  }
  Same(b.proxy.http_proxy, a.proxy.http_proxy, "spec.proxyConfiguration.httpProxy", diags);
  Same(b.proxy.https_proxy, a.proxy.https_proxy, "spec.proxyConfiguration.httpsProxy", diags);
  SameList(b.proxy.no_proxy, a.proxy.no_proxy, a.proxy.pos, "spec.proxyConfiguration.noProxy",
           diags);
  if (b.external_etcd.present != a.external_etcd.present) {
    diags.Error(a.external_etcd.present ? a.external_etcd.pos : a.header.pos,
                "spec.externalEtcdConfiguration",
                std::string(a.external_etcd.present ? "adding" : "removing") +
                    " external etcd is not possible after the cluster is created",
                kRecreate);
  }
  Same(b.git_ops_ref.name, a.git_ops_ref.name, "spec.gitOpsRef.name", diags);
  Same(b.management_cluster.name, a.management_cluster.name, "spec.managementCluster.name", diags);
  int before_minor = 0, after_minor = 0;
  if (std::sscanf(b.kubernetes_version.value.c_str(), "1.%d", &before_minor) == 1 &&
      std::sscanf(a.kubernetes_version.value.c_str(), "1.%d", &after_minor) == 1 &&
      (after_minor < before_minor || after_minor > before_minor + 1)) {
    diags.Error(a.kubernetes_version.pos, "spec.kubernetesVersion",
                "can move from " + b.kubernetes_version.value + " only to the next minor version " +
                    "(1." + std::to_string(before_minor + 1) + "), not to " +
                    a.kubernetes_version.value,
                "upgrade one minor version at a time; downgrades are not possible");
  }
}

}  // namespace

void CheckImmutableFields(const spec::ClusterSpec& current, const spec::ClusterSpec& desired,
                          spec::Diagnostics& diags) {
  if (current.clusters.empty() || desired.clusters.empty()) return;
  CheckCluster(current.clusters[0], desired.clusters[0], diags);
  if (!current.datacenters.empty() && !desired.datacenters.empty()) {
    const spec::VSphereDatacenterConfig& b = current.datacenters[0];
    const spec::VSphereDatacenterConfig& a = desired.datacenters[0];
    diags.SetObject("VSphereDatacenterConfig", a.header.metadata.name.value);
    Same(b.server, a.server, "spec.server", diags);
    Same(b.datacenter, a.datacenter, "spec.datacenter", diags);
    Same(b.network, a.network, "spec.network", diags);
  }
  for (const spec::VSphereMachineConfig& a : desired.machines) {
    const spec::VSphereMachineConfig* b = FindMachineConfig(current, a.header.metadata.name.value);
    if (b == nullptr) continue;
    diags.SetObject("VSphereMachineConfig", a.header.metadata.name.value);
    Same(b->os_family, a.os_family, "spec.osFamily", diags);
    Same(b->storage_policy_name, a.storage_policy_name, "spec.storagePolicyName", diags);
  }
  for (const spec::GitOpsObject& a : desired.gitops) {
    for (const spec::GitOpsObject& b : current.gitops) {
      if (b.header.metadata.name.value != a.header.metadata.name.value) continue;
      diags.SetObject(a.header.kind.value, a.header.metadata.name.value);
      const std::string base = a.spec_path;
      // GitOpsConfig keeps branch and path under spec.flux.github; FluxConfig directly in spec.
      const std::string settings = a.header.kind.value == "GitOpsConfig" ? base + ".github" : base;
      Same(b.flux.github.owner, a.flux.github.owner, base + ".github.owner", diags);
      Same(b.flux.github.repository, a.flux.github.repository, base + ".github.repository", diags);
      Same(b.flux.git.repository_url, a.flux.git.repository_url, base + ".git.repositoryUrl",
           diags);
      Same(b.flux.branch, a.flux.branch, settings + ".branch", diags);
      Same(b.flux.cluster_config_path, a.flux.cluster_config_path, settings + ".clusterConfigPath",
           diags);
    }
  }
  diags.SetObject("", "");
}

}  // namespace eksa::planner::workflows
