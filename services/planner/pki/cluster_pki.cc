#include "services/planner/pki/cluster_pki.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/status_macros.h"
#include "services/planner/pki/certificate.h"
#include "services/planner/pki/ip.h"

namespace eksa::planner::pki {
namespace {

// A CA as OpenSSL objects, to sign with, plus its PEMs.
struct Authority {
  Certificate cert;
  PrivateKey key;
  CertKeyPair pem;
};

absl::StatusOr<Authority> NewAuthority(std::string_view common_name, KeyAlgorithm algorithm,
                                       absl::Time now) {
  EKSA_ASSIGN_OR_RETURN(PrivateKey key, GenerateKey(algorithm));
  EKSA_ASSIGN_OR_RETURN(Certificate cert, CreateSelfSignedCa(common_name, key, now));
  EKSA_ASSIGN_OR_RETURN(std::string cert_pem, EncodeCertificatePem(cert));
  EKSA_ASSIGN_OR_RETURN(Secret key_pem, EncodePrivateKeyPem(key));
  return Authority{.cert = std::move(cert),
                   .key = std::move(key),
                   .pem = {.cert_pem = std::move(cert_pem), .key_pem = std::move(key_pem)}};
}

absl::StatusOr<Authority> ParseAuthority(const CertKeyPair& pem) {
  EKSA_ASSIGN_OR_RETURN(Certificate cert, ParseCertificatePem(pem.cert_pem));
  EKSA_ASSIGN_OR_RETURN(PrivateKey key, ParsePrivateKeyPem(pem.key_pem));
  return Authority{.cert = std::move(cert), .key = std::move(key), .pem = pem};
}

absl::StatusOr<CertKeyPair> IssueLeaf(const CertificateSpec& spec, const Authority& ca,
                                      KeyAlgorithm algorithm) {
  EKSA_ASSIGN_OR_RETURN(PrivateKey key, GenerateKey(algorithm));
  EKSA_ASSIGN_OR_RETURN(Certificate cert, IssueCertificate(spec, key, ca.cert, ca.key));
  EKSA_ASSIGN_OR_RETURN(std::string cert_pem, EncodeCertificatePem(cert));
  EKSA_ASSIGN_OR_RETURN(Secret key_pem, EncodePrivateKeyPem(key));
  return CertKeyPair{.cert_pem = std::move(cert_pem), .key_pem = std::move(key_pem)};
}

CertificateSpec ClientSpec(std::string common_name, std::vector<std::string> organizations,
                           absl::Time now) {
  return CertificateSpec{.common_name = std::move(common_name),
                         .organizations = std::move(organizations),
                         .client_auth = true,
                         .now = now};
}

// Appends `value` unless already present, keeping first-seen order (stable SAN lists).
void AppendUnique(std::vector<std::string>& list, const std::string& value) {
  for (const std::string& v : list) {
    if (v == value) return;
  }
  list.push_back(value);
}

bool IsDnsLabelish(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') return false;
  }
  return true;
}

absl::Status ValidateMachines(const std::vector<Machine>& machines, std::string_view kind,
                              std::set<std::string>& seen) {
  for (const Machine& m : machines) {
    if (!IsDnsLabelish(m.name)) {
      return absl::InvalidArgumentError(
          absl::StrCat(std::string(kind), " machine name \"", m.name, "\" is not a DNS name"));
    }
    if (!seen.insert(m.name).second) {
      return absl::InvalidArgumentError(absl::StrCat("duplicate machine name \"", m.name, "\""));
    }
    if (!m.ip.empty() && !IsIpAddress(m.ip)) {
      return absl::InvalidArgumentError(
          absl::StrCat("machine ", m.name, ": \"", m.ip, "\" is not an IP address"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateRequest(const PkiRequest& r) {
  if (!IsDnsLabelish(r.cluster_name)) {
    return absl::InvalidArgumentError(
        absl::StrCat("cluster name \"", r.cluster_name, "\" is not a DNS name"));
  }
  if (!ParseIpv4(r.endpoint).ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("control-plane endpoint \"", r.endpoint, "\" is not an IPv4 address"));
  }
  EKSA_RETURN_IF_ERROR(NthAddressInCidr(r.service_cidr, 1));
  if (!IsDnsLabelish(r.dns_domain)) {
    return absl::InvalidArgumentError(
        absl::StrCat("DNS domain \"", r.dns_domain, "\" is not a DNS name"));
  }
  std::set<std::string> seen;
  return ValidateMachines(r.control_plane_machines, "control-plane", seen);
}

absl::StatusOr<CertificateSpec> ApiServerSpec(const PkiRequest& r) {
  EKSA_ASSIGN_OR_RETURN(std::string service_ip, NthAddressInCidr(r.service_cidr, 1));
  CertificateSpec spec{.common_name = "kube-apiserver", .server_auth = true, .now = r.now};
  for (std::string dns :
       {std::string("kubernetes"), std::string("kubernetes.default"),
        std::string("kubernetes.default.svc"),
        absl::StrCat("kubernetes.default.svc.", r.dns_domain), std::string("localhost")}) {
    AppendUnique(spec.dns_names, dns);
  }
  for (const std::string& ip : {service_ip, r.endpoint, std::string("127.0.0.1")}) {
    AppendUnique(spec.ip_addresses, ip);
  }
  for (const Machine& m : r.control_plane_machines) {
    AppendUnique(spec.dns_names, m.name);
    if (!m.ip.empty()) AppendUnique(spec.ip_addresses, m.ip);
  }
  return spec;
}

// The leaves signed by the cluster CA and the front-proxy CA.
absl::Status IssueControlPlaneLeaves(const PkiRequest& r, const Authority& ca,
                                     const Authority& front_proxy_ca, ClusterPki& pki) {
  const KeyAlgorithm alg = r.key_algorithm;
  EKSA_ASSIGN_OR_RETURN(CertificateSpec apiserver, ApiServerSpec(r));
  EKSA_ASSIGN_OR_RETURN(pki.apiserver, IssueLeaf(apiserver, ca, alg));
  EKSA_ASSIGN_OR_RETURN(
      pki.apiserver_kubelet_client,
      IssueLeaf(ClientSpec("kube-apiserver-kubelet-client", {"system:masters"}, r.now), ca, alg));
  EKSA_ASSIGN_OR_RETURN(
      pki.admin, IssueLeaf(ClientSpec("kubernetes-admin", {"system:masters"}, r.now), ca, alg));
  EKSA_ASSIGN_OR_RETURN(
      pki.front_proxy_client,
      IssueLeaf(ClientSpec("front-proxy-client", {}, r.now), front_proxy_ca, alg));
  return absl::OkStatus();
}

// The leaves signed by the etcd CA.
absl::Status IssueEtcdLeaves(const PkiRequest& r, const Authority& etcd_ca, ClusterPki& pki) {
  const KeyAlgorithm alg = r.key_algorithm;
  EKSA_ASSIGN_OR_RETURN(
      pki.apiserver_etcd_client,
      IssueLeaf(ClientSpec("kube-apiserver-etcd-client", {}, r.now), etcd_ca, alg));
  EKSA_ASSIGN_OR_RETURN(
      pki.etcd_healthcheck_client,
      IssueLeaf(ClientSpec("kube-etcd-healthcheck-client", {}, r.now), etcd_ca, alg));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ClusterPki> GenerateClusterPki(const PkiRequest& request) {
  EKSA_RETURN_IF_ERROR(ValidateRequest(request));
  const KeyAlgorithm alg = request.key_algorithm;
  EKSA_ASSIGN_OR_RETURN(Authority ca, NewAuthority("kubernetes", alg, request.now));
  EKSA_ASSIGN_OR_RETURN(Authority etcd_ca, NewAuthority("etcd-ca", alg, request.now));
  EKSA_ASSIGN_OR_RETURN(Authority front_proxy_ca, NewAuthority("front-proxy-ca", alg, request.now));
  ClusterPki pki;
  pki.ca = ca.pem;
  pki.etcd_ca = etcd_ca.pem;
  pki.front_proxy_ca = front_proxy_ca.pem;
  EKSA_ASSIGN_OR_RETURN(PrivateKey sa_key, GenerateKey(alg));
  EKSA_ASSIGN_OR_RETURN(pki.service_account.public_pem, EncodePublicKeyPem(sa_key));
  EKSA_ASSIGN_OR_RETURN(pki.service_account.private_pem, EncodePrivateKeyPem(sa_key));
  EKSA_RETURN_IF_ERROR(IssueControlPlaneLeaves(request, ca, front_proxy_ca, pki));
  EKSA_RETURN_IF_ERROR(IssueEtcdLeaves(request, etcd_ca, pki));
  EKSA_ASSIGN_OR_RETURN(pki.ca_cert_hash, CaCertHash(ca.cert));
  return pki;
}

absl::StatusOr<CertKeyPair> IssueApiServerCert(const PkiRequest& request, const CertKeyPair& ca) {
  EKSA_RETURN_IF_ERROR(ValidateRequest(request));
  EKSA_ASSIGN_OR_RETURN(Authority authority, ParseAuthority(ca));
  EKSA_ASSIGN_OR_RETURN(CertificateSpec spec, ApiServerSpec(request));
  return IssueLeaf(spec, authority, request.key_algorithm);
}

std::string ClusterPki::DebugString() const {
  return absl::StrCat(
      "ClusterPki{cas: [kubernetes, etcd-ca, front-proxy-ca], leaves: [apiserver, "
      "apiserver-kubelet-client, apiserver-etcd-client, front-proxy-client, "
      "etcd-healthcheck-client, admin], caCertHash: ",
      ca_cert_hash, ", keys: <redacted>}");
}

}  // namespace eksa::planner::pki
