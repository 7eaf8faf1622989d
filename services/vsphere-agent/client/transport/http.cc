#include "services/vsphere-agent/client/transport/http.h"

#include "absl/strings/match.h"
#include "libs/common/absl_view.h"

namespace eksa::vsphere::transport {

std::string_view MethodName(Method method) {
  switch (method) {
    case Method::kGet:
      return "GET";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
  }
  return "GET";
}

std::optional<std::string_view> FindHeader(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(AbslView(key), AbslView(name))) {
      return std::string_view(value);
    }
  }
  return std::nullopt;
}

}  // namespace eksa::vsphere::transport
