#include "libs/common/status.h"

#include <string>

namespace eksa {
namespace {

// gRPC and Abseil share the canonical code numbers; a mismatch is a build error, so the
// conversion below can be a cast.
#define EKSA_CODES_MATCH(grpc_code, absl_code)                   \
  static_assert(static_cast<int>(grpc::StatusCode::grpc_code) == \
                static_cast<int>(absl::StatusCode::absl_code))
EKSA_CODES_MATCH(OK, kOk);
EKSA_CODES_MATCH(CANCELLED, kCancelled);
EKSA_CODES_MATCH(UNKNOWN, kUnknown);
EKSA_CODES_MATCH(INVALID_ARGUMENT, kInvalidArgument);
EKSA_CODES_MATCH(DEADLINE_EXCEEDED, kDeadlineExceeded);
EKSA_CODES_MATCH(NOT_FOUND, kNotFound);
EKSA_CODES_MATCH(ALREADY_EXISTS, kAlreadyExists);
EKSA_CODES_MATCH(PERMISSION_DENIED, kPermissionDenied);
EKSA_CODES_MATCH(RESOURCE_EXHAUSTED, kResourceExhausted);
EKSA_CODES_MATCH(FAILED_PRECONDITION, kFailedPrecondition);
EKSA_CODES_MATCH(ABORTED, kAborted);
EKSA_CODES_MATCH(OUT_OF_RANGE, kOutOfRange);
EKSA_CODES_MATCH(UNIMPLEMENTED, kUnimplemented);
EKSA_CODES_MATCH(INTERNAL, kInternal);
EKSA_CODES_MATCH(UNAVAILABLE, kUnavailable);
EKSA_CODES_MATCH(DATA_LOSS, kDataLoss);
EKSA_CODES_MATCH(UNAUTHENTICATED, kUnauthenticated);
#undef EKSA_CODES_MATCH

}  // namespace

absl::Status Annotate(const absl::Status& status, std::string_view context) {
  if (status.ok() || context.empty()) return status;
  std::string message(context);
  message.append(": ").append(status.message().data(), status.message().size());
  absl::Status out(status.code(), message);
  status.ForEachPayload([&out](absl::string_view type_url, const absl::Cord& payload) {
    out.SetPayload(type_url, payload);
  });
  return out;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

}  // namespace eksa
