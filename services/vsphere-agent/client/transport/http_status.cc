#include "services/vsphere-agent/client/transport/http_status.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"
#include "libs/common/redact.h"

namespace eksa::vsphere::transport {

absl::StatusCode HttpStatusToCode(int http_status) {
  if (http_status >= 200 && http_status < 400) return absl::StatusCode::kOk;
  switch (http_status) {
    case 400:
      return absl::StatusCode::kInvalidArgument;
    case 401:
      return absl::StatusCode::kUnauthenticated;
    case 403:
      return absl::StatusCode::kPermissionDenied;
    case 404:
      return absl::StatusCode::kNotFound;
    case 408:
      return absl::StatusCode::kDeadlineExceeded;
    case 409:
      return absl::StatusCode::kAborted;
    case 429:
      return absl::StatusCode::kResourceExhausted;
    case 499:
      return absl::StatusCode::kCancelled;
    case 501:
      return absl::StatusCode::kUnimplemented;
    case 502:
    case 503:
    case 504:
      return absl::StatusCode::kUnavailable;
    default:
      break;
  }
  if (http_status >= 400 && http_status < 500) return absl::StatusCode::kFailedPrecondition;
  if (http_status >= 500 && http_status < 600) return absl::StatusCode::kInternal;
  return absl::StatusCode::kUnknown;
}

absl::Status HttpStatusToStatus(int http_status, std::string_view context, std::string_view body) {
  const absl::StatusCode code = HttpStatusToCode(http_status);
  if (code == absl::StatusCode::kOk) return absl::OkStatus();
  std::string message = absl::StrCat(AbslView(context), ": HTTP ", http_status);
  const size_t eol = std::min(body.find_first_of("\r\n"), std::min<size_t>(body.size(), 200));
  if (eol > 0) {
    absl::StrAppend(&message, ": ", Redact(body.substr(0, eol)));
  }
  return absl::Status(code, message);
}

}  // namespace eksa::vsphere::transport
