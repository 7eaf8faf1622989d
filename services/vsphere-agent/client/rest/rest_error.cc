#include "services/vsphere-agent/client/rest/rest_error.h"

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/absl_view.h"
#include "services/vsphere-agent/client/transport/http_status.h"

namespace eksa::vsphere::rest {
namespace {

constexpr std::string_view kPrefix = "com.vmware.vapi.std.errors.";

}  // namespace

absl::StatusCode VapiErrorToCode(std::string_view type) {
  if (type.substr(0, kPrefix.size()) == kPrefix) type.remove_prefix(kPrefix.size());
  static const std::vector<std::pair<std::string_view, absl::StatusCode>> kCodes = {
      {"already_exists", absl::StatusCode::kAlreadyExists},
      {"not_found", absl::StatusCode::kNotFound},
      {"invalid_argument", absl::StatusCode::kInvalidArgument},
      {"invalid_element_type", absl::StatusCode::kInvalidArgument},
      {"invalid_element_configuration", absl::StatusCode::kInvalidArgument},
      {"invalid_request", absl::StatusCode::kInvalidArgument},
      {"unauthenticated", absl::StatusCode::kUnauthenticated},
      {"unauthorized", absl::StatusCode::kPermissionDenied},
      {"service_unavailable", absl::StatusCode::kUnavailable},
      {"resource_busy", absl::StatusCode::kAborted},
      {"concurrent_change", absl::StatusCode::kAborted},
      {"not_allowed_in_current_state", absl::StatusCode::kFailedPrecondition},
      {"resource_inaccessible", absl::StatusCode::kFailedPrecondition},
      {"resource_in_use", absl::StatusCode::kFailedPrecondition},
      {"unsupported", absl::StatusCode::kUnimplemented},
      {"operation_not_found", absl::StatusCode::kUnimplemented},
      {"timed_out", absl::StatusCode::kDeadlineExceeded},
      {"canceled", absl::StatusCode::kCancelled},
      {"unable_to_allocate_resource", absl::StatusCode::kResourceExhausted},
      {"error", absl::StatusCode::kInternal},
      {"internal_server_error", absl::StatusCode::kInternal},
  };
  for (const auto& [name, code] : kCodes) {
    if (type == name) return code;
  }
  return absl::StatusCode::kUnknown;
}

absl::Status RestErrorToStatus(int http_status, std::string_view body, std::string_view context) {
  if (http_status >= 200 && http_status < 300) return absl::OkStatus();
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_object() && j.contains("type") && j["type"].is_string()) {
    std::string type = j["type"].get<std::string>();
    std::string short_type = type.rfind(kPrefix, 0) == 0 ? type.substr(kPrefix.size()) : type;
    std::vector<std::string> messages;
    if (j.contains("value") && j["value"].is_object()) {
      const nlohmann::json& value = j["value"];
      if (value.contains("messages") && value["messages"].is_array()) {
        for (const nlohmann::json& m : value["messages"]) {
          if (m.is_object() && m.contains("default_message") && m["default_message"].is_string()) {
            messages.push_back(m["default_message"].get<std::string>());
          }
        }
      }
    }
    std::string message = absl::StrCat(AbslView(context), ": ", short_type);
    if (!messages.empty()) absl::StrAppend(&message, ": ", absl::StrJoin(messages, "; "));
    return absl::Status(VapiErrorToCode(type), message);
  }
  return transport::HttpStatusToStatus(http_status, context, body);
}

}  // namespace eksa::vsphere::rest
