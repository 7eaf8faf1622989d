// ClientBackend: the VCenterBackend (agent/vcenter_backend.h) that does the vSphere work of each
// RPC over the vCenter client library (client/): SOAP for the inventory, tasks and imports, REST
// for tags. One per vCenter server; it keeps one logged-in session (made at the first call),
// kept-alive HTTPS connections and short-lived caches of resolved inventory (client_backend
// _options.h). What each RPC does is in its own file (rpcs.h lists them).
//
//   absl::StatusOr<std::unique_ptr<VCenterBackend>> backend =
//       MakeClientBackend({.server = "vcenter.lab", .thumbprint = "AB:…",
//                          .username = user, .password = password});
//
// In eksa-vsphere-agent's main (agent/main.cc), the BackendFactory is
//   [](const VCenterServerConfig& s, const Credentials& c) {
//     return backend::MakeClientBackend(backend::OptionsFromAgentConfig(s, c));
//   }
//
// Thread-safe.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/agent/vcenter_backend.h"
#include "services/vsphere-agent/backend/backend_state.h"
#include "services/vsphere-agent/backend/client_backend_options.h"

namespace eksa::vsphere_agent::backend {

class ClientBackend final : public VCenterBackend {
 public:
  explicit ClientBackend(std::unique_ptr<BackendState> state) : state_(std::move(state)) {}

  absl::StatusOr<v1::CheckVCenterResponse> CheckVCenter(const v1::CheckVCenterRequest& request,
                                                        const CallContext& context) override;
  absl::StatusOr<v1::CheckMachineConfigResponse> CheckMachineConfig(
      const v1::CheckMachineConfigRequest& request, const CallContext& context) override;
  absl::StatusOr<v1::CheckCapacityResponse> CheckCapacity(const v1::CheckCapacityRequest& request,
                                                          const CallContext& context) override;
  absl::StatusOr<v1::EnsureTemplateResponse> EnsureTemplate(
      const v1::EnsureTemplateRequest& request, const CallContext& context) override;
  absl::StatusOr<v1::CreateVmResponse> CreateVm(const v1::CreateVmRequest& request,
                                                const CallContext& context) override;
  absl::StatusOr<v1::PowerOnVmResponse> PowerOnVm(const v1::PowerOnVmRequest& request,
                                                  const CallContext& context) override;
  absl::StatusOr<v1::PowerOffVmResponse> PowerOffVm(const v1::PowerOffVmRequest& request,
                                                    const CallContext& context) override;
  absl::StatusOr<v1::WaitForIpResponse> WaitForIp(const v1::WaitForIpRequest& request,
                                                  const CallContext& context) override;
  absl::StatusOr<v1::DestroyVmResponse> DestroyVm(const v1::DestroyVmRequest& request,
                                                  const CallContext& context) override;
  absl::StatusOr<v1::GetVmResponse> GetVm(const v1::GetVmRequest& request,
                                          const CallContext& context) override;
  absl::StatusOr<v1::ListVmsResponse> ListVms(const v1::ListVmsRequest& request,
                                              const CallContext& context) override;

  // For tests and the bench: the shared state (connection, caches).
  BackendState& state() { return *state_; }

 private:
  const std::unique_ptr<BackendState> state_;
};

// Validates `options` (ValidateClientBackendOptions) and makes the backend. Nothing is sent to
// vCenter yet: the first RPC logs in, so an agent starts while its vCenter is down. Errors:
// kInvalidArgument for bad options, kFailedPrecondition for a CA file that cannot be read.
[[nodiscard]] absl::StatusOr<std::unique_ptr<ClientBackend>> MakeClientBackend(
    ClientBackendOptions options);

}  // namespace eksa::vsphere_agent::backend
