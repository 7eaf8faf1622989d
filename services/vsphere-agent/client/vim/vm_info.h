// What eksa reads of a VM: identity, power, guest addresses, size, disks, networks,
// extraConfig, snapshot. One RetrievePropertiesEx of kVmInfoPaths.
#pragma once

#include <cstdint>
#include <memory>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/vim/object_content.h"
#include "services/vsphere-agent/client/vim/values.h"
#include "services/vsphere-agent/client/vim/virtual_device.h"

namespace eksa::vsphere::vim {

// The property paths DecodeVmInfo reads; without config.extraConfig (the largest: guestinfo
// userdata) when `with_extra_config` is false, for reads that do not need it.
const std::vector<std::string>& VmInfoPaths(bool with_extra_config = true);

// vim.GuestInfo, the parts eksa uses.
struct GuestInfo {
  std::string ip_address;                 // guest.ipAddress: the primary address ("" before Tools)
  std::vector<std::string> ip_addresses;  // every guest.net[].ipAddress, IPv4 first, unique
  std::string host_name;
  std::string tools_running_status;  // "guestToolsRunning", "guestToolsNotRunning"
  std::string guest_state;           // "running", "notRunning"
};

// Decodes a GuestInfo value (the `guest` property).
[[nodiscard]] absl::StatusOr<GuestInfo> DecodeGuestInfo(pugi::xml_node val);
// The addresses of an ArrayOfGuestNicInfo (the `guest.net` property), IPv4 first, unique.
std::vector<std::string> DecodeGuestNetAddresses(pugi::xml_node val);

struct VmInfo {
  soap::MoRef ref;
  std::string name;
  soap::MoRef parent;       // its folder
  std::string power_state;  // "poweredOn", "poweredOff", "suspended"
  GuestInfo guest;          // ip_address and ip_addresses filled
  bool is_template = false;
  std::string uuid;           // config.uuid (BIOS UUID)
  std::string instance_uuid;  // config.instanceUuid
  std::string guest_id;
  int32_t num_cpus = 0;
  int64_t memory_mb = 0;
  std::vector<VirtualDevice> devices;  // nodes valid while `source` lives
  std::vector<OptionValue> extra_config;
  soap::MoRef current_snapshot;  // empty when the VM has no snapshot
  std::shared_ptr<const ObjectContents> source;
};

// Decodes the kVmInfoPaths properties of `content` (`source` holds it). Unset properties keep
// their defaults (a template has no power state worth reading, a fresh VM no guest address).
[[nodiscard]] absl::StatusOr<VmInfo> DecodeVmInfo(const ObjectContent& content,
                                                  std::shared_ptr<const ObjectContents> source);

}  // namespace eksa::vsphere::vim
