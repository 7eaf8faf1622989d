#include "services/vsphere-agent/client/vim/config_spec.h"

namespace eksa::vsphere::vim {

void WriteConfigSpec(soap::XmlWriter& w, std::string_view element, const ConfigSpec& spec) {
  w.Open(element);
  if (spec.annotation) w.Element("annotation", *spec.annotation);
  if (spec.num_cpus) w.Element("numCPUs", static_cast<int64_t>(*spec.num_cpus));
  if (spec.num_cores_per_socket) {
    w.Element("numCoresPerSocket", static_cast<int64_t>(*spec.num_cores_per_socket));
  }
  if (spec.memory_mb) w.Element("memoryMB", *spec.memory_mb);
  for (const std::string& change : spec.device_changes) w.Raw(change);
  for (const OptionValue& o : spec.extra_config) {
    w.Open("extraConfig", "OptionValue")
        .Element("key", o.key)
        .TypedElement("value", "xsd:string", o.value)
        .Close();
  }
  w.Close();
}

}  // namespace eksa::vsphere::vim
