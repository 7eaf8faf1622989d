// ClonePlan: a CreateVmRequest and what was resolved for it → the CloneVM_Task spec. Pure.
//
// What the clone carries:
//  - location: the folder, the resource pool, the datastore; a linked clone also the template's
//    current snapshot (disks become child disks of it); the storage policy's profile
//    (RelocateSpec.profile, also on the grown disk's edit) when one was resolved;
//  - config: numCPUs and memoryMB (when set), the first disk grown to disk_gib (full clones),
//    NIC i on networks[i] (the template's card edited when it is on another network, a vmxnet3
//    added when the template has fewer cards);
//  - extraConfig: guestinfo.userdata / guestinfo.metadata base64-encoded with their
//    ".encoding" = "base64" (the channel CAPV uses), and two eksa keys that let a retry recognise
//    its own clone: eksa.template (the template's moref) and eksa.requestId.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "eksa/vsphere/v1/vsphere_agent.pb.h"
#include "services/vsphere-agent/client/vim/clone_spec.h"
#include "services/vsphere-agent/client/vim/finder.h"
#include "services/vsphere-agent/client/vim/network_backing.h"
#include "services/vsphere-agent/client/vim/vm_info.h"

namespace eksa::vsphere_agent::backend {

// extraConfig keys eksa sets on its clones.
inline constexpr std::string_view kTemplateKey = "eksa.template";
inline constexpr std::string_view kRequestIdKey = "eksa.requestId";

// The request's own checks, before anything is looked up: kInvalidArgument naming the field for
// an empty vm_name (or one over 80 characters, vSphere's limit), template or resource_pool, no
// networks, CLONE_MODE_UNSPECIFIED, or negative sizes.
[[nodiscard]] absl::Status ValidateCreateVm(const ::eksa::vsphere::v1::CreateVmRequest& request);

struct CloneInputs {
  const ::eksa::vsphere::v1::CreateVmRequest* request = nullptr;
  const vsphere::vim::VmInfo* source = nullptr;  // the template, with devices and snapshot
  std::string template_path;
  vsphere::vim::InventoryObject folder;
  vsphere::vim::InventoryObject pool;
  vsphere::vim::InventoryObject datastore;             // ref empty: the template's datastore
  std::vector<vsphere::vim::NetworkBacking> networks;  // request order
  // The PBM profile id storage_policy_name resolved to (storage_policy.h); empty: none.
  std::string storage_profile_id;
};

// The clone spec. Errors: kFailedPrecondition for a linked clone of a template without a
// snapshot, or a template without a disk when disk_gib is set; kInvalidArgument for a linked
// clone whose disk_gib differs from the template's, or a full clone smaller than it. Messages
// name the template and the sizes.
[[nodiscard]] absl::StatusOr<vsphere::vim::CloneSpec> BuildCloneSpec(const CloneInputs& in);

}  // namespace eksa::vsphere_agent::backend
