#include "libs/rpc/testing/grpc_probe.h"

#include <grpcpp/client_context.h>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "libs/common/status.h"
#include "src/proto/grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace eksa::rpc::testing {

namespace reflection = grpc::reflection::v1alpha;

absl::StatusOr<ServingStatus> CheckHealth(const std::shared_ptr<grpc::Channel>& channel,
                                          const std::string& service, absl::Duration timeout) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status =
      grpc::health::v1::Health::NewStub(channel)->Check(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response.status();
}

absl::StatusOr<std::vector<std::string>> ListServices(const std::shared_ptr<grpc::Channel>& channel,
                                                      absl::Duration timeout) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  auto stub = reflection::ServerReflection::NewStub(channel);
  auto stream = stub->ServerReflectionInfo(&context);
  reflection::ServerReflectionRequest request;
  request.set_list_services("*");
  reflection::ServerReflectionResponse response;
  const bool exchanged = stream->Write(request) && stream->WritesDone() && stream->Read(&response);
  grpc::Status status = stream->Finish();
  if (!status.ok()) return FromGrpcStatus(status);
  if (!exchanged) return absl::InternalError("reflection stream ended without a response");
  if (response.has_error_response()) {
    return absl::InternalError(
        absl::StrCat("reflection error: ", response.error_response().error_message()));
  }
  std::vector<std::string> names;
  for (const reflection::ServiceResponse& service : response.list_services_response().service()) {
    names.push_back(service.name());
  }
  return names;
}

bool WaitForConnected(const std::shared_ptr<grpc::Channel>& channel, absl::Duration timeout) {
  return channel->WaitForConnected(absl::ToChronoTime(absl::Now() + timeout));
}

}  // namespace eksa::rpc::testing
