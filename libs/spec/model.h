// The EKS Anywhere v1alpha1 model for vSphere clusters: Cluster, VSphereDatacenterConfig,
// VSphereMachineConfig, GitOpsConfig and FluxConfig (apiVersion
// anywhere.eks.amazonaws.com/v1alpha1).
//
// Every value carries where it was written (Value<T>::pos), so defaults and validations can
// report file:line:column. A value that was not written has set == false and the position of the
// map that should contain it; defaults fill `value` and set `defaulted`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "libs/spec/diagnostic.h"

namespace eksa::spec {

inline constexpr char kApiVersion[] = "anywhere.eks.amazonaws.com/v1alpha1";

template <typename T>
struct Value {
  T value{};
  Position pos;
  bool set = false;        // written in the file
  bool defaulted = false;  // filled in by ApplyDefaults
  bool has() const { return set || defaulted; }
};

struct ObjectMeta {
  Value<std::string> name;
  Value<std::string> namespace_;
  std::vector<std::pair<Value<std::string>, Value<std::string>>> annotations;
  std::vector<std::pair<Value<std::string>, Value<std::string>>> labels;
};

// Fields common to every object: where its document starts, its kind and metadata.
struct ObjectHeader {
  Position pos;
  Value<std::string> api_version;
  Value<std::string> kind;
  ObjectMeta metadata;
};

struct Ref {
  Position pos;  // the ref map itself (or its parent when absent)
  bool present = false;
  Value<std::string> kind;
  Value<std::string> name;
};

struct Taint {
  Position pos;
  Value<std::string> key;
  Value<std::string> value;
  Value<std::string> effect;
};

struct RollingUpdate {
  Position pos;
  bool present = false;
  Value<int64_t> max_surge;
  Value<int64_t> max_unavailable;
};

struct UpgradeRolloutStrategy {
  Position pos;
  bool present = false;
  Value<std::string> type;
  RollingUpdate rolling_update;
};

struct CiliumConfig {
  Position pos;
  bool present = false;
  Value<std::string> policy_enforcement_mode;
  Value<bool> skip_upgrade;
  Value<std::string> routing_mode;
  Value<std::string> ipv4_native_routing_cidr;
  Value<std::string> ipv6_native_routing_cidr;
  Value<std::string> egress_masquerade_interfaces;
};

struct ClusterNetwork {
  Position pos;
  Value<std::string> cni;  // deprecated single-string form
  bool cni_config_present = false;
  Position cni_config_pos;
  CiliumConfig cilium;
  bool kindnetd_present = false;
  Position kindnetd_pos;
  Position pods_pos;
  std::vector<Value<std::string>> pod_cidrs;
  Position services_pos;
  std::vector<Value<std::string>> service_cidrs;
  Value<int64_t> node_cidr_mask_size;
  Value<std::string> resolv_conf_path;
};

struct ControlPlaneConfiguration {
  Position pos;
  Value<int64_t> count;
  Value<std::string> endpoint_host;
  Ref machine_group_ref;
  std::vector<Taint> taints;
  std::vector<std::pair<Value<std::string>, Value<std::string>>> labels;
  std::vector<Value<std::string>> cert_sans;
  UpgradeRolloutStrategy upgrade_rollout_strategy;
};

struct AutoscalingConfiguration {
  Position pos;
  bool present = false;
  Value<int64_t> min_count;
  Value<int64_t> max_count;
};

struct WorkerNodeGroup {
  Position pos;
  std::string path;  // "spec.workerNodeGroupConfigurations[i]"
  Value<std::string> name;
  Value<int64_t> count;
  Ref machine_group_ref;
  AutoscalingConfiguration autoscaling;
  std::vector<Taint> taints;
  std::vector<std::pair<Value<std::string>, Value<std::string>>> labels;
  UpgradeRolloutStrategy upgrade_rollout_strategy;
  Value<std::string> kubernetes_version;
};

struct ExternalEtcdConfiguration {
  Position pos;
  bool present = false;
  Value<int64_t> count;
  Ref machine_group_ref;
};

struct ProxyConfiguration {
  Position pos;
  bool present = false;
  Value<std::string> http_proxy;
  Value<std::string> https_proxy;
  std::vector<Value<std::string>> no_proxy;
};

struct OciNamespace {
  Position pos;
  Value<std::string> registry;
  Value<std::string> namespace_;
};

struct RegistryMirrorConfiguration {
  Position pos;
  bool present = false;
  Value<std::string> endpoint;
  Value<std::string> port;
  std::vector<OciNamespace> oci_namespaces;
  Value<std::string> ca_cert_content;
  Value<bool> authenticate;
  Value<bool> insecure_skip_verify;
};

struct BundlesRef {
  Position pos;
  bool present = false;
  Value<std::string> name;
  Value<std::string> namespace_;
  Value<std::string> api_version;
};

struct Cluster {
  ObjectHeader header;
  Value<std::string> kubernetes_version;
  ClusterNetwork cluster_network;
  ControlPlaneConfiguration control_plane;
  Ref datacenter_ref;
  ExternalEtcdConfiguration external_etcd;
  Position workers_pos;
  std::vector<WorkerNodeGroup> worker_node_groups;
  Ref git_ops_ref;
  ProxyConfiguration proxy;
  RegistryMirrorConfiguration registry_mirror;
  Ref management_cluster;  // only `name`
  Value<std::string> eksa_version;
  BundlesRef bundles_ref;
};

struct VSphereDatacenterConfig {
  ObjectHeader header;
  Value<std::string> datacenter;
  Value<std::string> server;
  Value<std::string> network;
  Value<bool> insecure;
  Value<std::string> thumbprint;
};

struct UserConfiguration {
  Position pos;
  Value<std::string> name;
  std::vector<Value<std::string>> ssh_authorized_keys;
};

struct VSphereMachineConfig {
  ObjectHeader header;
  Value<std::string> datastore;
  Value<std::string> folder;
  Value<std::string> resource_pool;
  Value<std::string> template_;
  Value<std::string> storage_policy_name;
  Value<std::string> clone_mode;
  Value<int64_t> disk_gib;
  Value<int64_t> memory_mib;
  Value<int64_t> num_cpus;
  Value<std::string> os_family;
  Position users_pos;
  std::vector<UserConfiguration> users;
  std::vector<Value<std::string>> tag_ids;
};

// The flux provider block shared by GitOpsConfig (github only) and FluxConfig (github or git).
struct FluxGithub {
  Position pos;
  bool present = false;
  Value<std::string> owner;
  Value<std::string> repository;
  Value<bool> personal;
};

struct FluxGit {
  Position pos;
  bool present = false;
  Value<std::string> repository_url;
  Value<std::string> ssh_key_algorithm;
};

struct FluxSpec {
  Position pos;
  FluxGithub github;
  FluxGit git;
  Value<std::string> branch;
  Value<std::string> cluster_config_path;
  Value<std::string> system_namespace;
};

// Both GitOpsConfig (`spec.flux.github`, older) and FluxConfig (`spec.github|git`) map here.
struct GitOpsObject {
  ObjectHeader header;
  std::string spec_path;  // "spec.flux" for GitOpsConfig, "spec" for FluxConfig
  FluxSpec flux;
};

// Every object of one spec file, in file order within each kind.
struct ClusterSpec {
  std::vector<Cluster> clusters;
  std::vector<VSphereDatacenterConfig> datacenters;
  std::vector<VSphereMachineConfig> machines;
  std::vector<GitOpsObject> gitops;  // GitOpsConfig and FluxConfig
};

}  // namespace eksa::spec
