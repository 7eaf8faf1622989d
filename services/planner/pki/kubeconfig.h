// The admin kubeconfig of a new cluster, as kubeadm writes admin.conf and CAPI the
// `<cluster>-kubeconfig` secret: the cluster CA and the admin client certificate and key embedded
// as base64 data, so the file works on its own.
//
//   apiVersion: v1
//   kind: Config
//   clusters:    [{name: <cluster>, cluster: {server: https://<endpoint>:6443,
//                                             certificate-authority-data: <b64 ca.crt>}}]
//   users:       [{name: <cluster>-admin, user: {client-certificate-data: <b64 admin.crt>,
//                                                 client-key-data: <b64 admin.key>}}]
//   contexts:    [{name: <cluster>-admin@<cluster>,
//                  context: {cluster: <cluster>, user: <cluster>-admin}}]
//   current-context: <cluster>-admin@<cluster>
//   preferences: {}
//
// The context is named like CAPI's ("<cluster>-admin@<cluster>"), the counterpart of kubeadm's
// "kubernetes-admin@<cluster>".
#pragma once

#include <string_view>

#include "services/planner/pki/cluster_pki.h"
#include "services/planner/pki/secret.h"

namespace eksa::planner::pki {

inline constexpr int kApiServerPort = 6443;

// The kubeconfig text. It embeds the admin private key, hence a Secret. `endpoint` is an IP
// address or host name (an IPv6 address is bracketed in the URL); names are emitted as quoted
// YAML strings, so any text is safe.
Secret AdminKubeconfig(const ClusterPki& pki, std::string_view endpoint,
                       std::string_view cluster_name);

}  // namespace eksa::planner::pki
