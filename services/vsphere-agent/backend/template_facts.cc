#include "services/vsphere-agent/backend/template_facts.h"

#include <algorithm>
#include <string>

#include "libs/common/status_macros.h"
#include "services/vsphere-agent/backend/vm_reader.h"

namespace eksa::vsphere_agent::backend {

namespace v1 = ::eksa::vsphere::v1;
namespace vim = vsphere::vim;

v1::TemplateInfo ToTemplateInfo(const vim::VmInfo& info, std::string path,
                                std::vector<std::string> tags) {
  v1::TemplateInfo t;
  t.set_path(std::move(path));
  t.set_moref(info.ref.value);
  for (const vim::VirtualDevice* disk : vim::Disks(info.devices)) {
    t.add_disks_gib(disk->CapacityGib());
  }
  t.set_has_snapshot(!info.current_snapshot.empty());
  std::sort(tags.begin(), tags.end());
  for (std::string& tag : tags) t.add_tags(std::move(tag));
  t.set_guest_id(info.guest_id);
  return t;
}

std::string OsFamilyName(v1::OsFamily family) {
  switch (family) {
    case v1::OS_FAMILY_BOTTLEROCKET:
      return "bottlerocket";
    case v1::OS_FAMILY_UBUNTU:
      return "ubuntu";
    case v1::OS_FAMILY_REDHAT:
      return "redhat";
    default:
      return "";
  }
}

std::vector<std::string> MissingTags(const std::vector<std::string>& required,
                                     const std::vector<std::string>& present) {
  std::vector<std::string> missing;
  for (const std::string& tag : required) {
    if (std::find(present.begin(), present.end(), tag) == present.end()) missing.push_back(tag);
  }
  return missing;
}

bool BottlerocketDisksValid(const std::vector<int64_t>& disks) {
  return (disks.size() == 1 && disks[0] == 22) ||
         (disks.size() == 2 && disks[0] == 2 && disks[1] == 20);
}

absl::StatusOr<v1::TemplateInfo> ReadTemplateInfo(RpcScope& rpc, const vim::MoRef& ref,
                                                  const std::string& path) {
  EKSA_ASSIGN_OR_RETURN(vim::VmInfo info, ReadVm(rpc, ref));
  EKSA_ASSIGN_OR_RETURN(
      std::vector<std::string> tags,
      rpc.state().connection->tagging().ListAttachedTagNames(ref, rpc.RestOptions()));
  return ToTemplateInfo(info, path, std::move(tags));
}

}  // namespace eksa::vsphere_agent::backend
