// Typed decoding of vim25 property values (the `val` of a DynamicProperty or PropertyChange, or a
// field inside a data object).
//
// A value element may carry an xsi:type (`XMLSchema-instance:type="xsd:int"` from the simulator,
// `xsi:type="xsd:int"` from vCenter: soap::XsiType resolves either). When it does, the decoder
// checks it is a type it can read; fields inside data objects carry none and are read by their
// text. Server data that does not decode is kInternal ("decoding <element>: ..."): a vCenter that
// sends it is misbehaving, not the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/soap/moref.h"

namespace eksa::vsphere::vim {

using soap::MoRef;

// A vim25 OptionValue (extraConfig entry, advanced setting). `value` is the text of the value
// (every eksa key is an xsd:string; numbers and booleans come back as their text).
struct OptionValue {
  std::string key;
  std::string value;

  friend bool operator==(const OptionValue&, const OptionValue&) = default;
};

// xsd:string (or an enum, which vim25 types as its enum name, e.g. VirtualMachinePowerState).
[[nodiscard]] absl::StatusOr<std::string> DecodeString(pugi::xml_node val);
// xsd:int / xsd:long / xsd:short / xsd:byte.
[[nodiscard]] absl::StatusOr<int64_t> DecodeInt(pugi::xml_node val);
// xsd:boolean ("true"/"false"/"1"/"0").
[[nodiscard]] absl::StatusOr<bool> DecodeBool(pugi::xml_node val);
// A ManagedObjectReference value.
[[nodiscard]] absl::StatusOr<MoRef> DecodeMoRef(pugi::xml_node val);
// ArrayOfManagedObjectReference (children <ManagedObjectReference type="T">v</…>).
[[nodiscard]] absl::StatusOr<std::vector<MoRef>> DecodeMoRefArray(pugi::xml_node val);
// ArrayOfString.
[[nodiscard]] absl::StatusOr<std::vector<std::string>> DecodeStringArray(pugi::xml_node val);
// ArrayOfOptionValue (children <OptionValue><key/><value/></OptionValue>) or a single OptionValue.
[[nodiscard]] absl::StatusOr<std::vector<OptionValue>> DecodeOptionValues(pugi::xml_node val);

// The value of the *last* entry named `key` (vCenter keeps one entry per key; the simulator
// appends one per ReconfigVM, so the last is the current one). nullopt when absent.
std::optional<std::string> FindOption(const std::vector<OptionValue>& options,
                                      std::string_view key);

// Helpers for data-object fields (children without xsi:type): the text of child `name` parsed as
// an integer / boolean; `fallback` when the child is absent; kInternal when present but invalid.
[[nodiscard]] absl::StatusOr<int64_t> ChildInt(pugi::xml_node parent, std::string_view name,
                                               int64_t fallback = 0);
[[nodiscard]] absl::StatusOr<bool> ChildBool(pugi::xml_node parent, std::string_view name,
                                             bool fallback = false);

}  // namespace eksa::vsphere::vim
