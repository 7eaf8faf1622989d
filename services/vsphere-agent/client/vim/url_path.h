// The request path of an absolute URL that vCenter hands out for uploads (NFC device URLs,
// content library upload endpoints) on the transport that reaches that vCenter.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace eksa::vsphere::vim {

// The path (and query) of `url` when its host is '*' (vCenter's "this host") or the same host
// and port as `endpoint` ("https://host[:port]"), default ports (https 443, http 80) being
// equal to none: ("https://127.0.10.1:443/rest/x", "https://127.0.10.1") → "/rest/x".
// kFailedPrecondition when it is on another host (the message names both); kInvalidArgument
// for a URL without a path.
[[nodiscard]] absl::StatusOr<std::string> PathOnEndpoint(std::string_view url,
                                                         std::string_view endpoint);

}  // namespace eksa::vsphere::vim
