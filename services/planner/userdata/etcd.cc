// External etcd members run etcdadm, as EKS-A's etcdadm bootstrap provider has them do. etcdadm
// makes the member's server, peer and client certificates from the etcd CA in its certificates
// directory, for the machine's own hostname and addresses (known only on the machine, after
// DHCP), writes etcd's environment file and systemd unit, and starts etcd. `init` starts a new
// one-member cluster; `join` adds the member through a running one (etcd member add, retried
// until that member answers) and starts it with the existing member list.
#include <string>

#include "absl/strings/str_cat.h"
#include "services/planner/userdata/internal.h"

namespace eksa::planner::userdata {

std::string EtcdUrl(const EtcdMember& member, int port) {
  const std::string& host = member.address.empty() ? member.name : member.address;
  const bool ipv6 = host.find(':') != std::string::npos;
  return absl::StrCat("https://", ipv6 ? "[" : "", host, ipv6 ? "]" : "", ":", port);
}

namespace internal {

std::string EtcdadmCommand(const MachineBootstrap& m) {
  std::string command = m.etcd_join_address.empty() ? "etcdadm init" : "etcdadm join";
  if (!m.etcd_join_address.empty()) {
    absl::StrAppend(&command, " ",
                    EtcdUrl({.name = m.machine_name, .address = m.etcd_join_address}, 2379));
  }
  absl::StrAppend(&command, " --name=", m.machine_name, " --version=", m.etcd_version,
                  " --init-system=systemd --install-dir=/opt/bin --certs-dir=", kEtcdPkiDir);
  return command;
}

}  // namespace internal
}  // namespace eksa::planner::userdata
