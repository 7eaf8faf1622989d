// Checks of RenderUserData's inputs. Messages name the field and echo only non-secret values.
#include <regex>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/planner/pki/ip.h"
#include "services/planner/userdata/internal.h"

namespace eksa::planner::userdata::internal {
namespace {

absl::Status Invalid(std::string_view field, std::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(std::string(field), " ", std::string(problem)));
}

// RFC 1123 subdomain, as Kubernetes requires of node names.
bool IsDnsName(const std::string& name) {
  static const std::regex kPattern(
      "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  return !name.empty() && name.size() <= 253 && std::regex_match(name, kPattern);
}

// etcd's release version as etcdadm takes it: "3.5.15" (no leading v).
bool IsVersion(const std::string& version) {
  static const std::regex kPattern("[0-9]+\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.+-]+)?");
  return std::regex_match(version, kPattern);
}

bool HasLineBreakOrQuote(const std::string& text) {
  return text.find_first_of("\r\n\"\\") != std::string::npos;
}

absl::Status ValidateKubernetes(const MachineBootstrap& m, const pki::BootstrapToken& token) {
  static const std::regex kVersion("v[0-9]+\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.+-]+)?");
  if (!std::regex_match(m.kubernetes_version, kVersion)) {
    return Invalid("kubernetes version", absl::StrCat("\"", m.kubernetes_version,
                                                      "\" is not a full version like v1.27.4"));
  }
  if (!pki::ParseIpv4(m.endpoint).ok()) {
    return Invalid("endpoint", absl::StrCat("\"", m.endpoint, "\" is not an IPv4 address"));
  }
  if (auto pod = pki::NthAddressInCidr(m.pod_cidr, 1); !pod.ok()) {
    return Annotate(pod.status(), "pod cidr");
  }
  // The service CIDR must hold the cluster DNS IP, its tenth address.
  if (auto dns = pki::NthAddressInCidr(m.service_cidr, 10); !dns.ok()) {
    return Annotate(dns.status(), "service cidr");
  }
  if (!IsDnsName(m.dns_domain)) return Invalid("dns domain", "is not a DNS name");
  if (!pki::ParseBootstrapToken(token.Value()).ok()) {
    return Invalid("bootstrap token", "does not match [a-z0-9]{6}.[a-z0-9]{16}");
  }
  if (m.token_ttl.empty() || HasLineBreakOrQuote(m.token_ttl)) {
    return Invalid("token ttl", "must be a duration such as 24h0m0s");
  }
  return absl::OkStatus();
}

absl::Status RequirePem(bool present, std::string_view what) {
  return present ? absl::OkStatus() : Invalid(absl::StrCat("pki ", std::string(what)), "is empty");
}

absl::Status ValidatePki(const MachineBootstrap& m, const pki::ClusterPki& pki) {
  const bool cp = m.role == Role::kInitControlPlane || m.role == Role::kJoinControlPlane;
  EKSA_RETURN_IF_ERROR(RequirePem(m.role == Role::kEtcd || !pki.ca.cert_pem.empty(), "ca"));
  EKSA_RETURN_IF_ERROR(RequirePem(
      m.role == Role::kEtcd || m.role == Role::kInitControlPlane || !pki.ca_cert_hash.empty(),
      "ca cert hash"));
  if (cp) {
    EKSA_RETURN_IF_ERROR(RequirePem(!pki.ca.key_pem.empty(), "ca key"));
    EKSA_RETURN_IF_ERROR(
        RequirePem(!pki.front_proxy_ca.cert_pem.empty() && !pki.front_proxy_ca.key_pem.empty(),
                   "front-proxy ca"));
    EKSA_RETURN_IF_ERROR(RequirePem(
        !pki.service_account.public_pem.empty() && !pki.service_account.private_pem.empty(),
        "service-account key pair"));
    EKSA_RETURN_IF_ERROR(RequirePem(!pki.etcd_ca.cert_pem.empty(), "etcd ca"));
    EKSA_RETURN_IF_ERROR(
        RequirePem(!m.external_etcd.empty() || !pki.etcd_ca.key_pem.empty(), "etcd ca key"));
    EKSA_RETURN_IF_ERROR(
        RequirePem(m.external_etcd.empty() || (!pki.apiserver_etcd_client.cert_pem.empty() &&
                                               !pki.apiserver_etcd_client.key_pem.empty()),
                   "apiserver-etcd-client"));
  }
  if (m.role == Role::kEtcd) {
    EKSA_RETURN_IF_ERROR(RequirePem(!pki.etcd_ca.cert_pem.empty(), "etcd ca"));
    EKSA_RETURN_IF_ERROR(RequirePem(!pki.etcd_ca.key_pem.empty(), "etcd ca key"));
  }
  return absl::OkStatus();
}

absl::Status ValidateEtcd(const MachineBootstrap& m) {
  for (const EtcdMember& member : m.external_etcd) {
    if (!IsDnsName(member.name)) {
      return Invalid("external etcd member",
                     absl::StrCat("\"", member.name, "\" is not a DNS name"));
    }
    if (!member.address.empty() && !pki::IsIpAddress(member.address)) {
      return Invalid(absl::StrCat("external etcd member ", member.name),
                     absl::StrCat("address \"", member.address, "\" is not an IP address"));
    }
  }
  if (m.role != Role::kEtcd) return absl::OkStatus();
  if (!IsVersion(m.etcd_version)) {
    return Invalid("etcd version",
                   absl::StrCat("\"", m.etcd_version, "\" is not a version like 3.5.15"));
  }
  if (!m.etcd_join_address.empty() && !pki::IsIpAddress(m.etcd_join_address)) {
    return Invalid("etcd join address",
                   absl::StrCat("\"", m.etcd_join_address, "\" is not an IP address"));
  }
  return absl::OkStatus();
}

absl::Status ValidateAccess(const MachineBootstrap& m) {
  if (!m.ssh_authorized_keys.empty() && m.ssh_user.empty()) {
    return Invalid("ssh user", "is required with ssh authorized keys");
  }
  for (const std::string& key : m.ssh_authorized_keys) {
    if (key.empty() || key.find_first_of("\r\n") != std::string::npos) {
      return Invalid("ssh authorized key", "is empty or has a line break");
    }
  }
  if (HasLineBreakOrQuote(m.ssh_user)) return Invalid("ssh user", "has a line break or quote");
  return absl::OkStatus();
}

absl::Status ValidateBottlerocket(const MachineBootstrap& m) {
  if (m.os != OsFamily::kBottlerocket || m.role == Role::kWorker) return absl::OkStatus();
  const BottlerocketOptions& b = m.bottlerocket;
  if (b.bootstrap_container_source.empty()) {
    return Invalid("bottlerocket bootstrap container source",
                   absl::StrCat("is required for ", std::string(RoleName(m.role)), " machines"));
  }
  if (b.kubeadm_container == KubeadmContainer::kBootstrap && b.bootstrap_container_mode != "once" &&
      b.bootstrap_container_mode != "always") {
    return Invalid("bottlerocket bootstrap container mode",
                   absl::StrCat("\"", b.bootstrap_container_mode, "\" is not once or always"));
  }
  return absl::OkStatus();
}

absl::Status ValidateNetworkExtras(const MachineBootstrap& m) {
  if (m.registry_mirror.has_value()) {
    static const std::regex kHostPort("[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:[0-9]{1,5})?");
    if (!std::regex_match(m.registry_mirror->endpoint, kHostPort)) {
      return Invalid("registry mirror endpoint", "is not host[:port]");
    }
    if (!IsDnsName(m.registry_mirror->mirrored_registry)) {
      return Invalid("registry mirror mirrored registry", "is not a host name");
    }
  }
  if (m.proxy.has_value()) {
    bool bad =
        HasLineBreakOrQuote(m.proxy->http_proxy) || HasLineBreakOrQuote(m.proxy->https_proxy);
    for (const std::string& v : m.proxy->no_proxy) bad = bad || HasLineBreakOrQuote(v) || v.empty();
    if (bad) return Invalid("proxy", "values must not be empty or hold quotes or line breaks");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Validate(const MachineBootstrap& m, const pki::ClusterPki& pki,
                      const pki::BootstrapToken& token) {
  if (!IsDnsName(m.machine_name)) {
    return Invalid("machine name", absl::StrCat("\"", m.machine_name, "\" is not a DNS name"));
  }
  if (!IsDnsName(m.cluster_name)) {
    return Invalid("cluster name", absl::StrCat("\"", m.cluster_name, "\" is not a DNS name"));
  }
  if (m.role != Role::kEtcd) EKSA_RETURN_IF_ERROR(ValidateKubernetes(m, token));
  EKSA_RETURN_IF_ERROR(ValidateEtcd(m));
  EKSA_RETURN_IF_ERROR(ValidatePki(m, pki));
  EKSA_RETURN_IF_ERROR(ValidateAccess(m));
  EKSA_RETURN_IF_ERROR(ValidateBottlerocket(m));
  return ValidateNetworkExtras(m);
}

}  // namespace eksa::planner::userdata::internal
