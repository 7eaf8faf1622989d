// What CheckMachineConfig and EnsureTemplate report about a template (TemplateInfo), and the
// template rules EKS-A checks on it. Pure, except ReadTemplateInfo.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "eksa/vsphere/v1/vsphere_agent.pb.h"
#include "services/vsphere-agent/backend/rpc_scope.h"
#include "services/vsphere-agent/client/vim/vm_info.h"

namespace eksa::vsphere_agent::backend {

// The proto TemplateInfo of `info` at `path`, with `tags` ("category:name").
::eksa::vsphere::v1::TemplateInfo ToTemplateInfo(const vsphere::vim::VmInfo& info, std::string path,
                                                 std::vector<std::string> tags);

// The lowercase name of an OS family ("bottlerocket", "ubuntu", "redhat"; "" for unspecified):
// the value of a template's "os:" tag.
std::string OsFamilyName(::eksa::vsphere::v1::OsFamily family);

// The entries of `required` ("category:name") missing from `present`, in `required`'s order.
std::vector<std::string> MissingTags(const std::vector<std::string>& required,
                                     const std::vector<std::string>& present);

// EKS-A's validateBRHardDiskSize: a Bottlerocket template has one 22 GiB disk, or a 2 GiB and a
// 20 GiB disk.
bool BottlerocketDisksValid(const std::vector<int64_t>& disks_gib);

// The template at `ref` (VmProtoPaths) and its tags, as TemplateInfo.
[[nodiscard]] absl::StatusOr<::eksa::vsphere::v1::TemplateInfo> ReadTemplateInfo(
    RpcScope& rpc, const vsphere::soap::MoRef& ref, const std::string& path);

}  // namespace eksa::vsphere_agent::backend
