#include "services/planner/userdata/userdata.h"

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/planner/userdata/internal.h"
#include "services/planner/userdata/yaml_writer.h"

namespace eksa::planner::userdata {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kInitControlPlane:
      return "init-control-plane";
    case Role::kJoinControlPlane:
      return "join-control-plane";
    case Role::kWorker:
      return "worker";
    case Role::kEtcd:
      return "etcd";
  }
  return "unknown";
}

std::string_view OsFamilyName(OsFamily os) {
  return os == OsFamily::kUbuntu ? "ubuntu" : "bottlerocket";
}

absl::StatusOr<pki::Secret> RenderUserData(const MachineBootstrap& machine,
                                           const pki::ClusterPki& pki,
                                           const pki::BootstrapToken& token) {
  const std::string context = "rendering userdata for " + machine.machine_name;
  EKSA_RETURN_IF_ERROR(Annotate(internal::Validate(machine, pki, token), context));
  absl::StatusOr<std::vector<internal::File>> files = internal::RoleFiles(machine, pki, token);
  if (!files.ok()) return Annotate(files.status(), context);

  if (machine.os == OsFamily::kUbuntu) {
    std::vector<internal::File> containerd = internal::ContainerdFiles(machine);
    const bool containerd_changed = !containerd.empty();
    files->insert(files->end(), std::make_move_iterator(containerd.begin()),
                  std::make_move_iterator(containerd.end()));
    return internal::CloudConfig(machine, *files,
                                 internal::RunCommands(machine, containerd_changed),
                                 /*identity=*/true);
  }
  // Bottlerocket: workers join through the OS's own TLS bootstrap with the token; the other
  // roles run the same cloud-config in the kubeadm bootstrap container.
  if (machine.role == Role::kWorker) {
    return internal::BottlerocketSettings(machine, pki, token, nullptr);
  }
  const pki::Secret container_data = internal::CloudConfig(
      machine, *files, internal::RunCommands(machine, false), /*identity=*/false);
  return internal::BottlerocketSettings(machine, pki, token, &container_data);
}

std::string RenderMetadata(std::string_view machine_name) {
  YamlNode doc = YamlNode::Map();
  doc.Set("instance-id", YamlNode::String(std::string(machine_name)));
  doc.Set("local-hostname", YamlNode::String(std::string(machine_name)));
  return doc.Render();
}

std::vector<GuestInfoEntry> GuestInfo(const pki::Secret& userdata, std::string_view metadata) {
  std::vector<GuestInfoEntry> entries;
  entries.push_back({"guestinfo.metadata", pki::Secret(absl::Base64Escape(absl::string_view(
                                               metadata.data(), metadata.size())))});
  entries.push_back({"guestinfo.metadata.encoding", pki::Secret("base64")});
  entries.push_back({"guestinfo.userdata", pki::Secret(absl::Base64Escape(userdata.Reveal()))});
  entries.push_back({"guestinfo.userdata.encoding", pki::Secret("base64")});
  return entries;
}

}  // namespace eksa::planner::userdata
