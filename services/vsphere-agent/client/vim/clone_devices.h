// The device changes of a clone: the first disk grown to the requested size and the network cards
// pointed at the requested networks, planned from the source's devices (VmInfo.devices).
//
//   EKSA_ASSIGN_OR_RETURN(VmInfo tmpl, VirtualMachine(...template...).Info());
//   EKSA_ASSIGN_OR_RETURN(spec.config.device_changes,
//                         PlanCloneDevices(tmpl, {.disk_gib = 25, .networks = {backing}}));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/vim/network_backing.h"
#include "services/vsphere-agent/client/vim/vm_info.h"

namespace eksa::vsphere::vim {

struct CloneDevices {
  // Size of the first disk in GiB; nullopt keeps the source's. Compared with the source's size
  // rounded up to whole GiB: smaller is kInvalidArgument (vSphere cannot shrink a disk), equal
  // changes nothing.
  std::optional<int64_t> disk_gib;
  // The networks of the clone's cards, in order (empty keeps the source's cards). The source's
  // first cards are re-pointed, missing ones are added (vmxnet3), surplus ones removed.
  std::vector<NetworkBacking> networks;
  // A linked clone shares the source's disks: any disk size but the source's is refused.
  bool linked = false;
};

// The <deviceChange> elements for ConfigSpec.device_changes. `source.devices` nodes must still
// be valid (keep `source.source` alive). Errors: kInvalidArgument for a shrink, a resize of a
// linked clone, or a resize of a source without disks.
[[nodiscard]] absl::StatusOr<std::vector<std::string>> PlanCloneDevices(const VmInfo& source,
                                                                        const CloneDevices& wanted);

// operation=remove of `device` (its key and type only).
std::string RemoveDevice(const VirtualDevice& device);

}  // namespace eksa::vsphere::vim
