// The base URL of a vCenter from what a spec or config names it by.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace eksa::vsphere::transport {

// "vcenter.example.com", "10.0.0.5:8443", "https://vc.example.com/sdk" → "https://host[:port]"
// (the scheme defaults to https; a path, query or userinfo is dropped; "http://" is kept so that
// CurlTransport can refuse it). kInvalidArgument when empty or malformed.
[[nodiscard]] absl::StatusOr<std::string> BaseUrlFromServer(std::string_view server);

}  // namespace eksa::vsphere::transport
