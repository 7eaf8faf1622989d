// VirtualDeviceConfigSpec elements (<deviceChange>) for the device edits eksa makes: grow a disk,
// point a network card at another network, add a vmxnet3 card. The results go into
// ConfigSpec.device_changes (config_spec.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "services/vsphere-agent/client/soap/xml_writer.h"
#include "services/vsphere-agent/client/vim/network_backing.h"
#include "services/vsphere-agent/client/vim/virtual_device.h"

namespace eksa::vsphere::vim {

// operation=edit of `disk` with capacityInKB = `capacity_kb` (and capacityInBytes), keeping its
// key, deviceInfo, backing, controller and unit. `disk.node` must still be valid. With a
// `storage_profile_id` (a PBM profile id) the edit also places the disk by that storage policy
// (VirtualDeviceConfigSpec.profile, after <device>).
std::string EditDiskCapacity(const VirtualDevice& disk, int64_t capacity_kb,
                             std::string_view storage_profile_id = {});

// <profile xsi:type="VirtualMachineDefinedProfileSpec"><profileId>ID</profileId></profile>: a
// storage policy in a RelocateSpec or a VirtualDeviceConfigSpec.
void WriteDefinedProfileSpec(soap::XmlWriter& w, std::string_view profile_id);

// operation=edit of network card `nic` with a new backing (connected at power-on), keeping its
// key, deviceInfo, controller and unit. `nic.node` must still be valid.
std::string EditNicBacking(const VirtualDevice& nic, const NetworkBacking& backing);

// operation=add of a VirtualVmxnet3 card on `backing`; `temp_key` is a negative key unique in the
// spec (vCenter assigns the real one).
std::string AddVmxnet3(int32_t temp_key, const NetworkBacking& backing);

}  // namespace eksa::vsphere::vim
