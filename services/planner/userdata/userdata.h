// Per-machine bootstrap userdata, rendered by the planner with the cluster's PKI and passed by
// the vSphere agent as guestinfo.userdata (+ guestinfo.metadata), the channel CAPV uses.
//
// Ubuntu: a `#cloud-config` document (hostname, users, write_files, runcmd). Control-plane
// machines get the cluster's CA material under /etc/kubernetes/pki and a kubeadm v1beta3
// configuration at /run/kubeadm/kubeadm.yaml, then run `kubeadm init` (first control plane) or
// `kubeadm join` (the others, and workers). External etcd machines get the etcd CA (certificate
// and key) and run etcdadm, which makes the member's certificates for the machine's own address
// and starts etcd: `etcdadm init` on the first member, `etcdadm join <running member>` on the
// others. Exact formats: USERDATA.md in this folder.
//
// Bottlerocket: TOML settings. Every machine: settings.host-containers.admin (ssh keys) and
// settings.network.hostname; control-plane machines and workers: settings.kubernetes
// (api-server, cluster-certificate, cluster-name, bootstrap-token, cluster-dns-ip, ...);
// control-plane and etcd machines: a `kubeadm-bootstrap` container (host container by default,
// bootstrap container on request, see KubeadmContainer) whose user-data is the base64 of the
// cloud-config an Ubuntu machine of that role gets (minus users, hostname and containerd files).
//
// The userdata holds private keys and the bootstrap token, hence a pki::Secret. Thread-safe
// (pure functions).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/planner/pki/cluster_pki.h"
#include "services/planner/pki/secret.h"
#include "services/planner/pki/token.h"

namespace eksa::planner::userdata {

enum class Role {
  kInitControlPlane,  // the first control-plane machine: kubeadm init
  kJoinControlPlane,  // further control-plane machines: kubeadm join --control-plane
  kWorker,            // kubeadm join (Ubuntu) / TLS bootstrap with the token (Bottlerocket)
  kEtcd,              // an external etcd member
};
enum class OsFamily { kUbuntu, kBottlerocket };

std::string_view RoleName(Role role);        // "init-control-plane", "join-control-plane", ...
std::string_view OsFamilyName(OsFamily os);  // "ubuntu", "bottlerocket"

// One external etcd member as the others and the API server reach it.
struct EtcdMember {
  std::string name;     // machine name
  std::string address;  // IP if known; empty: the machine name is used as a DNS name
};

// "https://<address, else name>:<port>" of `member`, an IPv6 address in brackets: how the API
// server, joining members and the planner reach its etcd.
std::string EtcdUrl(const EtcdMember& member, int port = 2379);

struct Proxy {
  std::string http_proxy;  // Ubuntu only (Bottlerocket has no http-proxy setting)
  std::string https_proxy;
  std::vector<std::string> no_proxy;  // extended with the cluster's own ranges, see USERDATA.md
};

struct RegistryMirror {
  std::string endpoint;                              // host[:port]
  std::string ca_cert_pem;                           // optional
  std::string mirrored_registry = "public.ecr.aws";  // where EKS-A's images live
};

// Where Bottlerocket runs kubeadm (or etcd's setup) on control-plane and etcd machines.
enum class KubeadmContainer {
  // [settings.host-containers.kubeadm-bootstrap], superpowered, running alongside the kubelet:
  // what EKS-A's Bottlerocket bootstrap does. The default.
  kHost,
  // [settings.bootstrap-containers.kubeadm-bootstrap] with a mode. Bottlerocket starts the
  // kubelet only after every bootstrap container has exited, so the image must not wait for
  // the control plane (kubeadm init's wait-control-plane phase would time out).
  kBootstrap,
};

struct BottlerocketOptions {
  // Image of the kubeadm bootstrap container; required for control-plane and etcd machines.
  std::string bootstrap_container_source;
  KubeadmContainer kubeadm_container = KubeadmContainer::kHost;
  std::string bootstrap_container_mode = "once";  // kBootstrap only: "once" or "always"
  std::string admin_container_source;             // empty: the OS default admin image
};

struct MachineBootstrap {
  Role role = Role::kWorker;
  OsFamily os = OsFamily::kUbuntu;
  std::string machine_name;  // VM name = hostname = node name
  std::string cluster_name;
  std::string kubernetes_version;  // full kubeadm version, "v1.27.4" (not for kEtcd)
  std::string endpoint;            // control-plane endpoint, IPv4; the API server is on :6443
  std::string pod_cidr = "192.168.0.0/16";
  std::string service_cidr = "10.96.0.0/12";
  std::string dns_domain = "cluster.local";
  std::vector<EtcdMember> external_etcd;  // every member; empty means stacked etcd
  // kEtcd only: etcd's version for etcdadm ("3.5.15"), and the IP of a running member to join
  // through; empty: this machine starts the etcd cluster (etcdadm init).
  std::string etcd_version;
  std::string etcd_join_address;
  std::string image_repository;       // ClusterConfiguration.imageRepository; optional
  std::string token_ttl = "24h0m0s";  // InitConfiguration bootstrap token TTL
  std::string ssh_user;               // required when ssh_authorized_keys is not empty
  std::vector<std::string> ssh_authorized_keys;
  std::optional<Proxy> proxy;
  std::optional<RegistryMirror> registry_mirror;
  BottlerocketOptions bottlerocket;
};

// The userdata for one machine. `token` is not used for kEtcd. kInvalidArgument (naming the
// field, never a secret value) for: a malformed machine or cluster name, kubernetes version,
// endpoint or CIDR; PKI material the role needs that is empty; a token not in kubeadm format;
// an etcd machine without an etcd version, or with a join address that is not an IP; ssh keys
// without a user or with line breaks; a Bottlerocket control-plane or etcd machine without a
// bootstrap container image, or with a bootstrap-container mode other than once/always; a
// malformed mirror endpoint
// or a proxy value with quotes or line breaks.
[[nodiscard]] absl::StatusOr<pki::Secret> RenderUserData(const MachineBootstrap& machine,
                                                         const pki::ClusterPki& pki,
                                                         const pki::BootstrapToken& token);

// The cloud-init metadata CAPV passes as guestinfo.metadata:
//   instance-id: <machine>
//   local-hostname: <machine>
std::string RenderMetadata(std::string_view machine_name);

// The VM extraConfig entries that carry both documents, base64-encoded as CAPV sets them:
// guestinfo.metadata, guestinfo.metadata.encoding=base64, guestinfo.userdata,
// guestinfo.userdata.encoding=base64 (in that order). Values are Secrets because the userdata
// is one.
struct GuestInfoEntry {
  std::string key;
  pki::Secret value;
};
std::vector<GuestInfoEntry> GuestInfo(const pki::Secret& userdata, std::string_view metadata);

}  // namespace eksa::planner::userdata
