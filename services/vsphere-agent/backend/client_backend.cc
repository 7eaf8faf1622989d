#include "services/vsphere-agent/backend/client_backend.h"

#include <utility>

#include "libs/common/status_macros.h"
#include "services/vsphere-agent/backend/rpcs.h"

namespace eksa::vsphere_agent::backend {

absl::StatusOr<std::unique_ptr<ClientBackend>> MakeClientBackend(ClientBackendOptions options) {
  EKSA_RETURN_IF_ERROR(ValidateClientBackendOptions(options));
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<VCenterConnection> connection,
                        VCenterConnection::Create(options));
  return std::make_unique<ClientBackend>(
      std::make_unique<BackendState>(std::move(options), std::move(connection)));
}

absl::StatusOr<v1::CheckVCenterResponse> ClientBackend::CheckVCenter(
    const v1::CheckVCenterRequest& request, const CallContext& context) {
  return backend::CheckVCenter(*state_, request, context);
}

absl::StatusOr<v1::CheckMachineConfigResponse> ClientBackend::CheckMachineConfig(
    const v1::CheckMachineConfigRequest& request, const CallContext& context) {
  return backend::CheckMachineConfig(*state_, request, context);
}

absl::StatusOr<v1::CheckCapacityResponse> ClientBackend::CheckCapacity(
    const v1::CheckCapacityRequest& request, const CallContext& context) {
  return backend::CheckCapacity(*state_, request, context);
}

absl::StatusOr<v1::EnsureTemplateResponse> ClientBackend::EnsureTemplate(
    const v1::EnsureTemplateRequest& request, const CallContext& context) {
  return backend::EnsureTemplate(*state_, request, context);
}

absl::StatusOr<v1::CreateVmResponse> ClientBackend::CreateVm(const v1::CreateVmRequest& request,
                                                             const CallContext& context) {
  return backend::CreateVm(*state_, request, context);
}

absl::StatusOr<v1::PowerOnVmResponse> ClientBackend::PowerOnVm(const v1::PowerOnVmRequest& request,
                                                               const CallContext& context) {
  return backend::PowerOnVm(*state_, request, context);
}

absl::StatusOr<v1::PowerOffVmResponse> ClientBackend::PowerOffVm(
    const v1::PowerOffVmRequest& request, const CallContext& context) {
  return backend::PowerOffVm(*state_, request, context);
}

absl::StatusOr<v1::WaitForIpResponse> ClientBackend::WaitForIp(const v1::WaitForIpRequest& request,
                                                               const CallContext& context) {
  return backend::WaitForIp(*state_, request, context);
}

absl::StatusOr<v1::DestroyVmResponse> ClientBackend::DestroyVm(const v1::DestroyVmRequest& request,
                                                               const CallContext& context) {
  return backend::DestroyVm(*state_, request, context);
}

absl::StatusOr<v1::GetVmResponse> ClientBackend::GetVm(const v1::GetVmRequest& request,
                                                       const CallContext& context) {
  return backend::GetVm(*state_, request, context);
}

absl::StatusOr<v1::ListVmsResponse> ClientBackend::ListVms(const v1::ListVmsRequest& request,
                                                           const CallContext& context) {
  return backend::ListVms(*state_, request, context);
}

}  // namespace eksa::vsphere_agent::backend
