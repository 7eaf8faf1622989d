#include "services/planner/tasks/pki_outputs.h"

#include <utility>
#include <vector>

namespace eksa::planner::tasks {
namespace {

// The named certificate/key pairs, in a fixed order.
std::vector<std::pair<const char*, pki::CertKeyPair pki::ClusterPki::*>> Pairs() {
  using P = pki::ClusterPki;
  return {{"ca", &P::ca},
          {"etcd-ca", &P::etcd_ca},
          {"front-proxy-ca", &P::front_proxy_ca},
          {"apiserver", &P::apiserver},
          {"apiserver-kubelet-client", &P::apiserver_kubelet_client},
          {"apiserver-etcd-client", &P::apiserver_etcd_client},
          {"front-proxy-client", &P::front_proxy_client},
          {"etcd-healthcheck-client", &P::etcd_healthcheck_client},
          {"admin", &P::admin}};
}

void PutPair(dag::TaskOutputs& out, const std::string& stem, const pki::CertKeyPair& pair) {
  if (!pair.cert_pem.empty()) out["secret." + stem + ".crt"] = pair.cert_pem;
  if (!pair.key_pem.empty()) out["secret." + stem + ".key"] = pair.key_pem.Reveal();
}

std::string Get(const dag::TaskOutputs& out, const std::string& key) {
  auto it = out.find(key);
  return it == out.end() ? std::string() : it->second;
}

pki::CertKeyPair GetPair(const dag::TaskOutputs& out, const std::string& stem) {
  return {.cert_pem = Get(out, "secret." + stem + ".crt"),
          .key_pem = pki::Secret(Get(out, "secret." + stem + ".key"))};
}

}  // namespace

dag::TaskOutputs PkiToOutputs(const PkiBundle& b) {
  dag::TaskOutputs out;
  for (const auto& [stem, member] : Pairs()) PutPair(out, stem, b.pki.*member);
  if (!b.pki.service_account.public_pem.empty()) {
    out["secret.sa.pub"] = b.pki.service_account.public_pem;
  }
  if (!b.pki.service_account.private_pem.empty()) {
    out["secret.sa.key"] = b.pki.service_account.private_pem.Reveal();
  }
  out[kCaCertHashOutput] = b.pki.ca_cert_hash;
  out[kBootstrapTokenIdOutput] = b.token.id;
  out[kBootstrapTokenOutput] = b.token.Value().Reveal();
  if (!b.admin_kubeconfig.empty()) out[kAdminKubeconfigOutput] = b.admin_kubeconfig.Reveal();
  return out;
}

absl::StatusOr<PkiBundle> PkiFromOutputs(const dag::TaskOutputs& out) {
  PkiBundle b;
  for (const auto& [stem, member] : Pairs()) b.pki.*member = GetPair(out, stem);
  b.pki.service_account = {.public_pem = Get(out, "secret.sa.pub"),
                           .private_pem = pki::Secret(Get(out, "secret.sa.key"))};
  b.pki.ca_cert_hash = Get(out, kCaCertHashOutput);
  b.admin_kubeconfig = pki::Secret(Get(out, kAdminKubeconfigOutput));
  if (b.pki.ca.cert_pem.empty() || b.pki.ca_cert_hash.empty()) {
    return absl::FailedPreconditionError("generate-pki's outputs hold no cluster CA");
  }
  absl::StatusOr<pki::BootstrapToken> token =
      pki::ParseBootstrapToken(pki::Secret(Get(out, kBootstrapTokenOutput)));
  if (!token.ok()) {
    return absl::FailedPreconditionError("generate-pki's outputs hold no valid bootstrap token");
  }
  b.token = *std::move(token);
  return b;
}

}  // namespace eksa::planner::tasks
