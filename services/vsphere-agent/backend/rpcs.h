// The RPCs of VSphereAgentService as ClientBackend runs them, one function per RPC, each in its
// own file (check_vcenter.cc, create_vm.cc, …). ClientBackend (client_backend.h) forwards to
// them; tests may call them directly on a BackendState.
//
// Every function follows VCenterBackend's contract (agent/vcenter_backend.h) and the proto's
// (protos/eksa/vsphere/v1/vsphere_agent.proto): the codes of its header comment, the caller's
// deadline and cancellation, nothing secret in a status.
#pragma once

#include "absl/status/statusor.h"
#include "eksa/vsphere/v1/vsphere_agent.pb.h"
#include "services/vsphere-agent/agent/vcenter_backend.h"
#include "services/vsphere-agent/backend/backend_state.h"

namespace eksa::vsphere_agent::backend {

[[nodiscard]] absl::StatusOr<v1::CheckVCenterResponse> CheckVCenter(
    BackendState& state, const v1::CheckVCenterRequest& request, const CallContext& context);
[[nodiscard]] absl::StatusOr<v1::CheckMachineConfigResponse> CheckMachineConfig(
    BackendState& state, const v1::CheckMachineConfigRequest& request, const CallContext& context);
[[nodiscard]] absl::StatusOr<v1::CheckCapacityResponse> CheckCapacity(
    BackendState& state, const v1::CheckCapacityRequest& request, const CallContext& context);
[[nodiscard]] absl::StatusOr<v1::EnsureTemplateResponse> EnsureTemplate(
    BackendState& state, const v1::EnsureTemplateRequest& request, const CallContext& context);
[[nodiscard]] absl::StatusOr<v1::CreateVmResponse> CreateVm(BackendState& state,
                                                            const v1::CreateVmRequest& request,
                                                            const CallContext& context);
[[nodiscard]] absl::StatusOr<v1::PowerOnVmResponse> PowerOnVm(BackendState& state,
                                                              const v1::PowerOnVmRequest& request,
                                                              const CallContext& context);
[[nodiscard]] absl::StatusOr<v1::PowerOffVmResponse> PowerOffVm(
    BackendState& state, const v1::PowerOffVmRequest& request, const CallContext& context);
[[nodiscard]] absl::StatusOr<v1::WaitForIpResponse> WaitForIp(BackendState& state,
                                                              const v1::WaitForIpRequest& request,
                                                              const CallContext& context);
[[nodiscard]] absl::StatusOr<v1::DestroyVmResponse> DestroyVm(BackendState& state,
                                                              const v1::DestroyVmRequest& request,
                                                              const CallContext& context);
[[nodiscard]] absl::StatusOr<v1::GetVmResponse> GetVm(BackendState& state,
                                                      const v1::GetVmRequest& request,
                                                      const CallContext& context);
[[nodiscard]] absl::StatusOr<v1::ListVmsResponse> ListVms(BackendState& state,
                                                          const v1::ListVmsRequest& request,
                                                          const CallContext& context);

}  // namespace eksa::vsphere_agent::backend
