#include "services/vsphere-agent/agent/unlinked_backend.h"

namespace eksa::vsphere_agent {

absl::Status UnlinkedBackend::Unlinked(std::string_view rpc) const {
  return absl::UnimplementedError(std::string(rpc) + " on vCenter " + server_ +
                                  ": this eksa-vsphere-agent build has no vCenter client yet "
                                  "(services/vsphere-agent/client is not plugged in)");
}

absl::StatusOr<v1::CheckVCenterResponse> UnlinkedBackend::CheckVCenter(
    const v1::CheckVCenterRequest&, const CallContext&) {
  return Unlinked("CheckVCenter");
}
absl::StatusOr<v1::CheckMachineConfigResponse> UnlinkedBackend::CheckMachineConfig(
    const v1::CheckMachineConfigRequest&, const CallContext&) {
  return Unlinked("CheckMachineConfig");
}
absl::StatusOr<v1::CheckCapacityResponse> UnlinkedBackend::CheckCapacity(
    const v1::CheckCapacityRequest&, const CallContext&) {
  return Unlinked("CheckCapacity");
}
absl::StatusOr<v1::EnsureTemplateResponse> UnlinkedBackend::EnsureTemplate(
    const v1::EnsureTemplateRequest&, const CallContext&) {
  return Unlinked("EnsureTemplate");
}
absl::StatusOr<v1::CreateVmResponse> UnlinkedBackend::CreateVm(const v1::CreateVmRequest&,
                                                               const CallContext&) {
  return Unlinked("CreateVm");
}
absl::StatusOr<v1::PowerOnVmResponse> UnlinkedBackend::PowerOnVm(const v1::PowerOnVmRequest&,
                                                                 const CallContext&) {
  return Unlinked("PowerOnVm");
}
absl::StatusOr<v1::PowerOffVmResponse> UnlinkedBackend::PowerOffVm(const v1::PowerOffVmRequest&,
                                                                   const CallContext&) {
  return Unlinked("PowerOffVm");
}
absl::StatusOr<v1::WaitForIpResponse> UnlinkedBackend::WaitForIp(const v1::WaitForIpRequest&,
                                                                 const CallContext&) {
  return Unlinked("WaitForIp");
}
absl::StatusOr<v1::DestroyVmResponse> UnlinkedBackend::DestroyVm(const v1::DestroyVmRequest&,
                                                                 const CallContext&) {
  return Unlinked("DestroyVm");
}
absl::StatusOr<v1::GetVmResponse> UnlinkedBackend::GetVm(const v1::GetVmRequest&,
                                                         const CallContext&) {
  return Unlinked("GetVm");
}
absl::StatusOr<v1::ListVmsResponse> UnlinkedBackend::ListVms(const v1::ListVmsRequest&,
                                                             const CallContext&) {
  return Unlinked("ListVms");
}

}  // namespace eksa::vsphere_agent
