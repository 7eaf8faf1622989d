// kubeadm v1beta3 configuration documents: ClusterConfiguration + InitConfiguration for the
// first control-plane machine, JoinConfiguration for every other machine.
#include <string>

#include "absl/strings/str_cat.h"
#include "services/planner/pki/kubeconfig.h"
#include "services/planner/userdata/internal.h"
#include "services/planner/userdata/yaml_writer.h"

namespace eksa::planner::userdata::internal {
namespace {

constexpr char kApiVersion[] = "kubeadm.k8s.io/v1beta3";

YamlNode Header(const char* kind) {
  YamlNode doc = YamlNode::Map();
  doc.Set("apiVersion", YamlNode::String(kApiVersion));
  doc.Set("kind", YamlNode::String(kind));
  return doc;
}

std::string ApiServerEndpoint(const MachineBootstrap& m) {
  return absl::StrCat(m.endpoint, ":", pki::kApiServerPort);
}

YamlNode Etcd(const MachineBootstrap& m) {
  YamlNode etcd = YamlNode::Map();
  if (m.external_etcd.empty()) {
    etcd.Set("local", YamlNode::Map().Set("dataDir", YamlNode::String("/var/lib/etcd")));
    return etcd;
  }
  YamlNode endpoints = YamlNode::Seq();
  for (const EtcdMember& member : m.external_etcd) {
    endpoints.Push(YamlNode::String(EtcdUrl(member, 2379)));
  }
  YamlNode external = YamlNode::Map();
  external.Set("endpoints", std::move(endpoints));
  external.Set("caFile", YamlNode::String("/etc/kubernetes/pki/etcd/ca.crt"));
  external.Set("certFile", YamlNode::String("/etc/kubernetes/pki/apiserver-etcd-client.crt"));
  external.Set("keyFile", YamlNode::String("/etc/kubernetes/pki/apiserver-etcd-client.key"));
  etcd.Set("external", std::move(external));
  return etcd;
}

YamlNode ClusterConfiguration(const MachineBootstrap& m) {
  YamlNode doc = Header("ClusterConfiguration");
  doc.Set("clusterName", YamlNode::String(m.cluster_name));
  doc.Set("kubernetesVersion", YamlNode::String(m.kubernetes_version));
  doc.Set("controlPlaneEndpoint", YamlNode::String(ApiServerEndpoint(m)));
  doc.Set("certificatesDir", YamlNode::String("/etc/kubernetes/pki"));
  if (!m.image_repository.empty()) {
    doc.Set("imageRepository", YamlNode::String(m.image_repository));
  }
  YamlNode networking = YamlNode::Map();
  networking.Set("dnsDomain", YamlNode::String(m.dns_domain));
  networking.Set("podSubnet", YamlNode::String(m.pod_cidr));
  networking.Set("serviceSubnet", YamlNode::String(m.service_cidr));
  doc.Set("networking", std::move(networking));
  doc.Set("etcd", Etcd(m));
  return doc;
}

YamlNode NodeRegistration(const MachineBootstrap& m) {
  YamlNode reg = YamlNode::Map();
  reg.Set("name", YamlNode::String(m.machine_name));
  reg.Set("criSocket", YamlNode::String(std::string(kCriSocket)));
  return reg;
}

YamlNode InitConfiguration(const MachineBootstrap& m, const pki::BootstrapToken& token) {
  YamlNode bootstrap_token = YamlNode::Map();
  bootstrap_token.Set("token", YamlNode::String(token.Value().Reveal()));
  bootstrap_token.Set("ttl", YamlNode::String(m.token_ttl));
  bootstrap_token.Set("groups",
                      YamlNode::StringSeq({"system:bootstrappers:kubeadm:default-node-token"}));
  bootstrap_token.Set("usages", YamlNode::StringSeq({"signing", "authentication"}));
  YamlNode doc = Header("InitConfiguration");
  doc.Set("bootstrapTokens", YamlNode::Seq().Push(std::move(bootstrap_token)));
  doc.Set("nodeRegistration", NodeRegistration(m));
  return doc;
}

YamlNode JoinConfiguration(const MachineBootstrap& m, const std::string& ca_cert_hash,
                           const pki::BootstrapToken& token) {
  YamlNode bootstrap_token = YamlNode::Map();
  bootstrap_token.Set("token", YamlNode::String(token.Value().Reveal()));
  bootstrap_token.Set("apiServerEndpoint", YamlNode::String(ApiServerEndpoint(m)));
  bootstrap_token.Set("caCertHashes", YamlNode::StringSeq({ca_cert_hash}));
  YamlNode doc = Header("JoinConfiguration");
  doc.Set("discovery", YamlNode::Map().Set("bootstrapToken", std::move(bootstrap_token)));
  doc.Set("nodeRegistration", NodeRegistration(m));
  if (m.role == Role::kJoinControlPlane) doc.Set("controlPlane", YamlNode::Map());
  return doc;
}

}  // namespace

pki::Secret KubeadmConfig(const MachineBootstrap& machine, const std::string& ca_cert_hash,
                          const pki::BootstrapToken& token) {
  if (machine.role == Role::kInitControlPlane) {
    return pki::Secret(absl::StrCat("---\n", ClusterConfiguration(machine).Render(), "---\n",
                                    InitConfiguration(machine, token).Render()));
  }
  return pki::Secret(
      absl::StrCat("---\n", JoinConfiguration(machine, ca_cert_hash, token).Render()));
}

}  // namespace eksa::planner::userdata::internal
