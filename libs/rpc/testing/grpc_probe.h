// Client-side probes of the health and reflection services every eksa server serves, for tests.
#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpc/health/v1/health.pb.h"

namespace eksa::rpc::testing {

using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

// grpc.health.v1.Health/Check for `service` ("" is the server as a whole). The RPC's error, as
// absl::Status, when the call fails (kNotFound for a service the server doesn't know).
absl::StatusOr<ServingStatus> CheckHealth(const std::shared_ptr<grpc::Channel>& channel,
                                          const std::string& service,
                                          absl::Duration timeout = absl::Seconds(5));

// The full names of the services the server lists through grpc.reflection.v1alpha.
absl::StatusOr<std::vector<std::string>> ListServices(const std::shared_ptr<grpc::Channel>& channel,
                                                      absl::Duration timeout = absl::Seconds(5));

// Waits until `channel` is connected, for at most `timeout`.
bool WaitForConnected(const std::shared_ptr<grpc::Channel>& channel, absl::Duration timeout);

}  // namespace eksa::rpc::testing
