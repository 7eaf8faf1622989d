// Status helpers shared by every eksa component.
//
// absl::Status is the error type everywhere inside eksa. gRPC status appears only at the RPC
// boundary, converted by ToGrpcStatus / FromGrpcStatus (the one conversion point; the code
// numbers are checked equal by static_asserts in status.cc).
#pragma once

#include <grpcpp/support/status.h>

#include <string_view>

#include "absl/status/status.h"

namespace eksa {

// Returns `status` with `context` prefixed to its message ("context: message"), keeping the code
// and payloads. OK stays OK. The C++ form of EKS-A's fmt.Errorf("getting template: %v", err).
absl::Status Annotate(const absl::Status& status, std::string_view context);

// Converts at the RPC boundary. Codes map one to one; the message is copied.
grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace eksa
