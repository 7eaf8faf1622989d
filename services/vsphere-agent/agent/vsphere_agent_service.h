// VSphereAgentService over gRPC: routes each request by its `server` field to that vCenter's
// backend (vcenter_router.h), with the agent's per-server concurrency limit, request_id
// idempotency for mutating RPCs and per-RPC metrics. The vSphere work itself is the backend's
// (vcenter_backend.h); this class holds no vSphere logic.
//
// Every RPC goes through the same steps:
//  1. route: a server this agent does not serve → FAILED_PRECONDITION naming it and the servers
//     it serves;
//  2. mutating RPCs (EnsureTemplate, CreateVm, PowerOnVm, PowerOffVm, DestroyVm) need a
//     request_id (INVALID_ARGUMENT without one, or with one over 512 bytes); CheckMachineConfig's
//     is optional;
//  3. a request with a request_id goes through the idempotency cache (idempotency_cache.h): a
//     retry joins the first call in flight or gets its cached success;
//  4. the call that runs waits for a slot of its vCenter (first come, first served); the
//     caller's deadline ends the wait with DEADLINE_EXCEEDED, a cancellation with CANCELLED;
//  5. an empty `datacenter` is filled in with the server's configured default;
//  6. the backend answers; its status crosses the wire through ToGrpcStatus, its message passed
//     through Redact() first.
// Each answer is counted in AgentMetrics and logged at -v 4 (errors at -v 2) with rpc, server,
// requestId, code and durationMs; request bodies (userdata) are never logged.
//
// Thread-safe: the sync gRPC server calls the handlers from its thread pool.
#pragma once

#include <string_view>

#include "eksa/vsphere/v1/vsphere_agent.grpc.pb.h"
#include "services/vsphere-agent/agent/agent_metrics.h"
#include "services/vsphere-agent/agent/idempotency_cache.h"
#include "services/vsphere-agent/agent/in_flight_calls.h"
#include "services/vsphere-agent/agent/vcenter_router.h"

namespace eksa::vsphere_agent {

class VSphereAgentService final : public v1::VSphereAgentService::Service {
 public:
  // Not owned; each must outlive the service.
  VSphereAgentService(const VCenterRouter& router, IdempotencyCache& cache, AgentMetrics& metrics,
                      InFlightCalls& in_flight)
      : router_(router), cache_(cache), metrics_(metrics), in_flight_(in_flight) {}

  grpc::Status CheckVCenter(grpc::ServerContext*, const v1::CheckVCenterRequest*,
                            v1::CheckVCenterResponse*) override;
  grpc::Status CheckMachineConfig(grpc::ServerContext*, const v1::CheckMachineConfigRequest*,
                                  v1::CheckMachineConfigResponse*) override;
  grpc::Status CheckCapacity(grpc::ServerContext*, const v1::CheckCapacityRequest*,
                             v1::CheckCapacityResponse*) override;
  grpc::Status EnsureTemplate(grpc::ServerContext*, const v1::EnsureTemplateRequest*,
                              v1::EnsureTemplateResponse*) override;
  grpc::Status CreateVm(grpc::ServerContext*, const v1::CreateVmRequest*,
                        v1::CreateVmResponse*) override;
  grpc::Status PowerOnVm(grpc::ServerContext*, const v1::PowerOnVmRequest*,
                         v1::PowerOnVmResponse*) override;
  grpc::Status PowerOffVm(grpc::ServerContext*, const v1::PowerOffVmRequest*,
                          v1::PowerOffVmResponse*) override;
  grpc::Status WaitForIp(grpc::ServerContext*, const v1::WaitForIpRequest*,
                         v1::WaitForIpResponse*) override;
  grpc::Status DestroyVm(grpc::ServerContext*, const v1::DestroyVmRequest*,
                         v1::DestroyVmResponse*) override;
  grpc::Status GetVm(grpc::ServerContext*, const v1::GetVmRequest*, v1::GetVmResponse*) override;
  grpc::Status ListVms(grpc::ServerContext*, const v1::ListVmsRequest*,
                       v1::ListVmsResponse*) override;

 private:
  // Whether an RPC's request_id is required, optional, or absent (read-only RPCs).
  enum class Idempotency { kNone, kOptional, kRequired };

  template <typename Request, typename Response>
  using Method = absl::StatusOr<Response> (VCenterBackend::*)(const Request&, const CallContext&);

  // Steps 1–6 above for one call.
  template <typename Request, typename Response>
  grpc::Status Handle(grpc::ServerContext* context, std::string_view rpc, Idempotency idempotency,
                      const Request& request, Response* response, Method<Request, Response> method);
  // Steps 2–5: the answer of `pool`'s backend, or why there is none.
  template <typename Request, typename Response>
  absl::StatusOr<Response> Serve(grpc::ServerContext* context, std::string_view rpc,
                                 Idempotency idempotency, VCenterPool& pool, const Request& request,
                                 Method<Request, Response> method);

  const VCenterRouter& router_;
  IdempotencyCache& cache_;
  AgentMetrics& metrics_;
  InFlightCalls& in_flight_;
};

}  // namespace eksa::vsphere_agent
