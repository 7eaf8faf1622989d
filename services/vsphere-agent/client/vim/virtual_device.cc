#include "services/vsphere-agent/client/vim/virtual_device.h"

#include <array>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/vim/values.h"

namespace eksa::vsphere::vim {

bool VirtualDevice::IsEthernetCard() const {
  static constexpr std::array<std::string_view, 9> kCards = {
      "VirtualE1000",       "VirtualE1000e",  "VirtualPCNet32",      "VirtualVmxnet",
      "VirtualVmxnet2",     "VirtualVmxnet3", "VirtualVmxnet3Vrdma", "VirtualSriovEthernetCard",
      "VirtualEthernetCard"};
  for (std::string_view c : kCards) {
    if (type == c) return true;
  }
  return false;
}

absl::StatusOr<std::vector<VirtualDevice>> DecodeDevices(pugi::xml_node val) {
  std::vector<VirtualDevice> out;
  for (pugi::xml_node d : soap::Children(val, "VirtualDevice")) {
    VirtualDevice dev{.type = std::string(soap::XsiType(d)), .node = d};
    absl::StatusOr<int64_t> key = DecodeInt(soap::Child(d, "key"));
    if (dev.type.empty() || !key.ok()) {
      return absl::InternalError("decoding config.hardware.device: a device without type or key");
    }
    dev.key = static_cast<int32_t>(*key);
    dev.label = std::string(soap::ChildText(soap::Child(d, "deviceInfo"), "label"));
    absl::StatusOr<int64_t> controller = ChildInt(d, "controllerKey");
    if (!controller.ok()) return controller.status();
    dev.controller_key = static_cast<int32_t>(*controller);
    if (pugi::xml_node unit = soap::Child(d, "unitNumber")) {
      absl::StatusOr<int64_t> u = DecodeInt(unit);
      if (!u.ok()) return u.status();
      dev.unit_number = static_cast<int32_t>(*u);
    }
    pugi::xml_node backing = soap::Child(d, "backing");
    if (dev.IsDisk()) {
      absl::StatusOr<int64_t> bytes = ChildInt(d, "capacityInBytes", -1);
      absl::StatusOr<int64_t> kb = ChildInt(d, "capacityInKB");
      if (!bytes.ok()) return bytes.status();
      if (!kb.ok()) return kb.status();
      dev.capacity_kb = *bytes > 0 ? *bytes / 1024 : *kb;
      dev.file_name = std::string(soap::ChildText(backing, "fileName"));
    } else if (dev.IsEthernetCard()) {
      absl::StatusOr<MoRef> network = soap::ParseOptionalMoRef(backing, "network");
      if (!network.ok()) return network.status();
      dev.network = *std::move(network);
      dev.portgroup_key =
          std::string(soap::ChildText(soap::Child(backing, "port"), "portgroupKey"));
    }
    out.push_back(std::move(dev));
  }
  return out;
}

std::vector<const VirtualDevice*> Disks(const std::vector<VirtualDevice>& devices) {
  std::vector<const VirtualDevice*> out;
  for (const VirtualDevice& d : devices) {
    if (d.IsDisk()) out.push_back(&d);
  }
  return out;
}

std::vector<const VirtualDevice*> EthernetCards(const std::vector<VirtualDevice>& devices) {
  std::vector<const VirtualDevice*> out;
  for (const VirtualDevice& d : devices) {
    if (d.IsEthernetCard()) out.push_back(&d);
  }
  return out;
}

}  // namespace eksa::vsphere::vim
