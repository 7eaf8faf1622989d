// UnlinkedBackend: the VCenterBackend eksa-vsphere-agent runs with until the vCenter client
// library (services/vsphere-agent/client/) is plugged in behind VCenterBackend. Every RPC fails
// UNIMPLEMENTED, naming the RPC and the server, so the planner reports a clear error instead of
// timing out. Not a fake: tests use testing/fake_backend.h.
//
// Thread-safe (stateless beyond its server name).
#pragma once

#include <string>

#include "services/vsphere-agent/agent/vcenter_backend.h"

namespace eksa::vsphere_agent {

class UnlinkedBackend final : public VCenterBackend {
 public:
  explicit UnlinkedBackend(std::string server) : server_(std::move(server)) {}

  absl::StatusOr<v1::CheckVCenterResponse> CheckVCenter(const v1::CheckVCenterRequest&,
                                                        const CallContext&) override;
  absl::StatusOr<v1::CheckMachineConfigResponse> CheckMachineConfig(
      const v1::CheckMachineConfigRequest&, const CallContext&) override;
  absl::StatusOr<v1::CheckCapacityResponse> CheckCapacity(const v1::CheckCapacityRequest&,
                                                          const CallContext&) override;
  absl::StatusOr<v1::EnsureTemplateResponse> EnsureTemplate(const v1::EnsureTemplateRequest&,
                                                            const CallContext&) override;
  absl::StatusOr<v1::CreateVmResponse> CreateVm(const v1::CreateVmRequest&,
                                                const CallContext&) override;
  absl::StatusOr<v1::PowerOnVmResponse> PowerOnVm(const v1::PowerOnVmRequest&,
                                                  const CallContext&) override;
  absl::StatusOr<v1::PowerOffVmResponse> PowerOffVm(const v1::PowerOffVmRequest&,
                                                    const CallContext&) override;
  absl::StatusOr<v1::WaitForIpResponse> WaitForIp(const v1::WaitForIpRequest&,
                                                  const CallContext&) override;
  absl::StatusOr<v1::DestroyVmResponse> DestroyVm(const v1::DestroyVmRequest&,
                                                  const CallContext&) override;
  absl::StatusOr<v1::GetVmResponse> GetVm(const v1::GetVmRequest&, const CallContext&) override;
  absl::StatusOr<v1::ListVmsResponse> ListVms(const v1::ListVmsRequest&,
                                              const CallContext&) override;

 private:
  absl::Status Unlinked(std::string_view rpc) const;

  const std::string server_;
};

}  // namespace eksa::vsphere_agent
