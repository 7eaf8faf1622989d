#include "services/vsphere-agent/agent/vsphere_agent_service.h"

#include <chrono>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/common/log.h"
#include "libs/common/redact.h"
#include "libs/common/status.h"

namespace eksa::vsphere_agent {
namespace {

// Request ids are the planner's task ids ("op-1/create-vm[lab-cp-0]"); this bounds what one
// caller can make the cache hold.
constexpr size_t kMaxRequestIdBytes = 512;

template <typename Request>
std::string RequestIdOf(const Request& request) {
  if constexpr (requires { request.request_id(); }) {
    return request.request_id();
  } else {
    return "";
  }
}

absl::Time DeadlineOf(const grpc::ServerContext& context) {
  const std::chrono::system_clock::time_point deadline = context.deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) return absl::InfiniteFuture();
  return absl::FromChrono(deadline);
}

// `request` with `datacenter` filled in when the caller left it empty, calling `fn` with it.
template <typename Request, typename Fn>
auto WithDefaultDatacenter(const Request& request, const std::string& datacenter, Fn fn) {
  if (!request.datacenter().empty() || datacenter.empty()) return fn(request);
  Request copy = request;
  copy.set_datacenter(datacenter);
  return fn(copy);
}

// One conversion point (libs/common), with the message redacted once more on the way out.
grpc::Status ToWire(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const std::string_view message(status.message().data(), status.message().size());
  return ToGrpcStatus(absl::Status(status.code(), Redact(message)));
}

}  // namespace

template <typename Request, typename Response>
absl::StatusOr<Response> VSphereAgentService::Serve(grpc::ServerContext* context,
                                                    std::string_view rpc, Idempotency idempotency,
                                                    VCenterPool& pool, const Request& request,
                                                    Method<Request, Response> method) {
  const std::string request_id = RequestIdOf(request);
  if (idempotency == Idempotency::kRequired && request_id.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(rpc), " needs a request_id (its idempotency key)"));
  }
  if (request_id.size() > kMaxRequestIdBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the request_id of ", std::string(rpc), " is longer than ", kMaxRequestIdBytes, " bytes"));
  }
  const CallContext call{.deadline = DeadlineOf(*context),
                         .request_id = request_id,
                         .cancelled = [context] { return context->IsCancelled(); }};
  auto backend_call = [&]() -> absl::StatusOr<Response> {
    const absl::Time waiting_since = absl::Now();
    absl::StatusOr<ConcurrencyLimiter::Slot> slot =
        pool.limiter.Acquire(call.deadline, call.cancelled);
    metrics_.SlotWaited(pool.config.server, absl::Now() - waiting_since);
    if (!slot.ok()) return slot.status();
    return WithDefaultDatacenter(request, pool.config.datacenter, [&](const Request& effective) {
      return (pool.backend.get()->*method)(effective, call);
    });
  };
  if (idempotency == Idempotency::kNone || request_id.empty()) return backend_call();

  IdempotencyCache::Outcome outcome = IdempotencyCache::Outcome::kRan;
  absl::StatusOr<std::string> bytes = cache_.Run(
      {.server = pool.config.server, .rpc = std::string(rpc), .request_id = request_id},
      IdempotencyCache::FingerprintOf(request.SerializeAsString()), call.deadline, call.cancelled,
      [&]() -> absl::StatusOr<std::string> {
        absl::StatusOr<Response> response = backend_call();
        if (!response.ok()) return response.status();
        return response->SerializeAsString();
      },
      &outcome);
  metrics_.Replayed(rpc, pool.config.server, outcome);
  if (!bytes.ok()) return bytes.status();
  Response response;
  if (!response.ParseFromString(*bytes)) {
    return absl::InternalError(absl::StrCat("decoding the kept ", std::string(rpc), " response"));
  }
  return response;
}

