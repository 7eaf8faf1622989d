// The external etcd member's configuration on Ubuntu. EKS-A runs etcdadm on these machines,
// which downloads etcd and makes the member certificates there; eksa issues the certificates in
// the planner instead, so the machine needs only etcd itself: an environment file in etcd's own
// ETCD_* variables (the layout etcdadm writes to /etc/etcd/etcd.env) and a systemd unit.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/planner/userdata/internal.h"

namespace eksa::planner::userdata::internal {

std::string EtcdUrl(const EtcdMember& member, int port) {
  const std::string& host = member.address.empty() ? member.name : member.address;
  const bool ipv6 = host.find(':') != std::string::npos;
  return absl::StrCat("https://", ipv6 ? "[" : "", host, ipv6 ? "]" : "", ":", port);
}

std::string EtcdEnvironment(const MachineBootstrap& m) {
  EtcdMember self{.name = m.machine_name};
  std::vector<std::string> initial_cluster;
  for (const EtcdMember& member : m.external_etcd) {
    if (member.name == m.machine_name) self = member;
    initial_cluster.push_back(absl::StrCat(member.name, "=", EtcdUrl(member, 2380)));
  }
  const std::string pki = "/etc/etcd/pki/";
  const std::pair<const char*, std::string> vars[] = {
      {"ETCD_NAME", m.machine_name},
      {"ETCD_DATA_DIR", "/var/lib/etcd"},
      {"ETCD_LISTEN_CLIENT_URLS", "https://0.0.0.0:2379"},
      {"ETCD_ADVERTISE_CLIENT_URLS", EtcdUrl(self, 2379)},
      {"ETCD_LISTEN_PEER_URLS", "https://0.0.0.0:2380"},
      {"ETCD_INITIAL_ADVERTISE_PEER_URLS", EtcdUrl(self, 2380)},
      {"ETCD_INITIAL_CLUSTER", absl::StrJoin(initial_cluster, ",")},
      {"ETCD_INITIAL_CLUSTER_STATE", "new"},
      {"ETCD_INITIAL_CLUSTER_TOKEN", m.cluster_name + "-etcd"},
      {"ETCD_CLIENT_CERT_AUTH", "true"},
      {"ETCD_TRUSTED_CA_FILE", pki + "ca.crt"},
      {"ETCD_CERT_FILE", pki + "server.crt"},
      {"ETCD_KEY_FILE", pki + "server.key"},
      {"ETCD_PEER_CLIENT_CERT_AUTH", "true"},
      {"ETCD_PEER_TRUSTED_CA_FILE", pki + "ca.crt"},
      {"ETCD_PEER_CERT_FILE", pki + "peer.crt"},
      {"ETCD_PEER_KEY_FILE", pki + "peer.key"},
  };
  std::string env;
  for (const auto& [key, value] : vars) absl::StrAppend(&env, key, "=", value, "\n");
  return env;
}

std::string EtcdUnit() {
  return "[Unit]\n"
         "Description=etcd\n"
         "Documentation=https://etcd.io/docs/\n"
         "After=network-online.target\n"
         "Wants=network-online.target\n"
         "\n"
         "[Service]\n"
         "Type=notify\n"
         "EnvironmentFile=/etc/etcd/etcd.env\n"
         "ExecStart=/opt/bin/etcd\n"
         "Restart=always\n"
         "RestartSec=5s\n"
         "LimitNOFILE=40000\n"
         "TimeoutStartSec=0\n"
         "\n"
         "[Install]\n"
         "WantedBy=multi-user.target\n";
}

}  // namespace eksa::planner::userdata::internal
