// Table-driven tests of LoadSpec: each case edits the valid base spec (spec_test_util.h) and
// lists every diagnostic it must produce, with severity, line, column, field path and a part of
// the message. A case passes only when exactly these diagnostics are reported.
#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "libs/spec/spec.h"
#include "libs/spec/tests/spec_test_util.h"

namespace eksa::spec::testing {
namespace {

struct Case {
  std::string name;
  std::vector<Edit> edits;
  std::vector<Expected> expected;  // empty: the edited spec loads without any diagnostic
};

std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

// A machine config named `name`, appended (6 lines; the name is on line kEnd + 5, col 9).
Edit ExtraMachine(const std::string& name) {
  return Append(
      "---\n"
      "apiVersion: anywhere.eks.amazonaws.com/v1alpha1\n"
      "kind: VSphereMachineConfig\n"
      "metadata:\n"
      "  name: " +
      name +
      "\n"
      "spec:\n"
      "  datastore: /dc1/datastore/ds1\n"
      "  resourcePool: /dc1/host/c1/Resources\n"
      "  osFamily: bottlerocket");
}

const char kCp[] = "spec.controlPlaneConfiguration";
const char kMd0[] = "spec.workerNodeGroupConfigurations[0]";
const char kNet[] = "spec.clusterNetwork";
const char kCilium[] = "spec.clusterNetwork.cniConfig.cilium";
const char kEtcd[] = "spec.externalEtcdConfiguration";
const char kProxy[] = "spec.proxyConfiguration";
const char kMirror[] = "spec.registryMirrorConfiguration";

std::string F(const char* base, const std::string& rest) { return std::string(base) + rest; }

// A second worker group (4 lines at 30..33) named `name` ("" for none).
Edit SecondGroup(const std::string& name) {
  std::string first = name.empty() ? "  - count: 1\n" : "  - name: " + name + "\n";
  return Insert(30, first +
                        "    machineGroupRef:\n      kind: VSphereMachineConfig\n"
                        "      name: lab-md");
}

// A worker rollout strategy (inserted at 30, under the md-0 group).
Edit WorkerRollout(const std::string& lines) {
  return Insert(30, "    upgradeRolloutStrategy:\n" + lines);
}

const std::string kName35(35, 'a');

// --- The table. -----------------------------------------------------------------------------

const std::vector<Case> kCases = {
    {"base_is_valid", {}, {}},

    // Cluster name: ^[a-zA-Z][a-zA-Z0-9-]+$, at most 35 characters.
    {"cluster_name_with_underscore",
     {Replace(4, "  name: lab_1")},
     {Err(4, 9, "metadata.name", "\"lab_1\" is not a valid cluster name")}},
    {"cluster_name_starting_with_digit",
     {Replace(4, "  name: 1lab")},
     {Err(4, 9, "metadata.name", "is not a valid cluster name")}},
    {"cluster_name_with_uppercase",
     {Replace(4, "  name: Lab")},
     {Err(4, 9, "metadata.name", "has uppercase letters")}},
    {"cluster_name_of_35_chars_is_valid", {Replace(4, "  name: " + kName35)}, {}},
    {"cluster_name_of_36_chars",
     {Replace(4, "  name: " + kName35 + "b")},
     {Err(4, 9, "metadata.name", "is 36 characters; at most 35 are allowed")}},

    // Control-plane endpoint.
    {"endpoint_host_empty",
     {Replace(17, "      host: \"\"")},
     {Err(17, 13, F(kCp, ".endpoint.host"), "must not be empty")}},
    {"endpoint_missing", {Delete(16, 17)}, {Err(15, 5, F(kCp, ".endpoint.host"), "is required")}},
    {"endpoint_host_is_a_name",
     {Replace(17, "      host: vip.lab.example")},
     {Err(17, 13, F(kCp, ".endpoint.host"), "\"vip.lab.example\" is not an IPv4 address")}},
    {"endpoint_host_with_port",
     {Replace(17, "      host: 127.0.0.10:6443")},
     {Err(17, 13, F(kCp, ".endpoint.host"), "\"127.0.0.10:6443\" is not an IPv4 address")}},
    {"endpoint_host_ipv6",
     {Replace(17, "      host: \"fd00::10\"")},
     {Err(17, 13, F(kCp, ".endpoint.host"), "IPv6 endpoints are not supported")}},

    // machineGroupRef on the control plane, a worker group and external etcd.
    {"cp_machine_group_ref_missing",
     {Delete(18, 20)},
     {Err(15, 5, F(kCp, ".machineGroupRef"), "is required"),
      Warn(39, 7, "", "VSphereMachineConfig \"lab-cp\" is not referenced by the Cluster")}},
    {"worker_machine_group_ref_missing",
     {Delete(27, 29)},
     {Err(25, 5, F(kMd0, ".machineGroupRef"), "is required"),
      Warn(52, 7, "", "VSphereMachineConfig \"lab-md\" is not referenced by the Cluster")}},
    {"etcd_machine_group_ref_missing",
     {Insert(30, "  externalEtcdConfiguration:\n    count: 3")},
     {Err(31, 5, F(kEtcd, ".machineGroupRef"), "is required")}},

    // Control-plane count.
    {"cp_count_zero",
     {Replace(15, "    count: 0")},
     {Err(15, 12, F(kCp, ".count"), "control plane node count must be positive")}},
    {"cp_count_negative",
     {Replace(15, "    count: -1")},
     {Err(15, 12, F(kCp, ".count"), "control plane node count must be positive")}},
    {"cp_count_missing", {Delete(15)}, {Err(15, 5, F(kCp, ".count"), "is required")}},
    {"cp_count_even_with_stacked_etcd",
     {Replace(15, "    count: 2")},
     {Err(15, 12, F(kCp, ".count"), "cannot be an even number with stacked etcd")}},
    {"cp_count_1_with_stacked_etcd_warns",
     {Replace(15, "    count: 1")},
     {Warn(15, 12, F(kCp, ".count"), "the recommended number of control plane nodes is 3 or 5")}},
    {"cp_count_even_with_external_etcd_is_valid",
     {Replace(15, "    count: 2"), ExternalEtcd(3), Append(kEtcdMachine)},
     {}},

    // External etcd count.
    {"etcd_count_even",
     {ExternalEtcd(2), Append(kEtcdMachine)},
     {Err(31, 12, F(kEtcd, ".count"), "external etcd count cannot be an even number")}},
    {"etcd_count_1_warns",
     {ExternalEtcd(1), Append(kEtcdMachine)},
     {Warn(31, 12, F(kEtcd, ".count"),
           "the recommended size of an external etcd cluster is 3 or 5")}},
    {"etcd_count_zero",
     {ExternalEtcd(0), Append(kEtcdMachine)},
     {Err(31, 12, F(kEtcd, ".count"), "external etcd count must be positive")}},

    // Worker node groups.
    {"workers_empty",
     {Delete(25, 29), Replace(24, "  workerNodeGroupConfigurations: []")},
     {Err(24, 34, "spec.workerNodeGroupConfigurations",
          "at least one worker node group is required on vSphere"),
      Warn(50, 7, "", "VSphereMachineConfig \"lab-md\" is not referenced by the Cluster")}},
    {"first_worker_group_without_name_is_valid", {Replace(25, "  - count: 2"), Delete(26)}, {}},
    {"second_worker_group_without_name",
     {SecondGroup("")},
     {Err(30, 5, "spec.workerNodeGroupConfigurations[1].name", "is required")}},
    {"worker_group_names_duplicate",
     {SecondGroup("md-0")},
     {Err(30, 11, "spec.workerNodeGroupConfigurations[1].name",
          "worker node group name \"md-0\" is used twice")}},
    {"worker_count_negative",
     {Replace(26, "    count: -1")},
     {Err(26, 12, F(kMd0, ".count"), "worker node count must not be negative")}},
    {"autoscaling_min_above_max",
     {Insert(27, "    autoscalingConfiguration: {minCount: 3, maxCount: 1}")},
     {Err(27, 31, F(kMd0, ".autoscalingConfiguration"),
          "need 0 <= minCount <= maxCount, got minCount 3 and maxCount 1")}},
    {"worker_count_outside_autoscaling_range",
     {Insert(27, "    autoscalingConfiguration: {minCount: 3, maxCount: 5}")},
     {Err(26, 12, F(kMd0, ".count"), "count 2 is outside the autoscaling range 3..5")}},
    {"worker_rollout_in_place",
     {WorkerRollout("      type: InPlace")},
     {Err(31, 13, F(kMd0, ".upgradeRolloutStrategy.type"),
          "InPlace upgrades are not supported by eksa yet")}},
    {"worker_rollout_rolling_update_without_params",
     {WorkerRollout("      type: RollingUpdate")},
     {Err(31, 7, F(kMd0, ".upgradeRolloutStrategy.rollingUpdate"),
          "RollingUpdate needs rollingUpdate parameters")}},
    {"worker_rollout_both_zero",
     {WorkerRollout("      type: RollingUpdate\n"
                    "      rollingUpdate: {maxSurge: 0, maxUnavailable: 0}")},
     {Err(32, 22, F(kMd0, ".upgradeRolloutStrategy.rollingUpdate"),
          "maxSurge and maxUnavailable cannot both be 0")}},
    {"worker_rollout_negative",
     {WorkerRollout("      type: RollingUpdate\n"
                    "      rollingUpdate: {maxSurge: -1, maxUnavailable: 0}")},
     {Err(32, 22, F(kMd0, ".upgradeRolloutStrategy.rollingUpdate"),
          "maxSurge and maxUnavailable must not be negative")}},
    {"all_worker_groups_no_schedule",
     {Insert(30, "    taints:\n    - key: dedicated\n      effect: NoSchedule")},
     {Err(25, 3, "spec.workerNodeGroupConfigurations",
          "every worker node group has a NoSchedule or NoExecute taint")}},
    {"taint_effect_bad",
     {Insert(30, "    taints:\n    - key: dedicated\n      effect: NoRun")},
     {Err(32, 15, F(kMd0, ".taints[0].effect"), "\"NoRun\" is not a taint effect")}},
    {"cp_taint_effect_bad",
     {Insert(18,
             "    taints:\n    - key: node-role.kubernetes.io/control-plane\n"
             "      effect: NoRun")},
     {Err(20, 15, F(kCp, ".taints[0].effect"), "\"NoRun\" is not a taint effect")}},
    {"cp_taint_no_schedule_is_valid",
     {Insert(18,
             "    taints:\n    - key: node-role.kubernetes.io/control-plane\n"
             "      effect: NoSchedule")},
     {}},
    {"worker_label_key_bad",
     {Insert(30, "    labels:\n      team_: infra")},
     {Err(31, 7, F(kMd0, ".labels.team_"), "is not a valid Kubernetes label key")}},
    {"cp_label_value_bad",
     {Insert(18, "    labels:\n      team: \"infra team\"")},
     {Err(19, 13, F(kCp, ".labels.team"),
          "label value \"infra team\" is not a valid Kubernetes label value")}},

    // Worker kubernetesVersion against the control plane's 1.31.
    {"worker_version_newer_than_cp",
     {Insert(30, "    kubernetesVersion: \"1.32\"")},
     {Err(30, 24, F(kMd0, ".kubernetesVersion"),
          "worker version 1.32 must be at most 2 minor versions older than the control plane "
          "(1.31) and not newer")}},
    {"worker_version_3_minors_older",
     {Insert(30, "    kubernetesVersion: \"1.28\"")},
     {Err(30, 24, F(kMd0, ".kubernetesVersion"), "at most 2 minor versions older")}},
    {"worker_version_2_minors_older_is_valid", {Insert(30, "    kubernetesVersion: \"1.29\"")}, {}},

    // Networking: CNI.
    {"cni_config_kindnetd",
     {Replace(9, "      kindnetd: {}")},
     {Err(9, 17, F(kNet, ".cniConfig.kindnetd"), "kindnetd is only for the Docker provider")}},
    {"cni_kindnetd_deprecated_field",
     {Replace(8, "    cni: kindnetd"), Delete(9)},
     {Err(8, 10, F(kNet, ".cni"), "kindnetd is only for the Docker provider")}},
    {"cni_combined_with_cni_config",
     {Insert(8, "    cni: cilium")},
     {Err(8, 10, F(kNet, ".cni"), "cannot be combined with cniConfig")}},
    {"cni_deprecated_cilium_is_valid", {Replace(8, "    cni: cilium"), Delete(9)}, {}},
    {"cni_missing", {Delete(8, 9)}, {Err(8, 5, F(kNet, ".cniConfig"), "is required")}},
    {"cni_config_without_plugin",
     {Replace(8, "    cniConfig: {}"), Delete(9)},
     {Err(8, 16, F(kNet, ".cniConfig"), "exactly one CNI plugin is required")}},

    // Networking: CIDRs.
    {"pod_cidrs_two",
     {Replace(11, "      cidrBlocks: [192.168.0.0/16, 172.16.0.0/16]")},
     {Err(11, 36, F(kNet, ".pods.cidrBlocks"), "exactly one CIDR block is allowed, got 2")}},
    {"pod_cidr_unparseable",
     {Replace(11, "      cidrBlocks: [192.168.0.0/33]")},
     {Err(11, 20, F(kNet, ".pods.cidrBlocks[0]"), "\"192.168.0.0/33\" is not an IPv4 CIDR block")}},
    {"pod_cidr_ipv6",
     {Replace(11, "      cidrBlocks: [\"fd00:10::/56\"]")},
     {Err(11, 20, F(kNet, ".pods.cidrBlocks[0]"), "(IPv6 is not supported)")}},
    {"pod_cidr_smaller_than_node_mask",
     {Replace(11, "      cidrBlocks: [192.168.0.0/25]")},
     {Err(11, 20, F(kNet, ".pods.cidrBlocks[0]"),
          "pod CIDR /25 must be larger than the per-node mask /24")}},
    {"pod_cidr_17_bits_above_node_mask",
     {Replace(11, "      cidrBlocks: [192.0.0.0/7]")},
     {Err(11, 20, F(kNet, ".pods.cidrBlocks[0]"), "by at most 16 bits")}},
    {"pod_cidr_with_host_bits_warns",
     {Replace(11, "      cidrBlocks: [192.168.1.0/16]")},
     {Warn(11, 20, F(kNet, ".pods.cidrBlocks[0]"),
           "\"192.168.1.0/16\" has host bits set; it means 192.168.0.0/16")}},
    {"service_cidr_overlaps_pods",
     {Replace(13, "      cidrBlocks: [192.168.128.0/20]")},
     {Err(13, 20, F(kNet, ".services.cidrBlocks[0]"),
          "service CIDR 192.168.128.0/20 overlaps the pod CIDR 192.168.0.0/16")}},
    {"endpoint_inside_pod_cidr",
     {Replace(11, "      cidrBlocks: [127.0.0.0/16]")},
     {Err(17, 13, F(kCp, ".endpoint.host"),
          "endpoint 127.0.0.10 is inside the pod CIDR 127.0.0.0/16")}},
    {"endpoint_inside_service_cidr",
     {Replace(13, "      cidrBlocks: [127.0.0.0/24]")},
     {Err(17, 13, F(kCp, ".endpoint.host"),
          "endpoint 127.0.0.10 is inside the service CIDR 127.0.0.0/24")}},

    // Networking: Cilium options.
    {"cilium_policy_enforcement_mode_bad",
     {Replace(9, "      cilium: {policyEnforcementMode: strict}")},
     {Err(9, 39, F(kCilium, ".policyEnforcementMode"),
          "\"strict\" is not a Cilium policy enforcement mode")}},
    {"cilium_direct_routing_without_cidr",
     {Replace(9, "      cilium: {routingMode: direct}")},
     {Err(9, 29, F(kCilium, ".ipv4NativeRoutingCIDR"),
          "routingMode: direct needs ipv4NativeRoutingCIDR")}},
    {"cilium_direct_routing_with_cidr_is_valid",
     {Replace(9, "      cilium: {routingMode: direct, ipv4NativeRoutingCIDR: 192.168.0.0/16}")},
     {}},
    {"cilium_skip_upgrade_with_other_fields",
     {Replace(9, "      cilium: {skipUpgrade: true, policyEnforcementMode: always}")},
     {Err(9, 29, F(kCilium, ".skipUpgrade"),
          "with skipUpgrade: true the other Cilium fields must be empty")}},

    // gitOpsRef.
    {"gitops_ref_with_flux_config_is_valid",
     {GitOpsRef("FluxConfig", "lab-flux"), FluxConfig(kGithub)},
     {}},
    {"gitops_ref_bad_kind",
     {GitOpsRef("Flux", "lab-flux"), FluxConfig(kGithub)},
     {Err(31, 11, "spec.gitOpsRef.kind", "must be FluxConfig or GitOpsConfig, got \"Flux\""),
      Warn(kEnd + 3 + 3, 7, "", "FluxConfig \"lab-flux\" is not referenced by the Cluster")}},
    {"gitops_ref_kind_missing",
     {Insert(30, "  gitOpsRef:\n    name: lab-flux"), FluxConfig(kGithub)},
     {Err(31, 5, "spec.gitOpsRef.kind", "is required")}},
    {"gitops_ref_unresolved",
     {GitOpsRef("FluxConfig", "lab-flux")},
     {Err(32, 11, "spec.gitOpsRef.name", "FluxConfig \"lab-flux\" not found in this file")}},
    {"gitops_ref_to_flux_config_as_gitops_config",
     {GitOpsRef("GitOpsConfig", "lab-flux"), FluxConfig(kGithub)},
     {Err(32, 11, "spec.gitOpsRef.name", "\"lab-flux\" is a FluxConfig, not a GitOpsConfig"),
      Warn(kEnd + 3 + 3, 7, "", "FluxConfig \"lab-flux\" is not referenced by the Cluster")}},

    // FluxConfig (after GitOpsRef's 3 lines, the FluxConfig's spec lines start at kEnd + 10).
    {"flux_github_and_git",
     {GitOpsRef("FluxConfig", "lab-flux"),
      FluxConfig(std::string(kGithub) +
                 "\n  git:\n    repositoryUrl: ssh://git@127.0.0.7/lab.git")},
     {Err(kEnd + 10, 3, "spec", "github and git cannot both be set")}},
    {"flux_neither_github_nor_git",
     {GitOpsRef("FluxConfig", "lab-flux"), FluxConfig("  branch: main")},
     {Err(kEnd + 10, 3, "spec", "one of github or git is required")}},
    {"flux_git_url_bad_scheme",
     {GitOpsRef("FluxConfig", "lab-flux"),
      FluxConfig("  git:\n    repositoryUrl: ftp://127.0.0.7/lab.git")},
     {Err(kEnd + 11, 20, "spec.git.repositoryUrl",
          "\"ftp://127.0.0.7/lab.git\" has no valid scheme")}},
    {"flux_git_ssh_key_algorithm_bad",
     {GitOpsRef("FluxConfig", "lab-flux"),
      FluxConfig("  git:\n    repositoryUrl: ssh://git@127.0.0.7/lab.git\n"
                 "    sshKeyAlgorithm: dsa")},
     {Err(kEnd + 12, 22, "spec.git.sshKeyAlgorithm", "\"dsa\" is not an SSH key algorithm")}},
    {"flux_cluster_config_path_absolute",
     {GitOpsRef("FluxConfig", "lab-flux"),
      FluxConfig("  clusterConfigPath: /clusters/lab\n" + std::string(kGithub))},
     {Err(kEnd + 10, 22, "spec.clusterConfigPath",
          "\"/clusters/lab\" must be a relative path inside the repository")}},

    // Proxy.
    {"proxy_https_proxy_missing",
     {Insert(30, "  proxyConfiguration:\n    httpProxy: http://127.0.0.5:3128")},
     {Err(31, 5, F(kProxy, ".httpsProxy"), "is required")}},
    {"proxy_bad_url",
     {Insert(30,
             "  proxyConfiguration:\n    httpProxy: ftp://127.0.0.5:21\n"
             "    httpsProxy: http://127.0.0.5:3128")},
     {Err(31, 16, F(kProxy, ".httpProxy"),
          "\"ftp://127.0.0.5:21\" is not a proxy URL or host:port")}},
    {"proxy_bad_port",
     {Insert(30,
             "  proxyConfiguration:\n    httpProxy: 127.0.0.5:3128\n"
             "    httpsProxy: http://127.0.0.5:70000")},
     {Err(32, 17, F(kProxy, ".httpsProxy"), "port 70000 is not between 1 and 65535")}},

    // Registry mirror.
    {"mirror_endpoint_missing",
     {Insert(30, "  registryMirrorConfiguration:\n    port: \"443\"")},
     {Err(31, 5, F(kMirror, ".endpoint"), "is required")}},
    {"mirror_bad_port",
     {Insert(30, "  registryMirrorConfiguration:\n    endpoint: 127.0.0.6\n    port: \"70000\"")},
     {Err(32, 11, F(kMirror, ".port"), "\"70000\" is not a port (1-65535)")}},
    {"mirror_empty_registry",
     {Insert(30,
             "  registryMirrorConfiguration:\n    endpoint: 127.0.0.6\n    ociNamespaces:\n"
             "    - registry: \"\"\n      namespace: curated")},
     {Err(33, 17, F(kMirror, ".ociNamespaces[0].registry"), "must not be empty")}},
    {"mirror_two_curated_ecr_registries",
     {Insert(30,
             "  registryMirrorConfiguration:\n    endpoint: 127.0.0.6\n    ociNamespaces:\n"
             "    - registry: 783794618700.dkr.ecr.us-west-2.amazonaws.com\n"
             "      namespace: curated-a\n"
             "    - registry: 783794618700.dkr.ecr.us-east-1.amazonaws.com\n"
             "      namespace: curated-b")},
     {Err(35, 17, F(kMirror, ".ociNamespaces[1].registry"),
          "only one curated-packages registry mirror is allowed")}},

    // eksaVersion and bundlesRef.
    {"eksa_version_not_semver",
     {Insert(30, "  eksaVersion: v0.21")},
     {Err(30, 16, "spec.eksaVersion", "\"v0.21\" is not a semantic version")}},
    {"eksa_version_with_bundles_ref",
     {Insert(30,
             "  eksaVersion: v0.21.0\n  bundlesRef:\n    name: bundles-1\n"
             "    namespace: eksa-system\n"
             "    apiVersion: anywhere.eks.amazonaws.com/v1alpha1")},
     {Err(30, 16, "spec.eksaVersion", "cannot be set together with bundlesRef")}},

    // certSans.
    {"cert_sans_bad_entry",
     {Insert(18, "    certSans: [api.lab.example, 127.0.0.11, \"bad name\"]")},
     {Err(18, 45, F(kCp, ".certSans[2]"),
          "\"bad name\" is neither an IP address nor a domain name")}},

    // kubernetesVersion.
    {"kubernetes_version_unquoted",
     {Replace(6, "  kubernetesVersion: 1.30")},
     {Err(6, 22, "spec.kubernetesVersion", "unquoted 1.30 is read as a number")}},
    {"kubernetes_version_missing",
     {Delete(6)},
     {Err(6, 3, "spec.kubernetesVersion", "is required")}},
    {"kubernetes_version_malformed",
     {Replace(6, "  kubernetesVersion: \"v1.31\"")},
     {Err(6, 22, "spec.kubernetesVersion", "\"v1.31\" is not a Kubernetes version")}},

    // VSphereDatacenterConfig.
    {"datacenter_server_missing", {Delete(37)}, {Err(36, 3, "spec.server", "is required")}},
    {"datacenter_datacenter_missing", {Delete(36)}, {Err(36, 3, "spec.datacenter", "is required")}},
    {"datacenter_network_missing", {Delete(38)}, {Err(36, 3, "spec.network", "is required")}},
    {"datacenter_server_is_a_url",
     {Replace(37, "  server: https://127.0.0.2/sdk")},
     {Err(37, 11, "spec.server", "must be the vCenter host name or IP, not a URL")}},
    {"datacenter_network_outside_datacenter",
     {Replace(38, "  network: /dc2/network/vm-net")},
     {Err(38, 12, "spec.network", "network \"/dc2/network/vm-net\" is not under /dc1/network/")}},
    {"datacenter_relative_network_is_valid", {Replace(38, "  network: vm-net")}, {}},
    {"datacenter_thumbprint_bad_format",
     {Replace(39, "  thumbprint: 0E:89:91")},
     {Err(39, 15, "spec.thumbprint", "\"0E:89:91\" is not a SHA-1 thumbprint")}},
    {"datacenter_thumbprint_masked",
     {Replace(39, "  thumbprint: 0E:89:91:5B:02:50:F6:41:D0:DE:**:**:**:**:**:**:**:**:**:F8")},
     {Err(39, 15, "spec.thumbprint", "; it looks masked")}},
    {"datacenter_insecure_warns",
     {Replace(39, "  insecure: true")},
     {Warn(39, 13, "spec.insecure", "insecure: true skips vCenter certificate verification")}},
    {"datacenter_insecure_ignores_bad_thumbprint",
     {Replace(39, "  insecure: true\n  thumbprint: 0E:89:91")},
     {Warn(39, 13, "spec.insecure", "skips vCenter certificate verification")}},

    // VSphereMachineConfig (lab-cp is lines 41..52, lab-md 54..61).
    {"machine_datastore_missing", {Delete(59)}, {Err(59, 3, "spec.datastore", "is required")}},
    {"machine_resource_pool_missing",
     {Delete(60)},
     {Err(59, 3, "spec.resourcePool", "is required")}},
    {"machine_os_family_bad",
     {Replace(61, "  osFamily: windows")},
     {Err(61, 13, "spec.osFamily", "\"windows\" is not a supported OS family")}},
    {"machine_ubuntu_without_template",
     {Replace(61, "  osFamily: ubuntu")},
     {Err(59, 3, "spec.template", "is required for ubuntu")}},
    {"machine_ubuntu_with_template_is_valid",
     {Replace(61, "  osFamily: ubuntu\n  template: /dc1/vm/templates/ubuntu-2204-kube-v1.31")},
     {}},
    {"machine_bottlerocket_user_not_ec2_user",
     {Replace(50, "  - name: admin")},
     {Err(50, 11, "spec.users[0].name",
          "Bottlerocket machines must use the user ec2-user, got \"admin\"")}},
    {"machine_clone_mode_bad",
     {Append("  cloneMode: fastClone")},
     {Err(62, 14, "spec.cloneMode", "\"fastClone\" is not a clone mode")}},
    {"machine_num_cpus_zero_means_default_as_in_eksa", {Append("  numCPUs: 0")}, {}},
    {"machine_num_cpus_negative",
     {Append("  numCPUs: -1")},
     {Err(62, 12, "spec.numCPUs", "number of CPUs must be positive")}},
    {"machine_memory_1024_raised_to_2048",
     {Append("  memoryMiB: 1024")},
     {Warn(62, 14, "spec.memoryMiB", "1024 is raised to 2048")}},
    {"machine_ssh_key_placeholder",
     {Replace(52, "    - ssh-rsa AAAA...")},
     {Err(52, 7, "spec.users[0].sshAuthorizedKeys[0]",
          "is not an SSH public key (the placeholder from generate clusterconfig?)")}},

    // References between objects.
    {"datacenter_ref_to_missing_object",
     {Replace(23, "    name: lab-dc")},
     {Err(23, 11, "spec.datacenterRef.name",
          "VSphereDatacenterConfig \"lab-dc\" not found in this file"),
      Warn(32, 7, "", "VSphereDatacenterConfig \"lab\" is not referenced by the Cluster")}},
    {"datacenter_ref_to_machine_config",
     {Replace(23, "    name: lab-cp")},
     {Err(23, 11, "spec.datacenterRef.name",
          "\"lab-cp\" is a VSphereMachineConfig, not a VSphereDatacenterConfig"),
      Warn(32, 7, "", "VSphereDatacenterConfig \"lab\" is not referenced by the Cluster")}},
    {"datacenter_ref_wrong_kind_field",
     {Replace(22, "    kind: VSphereMachineConfig")},
     {Err(22, 11, "spec.datacenterRef.kind",
          "must be VSphereDatacenterConfig, got \"VSphereMachineConfig\""),
      Warn(32, 7, "", "VSphereDatacenterConfig \"lab\" is not referenced by the Cluster")}},
    {"datacenter_ref_missing",
     {Delete(21, 23)},
     {Err(6, 3, "spec.datacenterRef", "is required"),
      Warn(29, 7, "", "VSphereDatacenterConfig \"lab\" is not referenced by the Cluster")}},
    {"machine_group_ref_to_missing_object",
     {Replace(29, "      name: lab-workers")},
     {Err(29, 13, F(kMd0, ".machineGroupRef.name"),
          "VSphereMachineConfig \"lab-workers\" not found in this file"),
      Warn(55, 7, "", "VSphereMachineConfig \"lab-md\" is not referenced by the Cluster")}},
    {"machine_group_ref_to_datacenter_config",
     {Replace(20, "      name: lab")},
     {Err(20, 13, F(kCp, ".machineGroupRef.name"),
          "\"lab\" is a VSphereDatacenterConfig, not a VSphereMachineConfig"),
      Warn(42, 7, "", "VSphereMachineConfig \"lab-cp\" is not referenced by the Cluster")}},
    {"machine_group_ref_wrong_kind_field",
     {Replace(19, "      kind: VSphereDatacenterConfig")},
     {Err(19, 13, F(kCp, ".machineGroupRef.kind"),
          "must be VSphereMachineConfig, got \"VSphereDatacenterConfig\""),
      Warn(42, 7, "", "VSphereMachineConfig \"lab-cp\" is not referenced by the Cluster")}},
    {"duplicate_machine_config_name",
     {ExtraMachine("lab-md")},
     {Err(kEnd + 5, 9, "metadata.name",
          "another VSphereMachineConfig is already named \"lab-md\"")}},
    {"namespace_mismatch",
     {Insert(35, "  namespace: other")},
     {Err(35, 14, "metadata.namespace",
          "namespace \"other\" differs from the Cluster's namespace \"default\"")}},
    {"mixed_os_family_with_external_etcd",
     {ExternalEtcd(3), Append(kEtcdMachine),
      Replace(61, "  osFamily: ubuntu\n  template: /dc1/vm/templates/ubuntu-2204-kube-v1.31")},
     {Err(66, 13, "spec.osFamily",
          "with external etcd every machine config must use one osFamily; lab-cp uses "
          "bottlerocket")}},
    {"unreferenced_machine_config_warns",
     {ExtraMachine("lab-spare")},
     {Warn(kEnd + 3, 7, "",
           "VSphereMachineConfig \"lab-spare\" is not referenced by the Cluster")}},
    {"two_cluster_documents",
     {Append("---\n" + ReplaceAll(EditedSpec({Delete(30, kEnd)}), "metadata:\n  name: lab\n",
                                  "metadata:\n  name: lab2\n"))},
     {Err(kEnd + 3, 7, "kind", "a spec file holds one Cluster; this is Cluster 2 of 2")}},
    {"no_cluster_document", {Delete(1, 30)}, {Err(0, 0, "", "no Cluster object in the file")}},

    // Unknown and unsupported fields, duplicate keys.
    {"unknown_field_kubernetesVersoin",
     {Replace(6, "  kubernetesVersoin: \"1.31\"")},
     {Err(6, 3, "spec.kubernetesVersoin", "unknown field; did you mean \"kubernetesVersion\"?"),
      Err(6, 3, "spec.kubernetesVersion", "is required")}},
    {"unknown_field_countt",
     {Replace(15, "    countt: 3")},
     {Err(15, 5, F(kCp, ".countt"), "unknown field; did you mean \"count\"?"),
      Err(15, 5, F(kCp, ".count"), "is required")}},
    {"unknown_field_machineGroupRefs",
     {Replace(27, "    machineGroupRefs:")},
     {Err(27, 5, F(kMd0, ".machineGroupRefs"), "unknown field; did you mean \"machineGroupRef\"?"),
      Err(25, 5, F(kMd0, ".machineGroupRef"), "is required"),
      Warn(55, 7, "", "VSphereMachineConfig \"lab-md\" is not referenced by the Cluster")}},
    {"unknown_field_without_suggestion",
     {Insert(30, "  colour: blue")},
     {ErrExact(30, 3, "spec.colour", "unknown field")}},
    {"unsupported_identity_provider_refs",
     {Insert(30, "  identityProviderRefs:\n  - kind: OIDCConfig\n    name: lab-oidc")},
     {Err(30, 3, "spec.identityProviderRefs", "EKS Anywhere field not supported yet by eksa")}},
    {"unsupported_etcd_encryption",
     {Insert(30, "  etcdEncryption:\n  - providers: []\n    resources: [secrets]")},
     {Err(30, 3, "spec.etcdEncryption", "not supported yet")}},
    {"unsupported_failure_domains",
     {Insert(40, "  failureDomains: []")},
     {Err(40, 3, "spec.failureDomains", "not supported yet")}},
    {"unsupported_host_os_configuration",
     {Append("  hostOSConfiguration:\n    ntpConfiguration:\n      servers: [127.0.0.8]")},
     {Err(62, 3, "spec.hostOSConfiguration", "not supported yet")}},
    {"duplicate_key",
     {Insert(16, "    count: 5")},
     {Err(16, 5, F(kCp, ".count"), "duplicate field; the earlier value would be lost")}},

    // Type errors.
    {"count_quoted",
     {Replace(15, "    count: \"3\"")},
     {Err(15, 12, F(kCp, ".count"), "must be an integer, got \"3\"")}},
    {"count_word",
     {Replace(26, "    count: three")},
     {Err(26, 12, F(kMd0, ".count"), "must be an integer, got \"three\"")}},
    {"list_where_map_expected",
     {Replace(16, "    endpoint: [127.0.0.10]"), Delete(17)},
     {Err(16, 15, F(kCp, ".endpoint"), "must be a map of fields, got a list"),
      // The endpoint is unusable, so its host is also missing.
      Err(16, 15, F(kCp, ".endpoint.host"), "is required")}},
    {"scalar_where_ref_expected",
     {Replace(18, "    machineGroupRef: lab-cp"), Delete(19, 20)},
     {Err(18, 22, F(kCp, ".machineGroupRef"), "must be a map of fields, got a scalar"),
      Warn(40, 7, "", "VSphereMachineConfig \"lab-cp\" is not referenced by the Cluster")}},
    {"string_field_given_a_number",
     {Replace(59, "  datastore: 42")},
     {Err(59, 14, "spec.datastore", "must be a string, but unquoted 42 is read as a number")}},
    {"ref_kind_given_a_number",
     {Replace(19, "      kind: 5")},
     {Err(19, 13, F(kCp, ".machineGroupRef.kind"), "must be a string, but unquoted 5")}},
    {"insecure_yes",
     {Insert(39, "  insecure: yes")},
     {Warn(39, 13, "spec.insecure", "insecure: true skips vCenter certificate verification")}},
    {"insecure_quoted_yes",
     {Insert(39, "  insecure: \"yes\"")},
     {Err(39, 13, "spec.insecure", "must be true or false, got \"yes\"")}},

    // Documents: apiVersion and kind.
    {"wrong_api_version_document",
     {Append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lab-settings")},
     {Err(kEnd + 2, 13, "apiVersion",
          "apiVersion \"v1\" is not anywhere.eks.amazonaws.com/v1alpha1")}},
    {"unknown_kind_with_suggestion",
     {Append("---\napiVersion: anywhere.eks.amazonaws.com/v1alpha1\nkind: VSphereMachineConfg\n"
             "metadata:\n  name: lab-spare")},
     {Err(kEnd + 3, 7, "kind",
          "unknown kind \"VSphereMachineConfg\"; did you mean \"VSphereMachineConfig\"?")}},
    {"unsupported_kind_oidc_config",
     {Append("---\napiVersion: anywhere.eks.amazonaws.com/v1alpha1\nkind: OIDCConfig\n"
             "metadata:\n  name: lab-oidc\nspec:\n  issuerUrl: https://127.0.0.9")},
     {Err(kEnd + 3, 7, "kind",
          "kind OIDCConfig is an EKS Anywhere kind that eksa does not support yet")}},

    // Other Cluster fields and YAML syntax.
    {"management_cluster_other_name",
     {Insert(30, "  managementCluster:\n    name: mgmt")},
     {Err(31, 11, "spec.managementCluster.name",
          "workload clusters managed by another cluster are not supported by eksa yet")}},
    {"yaml_syntax_error",
     {Replace(17, "      host: [127.0.0.10")},
     {Err(18, 20, "", "invalid YAML: end of sequence flow not found")}},
};

class SpecCaseTest : public ::testing::TestWithParam<Case> {};

TEST_P(SpecCaseTest, ReportsExactlyTheExpectedDiagnostics) {
  const Case& c = GetParam();
  std::string text = EditedSpec(c.edits);
  LoadResult r = LoadSpec(kFile, text);
  EXPECT_TRUE(HasExactly(r.diagnostics, c.expected)) << "spec:\n" << text;
  bool want_errors = false;
  for (const Expected& e : c.expected) want_errors |= e.severity == Severity::kError;
  EXPECT_EQ(r.diagnostics.HasErrors(), want_errors);
  EXPECT_TRUE(std::is_sorted(r.diagnostics.items().begin(), r.diagnostics.items().end(),
                             [](const Diagnostic& a, const Diagnostic& b) {
                               return std::pair(a.position.line, a.position.column) <
                                      std::pair(b.position.line, b.position.column);
                             }))
      << FormatAll(r.diagnostics);
}

INSTANTIATE_TEST_SUITE_P(Table, SpecCaseTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

TEST(SpecCaseTableTest, HasAtLeast60CasesWithUniqueNames) {
  EXPECT_GE(kCases.size(), 60u);
  std::set<std::string> names;
  for (const Case& c : kCases) EXPECT_TRUE(names.insert(c.name).second) << c.name;
}

}  // namespace
}  // namespace eksa::spec::testing