template <typename Request, typename Response>
grpc::Status VSphereAgentService::Handle(grpc::ServerContext* context, std::string_view rpc,
                                         Idempotency idempotency, const Request& request,
                                         Response* response, Method<Request, Response> method) {
  const absl::Time start = absl::Now();
  absl::StatusOr<VCenterPool*> pool = router_.Route(request.server());
  const std::string server(pool.ok() ? std::string_view(request.server()) : kUnknownServerLabel);
  const std::string request_id = RequestIdOf(request);
  InFlightCalls::Token counted = in_flight_.Begin(request_id);
  metrics_.CallStarted(rpc, server);
  log::Logger logger = log::Logger().With("rpc", std::string(rpc)).With("server", server);
  if (!request_id.empty()) logger = logger.With("requestId", request_id);
  logger.Info(4, "Handling call");

  absl::StatusOr<Response> result =
      pool.ok() ? Serve(context, rpc, idempotency, **pool, request, method) : pool.status();

  const absl::Duration took = absl::Now() - start;
  metrics_.CallFinished(rpc, server, result.status().code(), took);
  log::Fields fields = {{"code", absl::StatusCodeToString(result.status().code())},
                        {"durationMs", absl::StrCat(absl::ToInt64Milliseconds(took))}};
  if (!result.ok()) fields.push_back({"error", std::string(result.status().message())});
  logger.Info(result.ok() ? 4 : 2, "Handled call", fields);
  if (!result.ok()) return ToWire(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status VSphereAgentService::CheckVCenter(grpc::ServerContext* c,
                                               const v1::CheckVCenterRequest* req,
                                               v1::CheckVCenterResponse* resp) {
  return Handle(c, "CheckVCenter", Idempotency::kNone, *req, resp, &VCenterBackend::CheckVCenter);
}

grpc::Status VSphereAgentService::CheckMachineConfig(grpc::ServerContext* c,
                                                     const v1::CheckMachineConfigRequest* req,
                                                     v1::CheckMachineConfigResponse* resp) {
  return Handle(c, "CheckMachineConfig", Idempotency::kOptional, *req, resp,
                &VCenterBackend::CheckMachineConfig);
}

grpc::Status VSphereAgentService::CheckCapacity(grpc::ServerContext* c,
                                                const v1::CheckCapacityRequest* req,
                                                v1::CheckCapacityResponse* resp) {
  return Handle(c, "CheckCapacity", Idempotency::kNone, *req, resp, &VCenterBackend::CheckCapacity);
}

grpc::Status VSphereAgentService::EnsureTemplate(grpc::ServerContext* c,
                                                 const v1::EnsureTemplateRequest* req,
                                                 v1::EnsureTemplateResponse* resp) {
  return Handle(c, "EnsureTemplate", Idempotency::kRequired, *req, resp,
                &VCenterBackend::EnsureTemplate);
}

grpc::Status VSphereAgentService::CreateVm(grpc::ServerContext* c, const v1::CreateVmRequest* req,
                                           v1::CreateVmResponse* resp) {
  return Handle(c, "CreateVm", Idempotency::kRequired, *req, resp, &VCenterBackend::CreateVm);
}

grpc::Status VSphereAgentService::PowerOnVm(grpc::ServerContext* c, const v1::PowerOnVmRequest* req,
                                            v1::PowerOnVmResponse* resp) {
  return Handle(c, "PowerOnVm", Idempotency::kRequired, *req, resp, &VCenterBackend::PowerOnVm);
}

grpc::Status VSphereAgentService::PowerOffVm(grpc::ServerContext* c,
                                             const v1::PowerOffVmRequest* req,
                                             v1::PowerOffVmResponse* resp) {
  return Handle(c, "PowerOffVm", Idempotency::kRequired, *req, resp, &VCenterBackend::PowerOffVm);
}

grpc::Status VSphereAgentService::WaitForIp(grpc::ServerContext* c, const v1::WaitForIpRequest* req,
                                            v1::WaitForIpResponse* resp) {
  return Handle(c, "WaitForIp", Idempotency::kNone, *req, resp, &VCenterBackend::WaitForIp);
}

grpc::Status VSphereAgentService::DestroyVm(grpc::ServerContext* c, const v1::DestroyVmRequest* req,
                                            v1::DestroyVmResponse* resp) {
  return Handle(c, "DestroyVm", Idempotency::kRequired, *req, resp, &VCenterBackend::DestroyVm);
}

grpc::Status VSphereAgentService::GetVm(grpc::ServerContext* c, const v1::GetVmRequest* req,
                                        v1::GetVmResponse* resp) {
  return Handle(c, "GetVm", Idempotency::kNone, *req, resp, &VCenterBackend::GetVm);
}

grpc::Status VSphereAgentService::ListVms(grpc::ServerContext* c, const v1::ListVmsRequest* req,
                                          v1::ListVmsResponse* resp) {
  return Handle(c, "ListVms", Idempotency::kNone, *req, resp, &VCenterBackend::ListVms);
}

}  // namespace eksa::vsphere_agent
