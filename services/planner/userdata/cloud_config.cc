// The #cloud-config document for Ubuntu machines and for Bottlerocket's kubeadm bootstrap
// container.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/planner/userdata/internal.h"
#include "services/planner/userdata/yaml_writer.h"

namespace eksa::planner::userdata::internal {
namespace {

// CAPI's marker that bootstrap finished, written only when the bootstrap command succeeded.
constexpr char kSuccessMarker[] =
    " && mkdir -p /run/cluster-api && echo success > /run/cluster-api/bootstrap-success.complete";

YamlNode Users(const MachineBootstrap& m) {
  YamlNode user = YamlNode::Map();
  user.Set("name", YamlNode::String(m.ssh_user));
  user.Set("sudo", YamlNode::String("ALL=(ALL) NOPASSWD:ALL"));
  user.Set("ssh_authorized_keys", YamlNode::StringSeq(m.ssh_authorized_keys));
  return YamlNode::Seq().Push(std::move(user));
}

YamlNode WriteFiles(const std::vector<File>& files) {
  YamlNode list = YamlNode::Seq();
  for (const File& f : files) {
    YamlNode entry = YamlNode::Map();
    entry.Set("path", YamlNode::String(f.path));
    entry.Set("owner", YamlNode::String("root:root"));
    entry.Set("permissions", YamlNode::String(f.permissions));
    entry.Set("content", YamlNode::Text(f.content.Reveal()));
    list.Push(std::move(entry));
  }
  return list;
}

}  // namespace

std::vector<std::string> RunCommands(const MachineBootstrap& machine, bool containerd_changed) {
  std::vector<std::string> commands;
  if (containerd_changed) {
    if (machine.registry_mirror.has_value()) {
      commands.push_back("cat /etc/containerd/config_append.toml >> /etc/containerd/config.toml");
    }
    commands.push_back("systemctl daemon-reload");
    commands.push_back("systemctl restart containerd");
  }
  switch (machine.role) {
    case Role::kInitControlPlane:
      commands.push_back(
          absl::StrCat("kubeadm init --config ", kKubeadmConfigPath, kSuccessMarker));
      break;
    case Role::kJoinControlPlane:
    case Role::kWorker:
      commands.push_back(
          absl::StrCat("kubeadm join --config ", kKubeadmConfigPath, kSuccessMarker));
      break;
    case Role::kEtcd:
      commands.push_back(absl::StrCat(EtcdadmCommand(machine), kSuccessMarker));
      break;
  }
  return commands;
}

pki::Secret CloudConfig(const MachineBootstrap& machine, const std::vector<File>& files,
                        const std::vector<std::string>& runcmd, bool identity) {
  YamlNode doc = YamlNode::Map();
  if (identity) {
    doc.Set("hostname", YamlNode::String(machine.machine_name));
    if (!machine.ssh_authorized_keys.empty()) doc.Set("users", Users(machine));
  }
  doc.Set("write_files", WriteFiles(files));
  doc.Set("runcmd", YamlNode::StringSeq(runcmd));
  return pki::Secret(absl::StrCat("#cloud-config\n", doc.Render()));
}

}  // namespace eksa::planner::userdata::internal
