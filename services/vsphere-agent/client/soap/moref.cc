#include "services/vsphere-agent/client/soap/moref.h"

#include "absl/strings/str_cat.h"
#include "services/vsphere-agent/client/soap/xml.h"

namespace eksa::vsphere::soap {

std::string ManagedObjectReference::ToString() const { return absl::StrCat(type, ":", value); }

absl::StatusOr<ManagedObjectReference> ParseMoRef(pugi::xml_node node) {
  if (!node || node.type() != pugi::node_element) {
    return absl::InternalError("malformed ManagedObjectReference: element missing");
  }
  ManagedObjectReference ref{.type = node.attribute("type").value(),
                             .value = std::string(Text(node))};
  if (ref.type.empty() || ref.value.empty()) {
    return absl::InternalError(
        absl::StrCat("malformed ManagedObjectReference <", node.name(), ">"));
  }
  return ref;
}

absl::StatusOr<ManagedObjectReference> ParseOptionalMoRef(pugi::xml_node parent,
                                                          std::string_view local_name) {
  pugi::xml_node child = Child(parent, local_name);
  if (!child) return ManagedObjectReference{};
  return ParseMoRef(child);
}

}  // namespace eksa::vsphere::soap
