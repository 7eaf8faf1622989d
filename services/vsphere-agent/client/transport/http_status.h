// Default mapping from an HTTP status to an absl::StatusCode, for responses a layer does not
// decode itself (a proxy's 503 in front of vpxd, a REST error without a typed body).
#pragma once

#include <string_view>

#include "absl/status/status.h"

namespace eksa::vsphere::transport {

// 2xx/3xx → kOk; 400 kInvalidArgument; 401 kUnauthenticated; 403 kPermissionDenied; 404
// kNotFound; 408 kDeadlineExceeded; 409 kAborted; 429 kResourceExhausted; 499 kCancelled; 501
// kUnimplemented; 502/503/504 kUnavailable (worth a retry); other 4xx kFailedPrecondition; other
// 5xx kInternal; anything else kUnknown.
absl::StatusCode HttpStatusToCode(int http_status);

// A status with that code and the message "<context>: HTTP <n>[: <first line of body, at most
// 200 bytes, redacted>]", or OK for 2xx/3xx. `context` names the call ("POST https://host/sdk").
absl::Status HttpStatusToStatus(int http_status, std::string_view context, std::string_view body);

}  // namespace eksa::vsphere::transport
