#include "services/vsphere-agent/client/vim/device_change.h"

#include <utility>

#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"
#include "services/vsphere-agent/client/vim/xml_copy.h"

namespace eksa::vsphere::vim {
namespace {

void WriteConnectable(soap::XmlWriter& w) {
  w.Open("connectable")
      .Element("startConnected", true)
      .Element("allowGuestControl", true)
      .Element("connected", true)
      .Close();
}

// The device's deviceInfo as read. vCenter does not need it in an edit, but govc sends the whole
// device and the simulator dereferences it (an edit without one crashes its handler).
void CopyDeviceInfo(soap::XmlWriter& w, const VirtualDevice& d) {
  if (pugi::xml_node info = soap::Child(d.node, "deviceInfo")) CopyElement(w, info);
}

void WritePlacement(soap::XmlWriter& w, const VirtualDevice& d) {
  if (d.controller_key != 0) w.Element("controllerKey", static_cast<int64_t>(d.controller_key));
  if (d.unit_number) w.Element("unitNumber", static_cast<int64_t>(*d.unit_number));
}

}  // namespace

void WriteDefinedProfileSpec(soap::XmlWriter& w, std::string_view profile_id) {
  w.Open("profile", "VirtualMachineDefinedProfileSpec").Element("profileId", profile_id).Close();
}

std::string EditDiskCapacity(const VirtualDevice& disk, int64_t capacity_kb,
                             std::string_view storage_profile_id) {
  soap::XmlWriter w;
  w.Open("deviceChange", "VirtualDeviceConfigSpec").Element("operation", "edit");
  w.Open("device", "VirtualDisk").Element("key", static_cast<int64_t>(disk.key));
  CopyDeviceInfo(w, disk);
  if (pugi::xml_node backing = soap::Child(disk.node, "backing")) CopyElement(w, backing);
  WritePlacement(w, disk);
  w.Element("capacityInKB", capacity_kb).Element("capacityInBytes", capacity_kb * 1024);
  w.Close();
  if (!storage_profile_id.empty()) WriteDefinedProfileSpec(w, storage_profile_id);
  w.Close();
  return std::move(w).Finish();
}

std::string EditNicBacking(const VirtualDevice& nic, const NetworkBacking& backing) {
  soap::XmlWriter w;
  w.Open("deviceChange", "VirtualDeviceConfigSpec").Element("operation", "edit");
  w.Open("device", nic.type).Element("key", static_cast<int64_t>(nic.key));
  CopyDeviceInfo(w, nic);
  WriteNetworkBacking(w, backing);
  WriteConnectable(w);
  WritePlacement(w, nic);
  w.Close().Close();
  return std::move(w).Finish();
}

std::string AddVmxnet3(int32_t temp_key, const NetworkBacking& backing) {
  soap::XmlWriter w;
  w.Open("deviceChange", "VirtualDeviceConfigSpec").Element("operation", "add");
  w.Open("device", "VirtualVmxnet3").Element("key", static_cast<int64_t>(temp_key));
  WriteNetworkBacking(w, backing);
  WriteConnectable(w);
  w.Element("addressType", "generated");
  w.Close().Close();
  return std::move(w).Finish();
}

}  // namespace eksa::vsphere::vim
