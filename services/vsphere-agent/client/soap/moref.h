// ManagedObjectReference: the (type, value) pair naming a vSphere managed object.
//
// Values are opaque strings: they may contain '/', '@', '[' or ']' (vcsim's datastore moid is a
// path, property collectors look like "session[<uuid>]<uuid>"). Never parse them.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace eksa::vsphere::soap {

struct ManagedObjectReference {
  std::string type;   // "VirtualMachine", "Folder", "Task", ...
  std::string value;  // "vm-63"

  bool empty() const { return value.empty(); }
  // "VirtualMachine:vm-63" (govmomi's notation), for messages and logs.
  std::string ToString() const;

  friend bool operator==(const ManagedObjectReference&, const ManagedObjectReference&) = default;
  friend auto operator<=>(const ManagedObjectReference&, const ManagedObjectReference&) = default;
};
using MoRef = ManagedObjectReference;

// Reads `<elem type="T">value</elem>` (the `type` attribute, unprefixed, as vim25 writes it).
// kInternal ("malformed ManagedObjectReference <elem>") when the element is null, has no `type`
// attribute or no value.
[[nodiscard]] absl::StatusOr<ManagedObjectReference> ParseMoRef(pugi::xml_node node);

// Reads the child `local_name` of `parent` as a MoRef; an empty MoRef when the child is absent.
// kInternal when present but malformed.
[[nodiscard]] absl::StatusOr<ManagedObjectReference> ParseOptionalMoRef(
    pugi::xml_node parent, std::string_view local_name);

}  // namespace eksa::vsphere::soap
