// VCenterBackend: the vCenter operations behind VSphereAgentService, one instance per configured
// vCenter server.
//
// The service (vsphere_agent_service.h) routes each request by its `server` field to that
// server's backend, after it has checked the request id, waited for a free slot of the server's
// concurrency limit and looked the request id up in its idempotency cache. So a backend sees:
//  - only requests for its own server, with `datacenter` filled in from the agent config's
//    default when the caller left it empty;
//  - at most `concurrency` calls at once (the server's limit in the agent config);
//  - a mutating request at most once at a time per request id; a retry of a request that
//    succeeded recently is answered from the cache without reaching the backend. A backend still
//    adopts what an earlier attempt made (a VM found by name in its folder), because the cache
//    lives in memory and a retry may come after a restart or to a sibling replica.
//
// Contract of every method (the RPC of the same name in
// protos/eksa/vsphere/v1/vsphere_agent.proto says what it does):
//  - returns the response, or an absl::Status whose code follows the proto's header comment:
//    kNotFound for a missing object, kAlreadyExists for a name taken by a different object,
//    kUnavailable when vCenter cannot be reached, kDeadlineExceeded when `context.deadline`
//    passes, kInvalidArgument for a malformed request, kFailedPrecondition for a request the
//    current state refuses (e.g. DestroyVm of a template);
//  - blocks at most until `context.deadline`, and stops early (kCancelled) once
//    `context.cancelled()` turns true; a long vCenter task is cancelled in vCenter then;
//  - never puts a credential, the request's userdata or anything else secret into a status
//    message (the service redacts messages again, as a second line of defence).
//
// Thread-safe: called from many gRPC threads at once (up to the server's concurrency).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "eksa/vsphere/v1/vsphere_agent.pb.h"

namespace eksa::vsphere_agent {

namespace v1 = ::eksa::vsphere::v1;

// What a backend call knows about the RPC that caused it.
struct CallContext {
  // The caller's deadline; absl::InfiniteFuture() when it set none.
  absl::Time deadline = absl::InfiniteFuture();
  // The request's idempotency key; empty for read-only RPCs.
  std::string request_id;
  // True once the caller has gone away (cancelled, or its deadline passed). Cheap; poll it.
  std::function<bool()> cancelled = [] { return false; };
};

class VCenterBackend {
 public:
  virtual ~VCenterBackend() = default;

  [[nodiscard]] virtual absl::StatusOr<v1::CheckVCenterResponse> CheckVCenter(
      const v1::CheckVCenterRequest& request, const CallContext& context) = 0;
  [[nodiscard]] virtual absl::StatusOr<v1::CheckMachineConfigResponse> CheckMachineConfig(
      const v1::CheckMachineConfigRequest& request, const CallContext& context) = 0;
  [[nodiscard]] virtual absl::StatusOr<v1::CheckCapacityResponse> CheckCapacity(
      const v1::CheckCapacityRequest& request, const CallContext& context) = 0;
  [[nodiscard]] virtual absl::StatusOr<v1::EnsureTemplateResponse> EnsureTemplate(
      const v1::EnsureTemplateRequest& request, const CallContext& context) = 0;
  [[nodiscard]] virtual absl::StatusOr<v1::CreateVmResponse> CreateVm(
      const v1::CreateVmRequest& request, const CallContext& context) = 0;
  [[nodiscard]] virtual absl::StatusOr<v1::PowerOnVmResponse> PowerOnVm(
      const v1::PowerOnVmRequest& request, const CallContext& context) = 0;
  [[nodiscard]] virtual absl::StatusOr<v1::PowerOffVmResponse> PowerOffVm(
      const v1::PowerOffVmRequest& request, const CallContext& context) = 0;
  [[nodiscard]] virtual absl::StatusOr<v1::WaitForIpResponse> WaitForIp(
      const v1::WaitForIpRequest& request, const CallContext& context) = 0;
  [[nodiscard]] virtual absl::StatusOr<v1::DestroyVmResponse> DestroyVm(
      const v1::DestroyVmRequest& request, const CallContext& context) = 0;
  [[nodiscard]] virtual absl::StatusOr<v1::GetVmResponse> GetVm(const v1::GetVmRequest& request,
                                                                const CallContext& context) = 0;
  [[nodiscard]] virtual absl::StatusOr<v1::ListVmsResponse> ListVms(
      const v1::ListVmsRequest& request, const CallContext& context) = 0;
};

}  // namespace eksa::vsphere_agent
