// generate-pki's outputs: the cluster PKI, admin kubeconfig and bootstrap token as task outputs,
// and back. Every PEM (keys and CA certificates alike), the kubeconfig and the token are under
// "secret." keys, sealed by the store; the CA cert hash and the token id are public.
//
//   secret.<part>.crt / secret.<part>.key    part: ca, etcd-ca, front-proxy-ca, apiserver,
//                                            apiserver-kubelet-client, apiserver-etcd-client,
//                                            front-proxy-client, etcd-healthcheck-client, admin
//   secret.sa.pub / secret.sa.key            service-account key pair
//   secret.etcd-member.<machine>.{server,peer}.{crt,key}
//   secret.admin-kubeconfig                  the admin kubeconfig (write-cluster-artifacts, ...)
//   secret.bootstrap-token                   "<id>.<secret>"
//   ca-cert-hash                             "sha256:<hex>" (kubeadm discovery)
//   bootstrap-token-id                       the token's public half
//   etcd-members                             machine names with member certs, comma-separated
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/planner/dag/task_runner.h"
#include "services/planner/pki/cluster_pki.h"
#include "services/planner/pki/secret.h"
#include "services/planner/pki/token.h"

namespace eksa::planner::tasks {

inline constexpr char kAdminKubeconfigOutput[] = "secret.admin-kubeconfig";
inline constexpr char kBootstrapTokenOutput[] = "secret.bootstrap-token";
inline constexpr char kCaCertHashOutput[] = "ca-cert-hash";
inline constexpr char kBootstrapTokenIdOutput[] = "bootstrap-token-id";

struct PkiBundle {
  pki::ClusterPki pki;  // parts may be empty when reconstructed from partial outputs
  pki::BootstrapToken token;
  pki::Secret admin_kubeconfig;
};

dag::TaskOutputs PkiToOutputs(const PkiBundle& bundle);

// The bundle from generate-pki's outputs. kFailedPrecondition when the CA certificate, the CA cert
// hash or the token is missing or the token is malformed; other parts are left empty when absent
// (RenderUserData names what a role lacks).
absl::StatusOr<PkiBundle> PkiFromOutputs(const dag::TaskOutputs& outputs);

}  // namespace eksa::planner::tasks
