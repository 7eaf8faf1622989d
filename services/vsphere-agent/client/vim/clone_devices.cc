#include "services/vsphere-agent/client/vim/clone_devices.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"
#include "services/vsphere-agent/client/vim/device_change.h"

namespace eksa::vsphere::vim {

std::string RemoveDevice(const VirtualDevice& device) {
  soap::XmlWriter w;
  w.Open("deviceChange", "VirtualDeviceConfigSpec")
      .Element("operation", "remove")
      .Open("device", device.type)
      .Element("key", static_cast<int64_t>(device.key))
      .Close()
      .Close();
  return std::move(w).Finish();
}

absl::StatusOr<std::vector<std::string>> PlanCloneDevices(const VmInfo& source,
                                                          const CloneDevices& wanted) {
  std::vector<std::string> changes;
  if (wanted.disk_gib.has_value()) {
    std::vector<const VirtualDevice*> disks = Disks(source.devices);
    if (disks.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(source.name, " has no disk to resize to ", *wanted.disk_gib, " GiB"));
    }
    const VirtualDevice& disk = *disks.front();
    int64_t want_kb = *wanted.disk_gib << 20;
    // Compared in whole GiB, as sizes are given (a 24.5 GiB disk "is" 25 GiB).
    if (*wanted.disk_gib < disk.CapacityGib()) {
      return absl::InvalidArgumentError(absl::StrCat("disk of ", *wanted.disk_gib,
                                                     " GiB is smaller than ", source.name, "'s (",
                                                     disk.CapacityGib(), " GiB)"));
    }
    if (*wanted.disk_gib != disk.CapacityGib()) {
      if (wanted.linked) {
        return absl::InvalidArgumentError(absl::StrCat("a linked clone keeps ", source.name,
                                                       "'s disk size (", disk.CapacityGib(),
                                                       " GiB), not ", *wanted.disk_gib, " GiB"));
      }
      changes.push_back(EditDiskCapacity(disk, want_kb));
    }
  }
  if (!wanted.networks.empty()) {
    std::vector<const VirtualDevice*> nics = EthernetCards(source.devices);
    for (size_t i = 0; i < wanted.networks.size(); ++i) {
      changes.push_back(i < nics.size()
                            ? EditNicBacking(*nics[i], wanted.networks[i])
                            : AddVmxnet3(-100 - static_cast<int32_t>(i), wanted.networks[i]));
    }
    for (size_t i = wanted.networks.size(); i < nics.size(); ++i) {
      changes.push_back(RemoveDevice(*nics[i]));
    }
  }
  return changes;
}

}  // namespace eksa::vsphere::vim
