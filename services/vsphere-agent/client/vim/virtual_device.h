// A VM's virtual devices (config.hardware.device, ArrayOfVirtualDevice), decoded for what eksa
// changes: disks (size, for a clone's resize and TemplateInfo.disks_gib) and network cards (their
// backing, for a clone's port groups).
#pragma once

#include <cstdint>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/soap/moref.h"

namespace eksa::vsphere::vim {

struct VirtualDevice {
  std::string type;  // xsi type: "VirtualDisk", "VirtualVmxnet3", "VirtualLsiLogicController", ...
  int32_t key = 0;
  std::string label;  // deviceInfo.label ("Hard disk 1")
  int32_t controller_key = 0;
  std::optional<int32_t> unit_number;
  // Disks: the size in KiB (capacityInBytes / 1024 when present, else capacityInKB).
  int64_t capacity_kb = 0;
  // Disks: backing.fileName ("[LocalDS_0] vm/vm.vmdk").
  std::string file_name;
  // Network cards: backing.network (standard port group) or the port group key of a
  // distributed one (backing.port.portgroupKey).
  soap::MoRef network;
  std::string portgroup_key;
  // The device element itself, to copy into an edit (xml_copy.h); valid with its response.
  pugi::xml_node node;

  bool IsDisk() const { return type == "VirtualDisk"; }
  bool IsEthernetCard() const;
  // Size in GiB, rounded up (Vm.disks_gib).
  int64_t CapacityGib() const { return (capacity_kb + (1 << 20) - 1) >> 20; }
};

// Decodes an ArrayOfVirtualDevice value. kInternal for a device without key or type.
[[nodiscard]] absl::StatusOr<std::vector<VirtualDevice>> DecodeDevices(pugi::xml_node val);

// The disks, in device order (the order vCenter lists them).
std::vector<const VirtualDevice*> Disks(const std::vector<VirtualDevice>& devices);
// The network cards, in device order.
std::vector<const VirtualDevice*> EthernetCards(const std::vector<VirtualDevice>& devices);

}  // namespace eksa::vsphere::vim
