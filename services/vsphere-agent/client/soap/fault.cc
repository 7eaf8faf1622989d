#include "services/vsphere-agent/client/soap/fault.h"

#include <nlohmann/json.hpp>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "libs/common/absl_view.h"
#include "services/vsphere-agent/client/soap/xml.h"

namespace eksa::vsphere::soap {
namespace {

const absl::flat_hash_map<std::string, absl::StatusCode>& CodeTable() {
  using C = absl::StatusCode;
  static const auto* table = new absl::flat_hash_map<std::string, absl::StatusCode>{
      {"NotAuthenticated", C::kUnauthenticated},
      {"InvalidLogin", C::kUnauthenticated},
      {"ManagedObjectNotFound", C::kNotFound},
      {"NotFound", C::kNotFound},
      {"FileNotFound", C::kNotFound},
      {"DuplicateName", C::kAlreadyExists},
      {"AlreadyExists", C::kAlreadyExists},
      {"FileAlreadyExists", C::kAlreadyExists},
      {"NoPermission", C::kPermissionDenied},
      {"InvalidPowerState", C::kFailedPrecondition},
      {"InvalidState", C::kFailedPrecondition},
      {"TaskInProgress", C::kAborted},
      {"InvalidArgument", C::kInvalidArgument},
      {"InvalidName", C::kInvalidArgument},
      {"InvalidRequest", C::kInvalidArgument},
      {"NotSupported", C::kUnimplemented},
      {"NotImplemented", C::kUnimplemented},
      {"RequestCanceled", C::kCancelled},
      {"Timedout", C::kDeadlineExceeded},
      {"HostCommunication", C::kUnavailable},
      {"HostNotConnected", C::kUnavailable},
      {"SystemError", C::kInternal},
      {"RuntimeFault", C::kInternal},
  };
  return *table;
}

// The leaf children of a typed fault element, by local name.
std::map<std::string, std::string> LeafFields(pugi::xml_node typed) {
  std::map<std::string, std::string> fields;
  for (pugi::xml_node c = typed.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element ||
        c.find_child([](pugi::xml_node n) { return n.type() == pugi::node_element; })) {
      continue;
    }
    fields.emplace(std::string(LocalName(c)), std::string(Text(c)));
  }
  return fields;
}

// The vim type of a typed fault element: its xsi:type, else its name minus "Fault".
std::string TypeOf(pugi::xml_node typed) {
  std::string_view type = XsiType(typed);
  if (!type.empty()) return std::string(type);
  absl::string_view name = AbslView(LocalName(typed));
  absl::ConsumeSuffix(&name, "Fault");
  return std::string(name);
}

}  // namespace

absl::StatusCode FaultTypeToCode(std::string_view type) {
  const auto& table = CodeTable();
  auto it = table.find(AbslView(type));
  return it == table.end() ? absl::StatusCode::kUnknown : it->second;
}

absl::Status FaultToStatus(const Fault& fault) {
  std::string message = fault.type.empty() ? std::string("untyped SOAP fault") : fault.type;
  if (!fault.message.empty()) absl::StrAppend(&message, ": ", fault.message);
  absl::Status status(FaultTypeToCode(fault.type), message);
  nlohmann::json j = {{"type", fault.type}, {"message", fault.message}, {"fields", fault.fields}};
  status.SetPayload(AbslView(kFaultPayloadUrl),
                    absl::Cord(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
  return status;
}

absl::StatusOr<Fault> ParseSoapFault(pugi::xml_node fault) {
  if (!IsElement(fault, kSoapEnvelopeNs, "Fault")) {
    return absl::InternalError("malformed SOAP fault: not a soapenv:Fault element");
  }
  Fault out;
  out.message = std::string(ChildText(fault, "faultstring"));
  pugi::xml_node detail = Child(fault, "detail");
  pugi::xml_node typed =
      detail.find_child([](pugi::xml_node n) { return n.type() == pugi::node_element; });
  if (typed) {
    out.type = TypeOf(typed);
    out.fields = LeafFields(typed);
  }
  return out;
}

absl::StatusOr<Fault> ParseLocalizedMethodFault(pugi::xml_node node) {
  pugi::xml_node typed = Child(node, "fault");
  if (!typed) {
    return absl::InternalError(
        absl::StrCat("malformed LocalizedMethodFault <", node.name(), ">: no fault element"));
  }
  Fault out;
  out.type = TypeOf(typed);
  out.fields = LeafFields(typed);
  out.message = std::string(ChildText(node, "localizedMessage"));
  return out;
}

std::optional<Fault> FaultFromStatus(const absl::Status& status) {
  auto payload = status.GetPayload(AbslView(kFaultPayloadUrl));
  if (!payload.has_value()) return std::nullopt;
  nlohmann::json j =
      nlohmann::json::parse(std::string(*payload), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  Fault out;
  out.type = j.value("type", "");
  out.message = j.value("message", "");
  if (auto it = j.find("fields"); it != j.end() && it->is_object()) {
    for (const auto& [k, v] : it->items()) {
      if (v.is_string()) out.fields.emplace(k, v.get<std::string>());
    }
  }
  return out;
}

bool IsFault(const absl::Status& status, std::string_view type) {
  std::optional<Fault> f = FaultFromStatus(status);
  return f.has_value() && f->type == type;
}

}  // namespace eksa::vsphere::soap
