// VirtualMachineConfigSpec: the changes eksa makes to a VM, in a clone (CloneSpec.config) or a
// ReconfigVM_Task (its spec). Only set fields are written, in the XSD's element order (vCenter
// rejects out-of-order elements; the simulator does not check).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/vsphere-agent/client/soap/xml_writer.h"
#include "services/vsphere-agent/client/vim/values.h"

namespace eksa::vsphere::vim {

struct ConfigSpec {
  std::optional<std::string> annotation;
  std::optional<int32_t> num_cpus;
  std::optional<int32_t> num_cores_per_socket;
  std::optional<int64_t> memory_mb;
  // <deviceChange> elements (device_change.h builds them), in order.
  std::vector<std::string> device_changes;
  // extraConfig entries, as xsd:string values ("guestinfo.userdata" → base64 text). vCenter
  // replaces an existing key's value (the simulator appends: readers take the last).
  std::vector<OptionValue> extra_config;

  bool empty() const {
    return !annotation && !num_cpus && !num_cores_per_socket && !memory_mb &&
           device_changes.empty() && extra_config.empty();
  }
};

// Writes `spec` as element `element` ("config" in a CloneSpec, "spec" in ReconfigVM_Task).
void WriteConfigSpec(soap::XmlWriter& w, std::string_view element, const ConfigSpec& spec);

}  // namespace eksa::vsphere::vim
