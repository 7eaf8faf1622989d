#include "services/vsphere-agent/client/vim/values.h"

#include <initializer_list>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"
#include "services/vsphere-agent/client/soap/xml.h"

namespace eksa::vsphere::vim {
namespace {

std::string Describe(pugi::xml_node node) {
  return node ? std::string(soap::LocalName(node)) : std::string("(missing value)");
}

absl::Status Malformed(pugi::xml_node node, std::string_view what) {
  return absl::InternalError(
      absl::StrCat("decoding ", AbslView(Describe(node)), ": ", AbslView(what)));
}

// OK when `val` carries no xsi:type or one of `accepted`.
absl::Status CheckType(pugi::xml_node val, std::initializer_list<std::string_view> accepted) {
  if (!val) return Malformed(val, "absent");
  std::string_view type = soap::XsiType(val);
  if (type.empty()) return absl::OkStatus();
  for (std::string_view a : accepted) {
    if (type == a) return absl::OkStatus();
  }
  return Malformed(val, absl::StrCat("unexpected type ", AbslView(type)));
}

}  // namespace

absl::StatusOr<std::string> DecodeString(pugi::xml_node val) {
  if (!val) return Malformed(val, "absent");
  // Enums are typed by their own name: any non-array simple type reads as text.
  return std::string(soap::Text(val));
}

absl::StatusOr<int64_t> DecodeInt(pugi::xml_node val) {
  if (absl::Status s = CheckType(val, {"int", "long", "short", "byte"}); !s.ok()) return s;
  int64_t v = 0;
  if (!absl::SimpleAtoi(AbslView(soap::Text(val)), &v)) {
    return Malformed(val, absl::StrCat("not an integer: \"", AbslView(soap::Text(val)), "\""));
  }
  return v;
}

absl::StatusOr<bool> DecodeBool(pugi::xml_node val) {
  if (absl::Status s = CheckType(val, {"boolean"}); !s.ok()) return s;
  std::string_view t = soap::Text(val);
  if (t == "true" || t == "1") return true;
  if (t == "false" || t == "0") return false;
  return Malformed(val, absl::StrCat("not a boolean: \"", AbslView(t), "\""));
}

absl::StatusOr<MoRef> DecodeMoRef(pugi::xml_node val) {
  if (absl::Status s = CheckType(val, {"ManagedObjectReference"}); !s.ok()) return s;
  return soap::ParseMoRef(val);
}

absl::StatusOr<std::vector<MoRef>> DecodeMoRefArray(pugi::xml_node val) {
  if (absl::Status s = CheckType(val, {"ArrayOfManagedObjectReference"}); !s.ok()) return s;
  std::vector<MoRef> refs;
  for (pugi::xml_node child : soap::Children(val, "ManagedObjectReference")) {
    absl::StatusOr<MoRef> ref = soap::ParseMoRef(child);
    if (!ref.ok()) return ref.status();
    refs.push_back(*std::move(ref));
  }
  return refs;
}

absl::StatusOr<std::vector<std::string>> DecodeStringArray(pugi::xml_node val) {
  if (absl::Status s = CheckType(val, {"ArrayOfString"}); !s.ok()) return s;
  std::vector<std::string> out;
  for (pugi::xml_node child : soap::Children(val, "string")) {
    out.emplace_back(soap::Text(child));
  }
  return out;
}

absl::StatusOr<std::vector<OptionValue>> DecodeOptionValues(pugi::xml_node val) {
  if (absl::Status s = CheckType(val, {"ArrayOfOptionValue", "OptionValue"}); !s.ok()) return s;
  std::vector<OptionValue> out;
  auto one = [&](pugi::xml_node option) -> absl::Status {
    pugi::xml_node key = soap::Child(option, "key");
    if (!key) return Malformed(option, "OptionValue without a key");
    out.push_back({std::string(soap::Text(key)), std::string(soap::ChildText(option, "value"))});
    return absl::OkStatus();
  };
  if (soap::XsiType(val) == "OptionValue") {
    if (absl::Status s = one(val); !s.ok()) return s;
    return out;
  }
  for (pugi::xml_node option : soap::Children(val, "OptionValue")) {
    if (absl::Status s = one(option); !s.ok()) return s;
  }
  return out;
}

std::optional<std::string> FindOption(const std::vector<OptionValue>& options,
                                      std::string_view key) {
  for (auto it = options.rbegin(); it != options.rend(); ++it) {
    if (it->key == key) return it->value;
  }
  return std::nullopt;
}

absl::StatusOr<int64_t> ChildInt(pugi::xml_node parent, std::string_view name, int64_t fallback) {
  pugi::xml_node child = soap::Child(parent, name);
  if (!child) return fallback;
  return DecodeInt(child);
}

absl::StatusOr<bool> ChildBool(pugi::xml_node parent, std::string_view name, bool fallback) {
  pugi::xml_node child = soap::Child(parent, name);
  if (!child) return fallback;
  return DecodeBool(child);
}

}  // namespace eksa::vsphere::vim
