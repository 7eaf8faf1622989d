// Internal pieces of the userdata renderer, shared by its .cc files. Not a public API: callers
// use userdata.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/planner/pki/cluster_pki.h"
#include "services/planner/pki/secret.h"
#include "services/planner/pki/token.h"
#include "services/planner/userdata/userdata.h"

namespace eksa::planner::userdata::internal {

// char arrays rather than string_views: Debian's absl::StrCat takes no std::string_view.
inline constexpr char kKubeadmConfigPath[] = "/run/kubeadm/kubeadm.yaml";
inline constexpr char kCriSocket[] = "unix:///var/run/containerd/containerd.sock";
inline constexpr char kPublicPermissions[] = "0644";  // certificates, public keys, plain config
inline constexpr char kKeyPermissions[] = "0600";
inline constexpr char kConfigPermissions[] = "0640";

// A write_files entry (owner root:root).
struct File {
  std::string path;
  pki::Secret content;
  std::string permissions;
};

// validate.cc: every precondition RenderUserData documents.
absl::Status Validate(const MachineBootstrap& machine, const pki::ClusterPki& pki,
                      const pki::BootstrapToken& token);

// kubeadm_config.cc: /run/kubeadm/kubeadm.yaml for a control-plane machine or worker.
pki::Secret KubeadmConfig(const MachineBootstrap& machine, const std::string& ca_cert_hash,
                          const pki::BootstrapToken& token);

// files.cc: the role's files (PKI, kubeadm configuration or etcd configuration), common to both
// OS families; the containerd proxy / mirror files (Ubuntu only); the complete no-proxy list.
absl::StatusOr<std::vector<File>> RoleFiles(const MachineBootstrap& machine,
                                            const pki::ClusterPki& pki,
                                            const pki::BootstrapToken& token);
std::vector<File> ContainerdFiles(const MachineBootstrap& machine);
std::vector<std::string> NoProxy(const MachineBootstrap& machine);

// etcd.cc: the etcdadm command line of an etcd machine (without the success marker).
inline constexpr char kEtcdPkiDir[] = "/etc/etcd/pki";
std::string EtcdadmCommand(const MachineBootstrap& machine);

// cloud_config.cc: the runcmd list and the #cloud-config document. `identity` adds hostname and
// users (Ubuntu); the Bottlerocket bootstrap container's copy leaves them to the OS settings.
std::vector<std::string> RunCommands(const MachineBootstrap& machine, bool containerd_changed);
pki::Secret CloudConfig(const MachineBootstrap& machine, const std::vector<File>& files,
                        const std::vector<std::string>& runcmd, bool identity);

// bottlerocket.cc: the TOML settings. `bootstrap_user_data` is the cloud-config for the
// kubeadm-bootstrap container, or null for a worker.
pki::Secret BottlerocketSettings(const MachineBootstrap& machine, const pki::ClusterPki& pki,
                                 const pki::BootstrapToken& token,
                                 const pki::Secret* bootstrap_user_data);

}  // namespace eksa::planner::userdata::internal
