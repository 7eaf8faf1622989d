// WaitForIp: watch the VM's guest.ipAddress and guest.net (WaitForUpdatesEx, no polling) until
// VMware Tools report an address that is neither link-local nor loopback (loopback allowed by
// ClientBackendOptions.accept_loopback_guest_ips, the testbed's case), IPv4 preferred; then read
// the VM. The wait ends at the request's timeout or the caller's deadline, whichever is first:
// DEADLINE_EXCEEDED naming the VM and its power state.
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "libs/common/status_macros.h"
#include "services/vsphere-agent/backend/rpc_scope.h"
#include "services/vsphere-agent/backend/rpcs.h"
#include "services/vsphere-agent/backend/vm_proto.h"
#include "services/vsphere-agent/backend/vm_reader.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/vim/property_wait.h"

namespace eksa::vsphere_agent::backend {
namespace {

namespace vim = vsphere::vim;

bool AcceptLoopback(const ClientBackendOptions& options) {
  return options.accept_loopback_guest_ips.value_or(IsLoopbackHost(options.server));
}

// The address to report from the watched values, "" while none qualifies.
std::string Candidate(const vim::PropertyValues& values, bool accept_loopback) {
  std::vector<std::string> ips;
  if (auto it = values.find("guest.ipAddress"); it != values.end()) {
    ips.emplace_back(vsphere::soap::Text(it->second));
  }
  if (auto it = values.find("guest.net"); it != values.end()) {
    for (std::string& ip : vim::DecodeGuestNetAddresses(it->second)) ips.push_back(std::move(ip));
  }
  return PreferredIp(ips, accept_loopback);
}

}  // namespace

absl::StatusOr<v1::WaitForIpResponse> WaitForIp(BackendState& state,
                                                const v1::WaitForIpRequest& request,
                                                const CallContext& context) {
  const absl::Time start = absl::Now();
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<RpcScope> rpc, RpcScope::Begin(state, context));
  EKSA_ASSIGN_OR_RETURN(LocatedVm vm, FindVm(*rpc, request.datacenter(), request.vm()));
  if (vm.info.is_template) {
    return absl::FailedPreconditionError(vm.path + " is a template; it never reports an address");
  }
  const bool loopback = AcceptLoopback(state.options);
  absl::Time until = absl::InfiniteFuture();
  if (request.has_timeout()) {
    until = start + absl::Seconds(request.timeout().seconds()) +
            absl::Nanoseconds(request.timeout().nanos());
  }
  std::string ip = PreferredIp(vm.info.guest.ip_addresses, loopback);
  if (ip.empty()) {
    absl::Status waited = vim::WaitForProperties(
        rpc->caller(), rpc->content().property_collector, vm.info.ref,
        {"guest.ipAddress", "guest.net"}, rpc->caller().PropertyOptions(until),
        [&](const vim::PropertyValues& values) -> absl::StatusOr<bool> {
          ip = Candidate(values, loopback);
          return !ip.empty();
        });
    if (waited.code() == absl::StatusCode::kDeadlineExceeded) {
      absl::StatusOr<vim::VmInfo> now = ReadVm(*rpc, vm.info.ref);
      const std::string power = now.ok() ? now->power_state : vm.info.power_state;
      return absl::DeadlineExceededError(
          "no IP address reported for " + vm.path + " after " +
          absl::FormatDuration(absl::Trunc(absl::Now() - start, absl::Seconds(1))) +
          " (power state " + (power.empty() ? "unknown" : power) +
          "; VMware Tools report the address once the guest has booted)");
    }
    EKSA_RETURN_IF_ERROR(waited);
    // The rest of the VM as it is now (its addresses included).
    EKSA_ASSIGN_OR_RETURN(vm.info, ReadVm(*rpc, vm.info.ref));
  }
  v1::WaitForIpResponse response;
  *response.mutable_vm() = ToProtoVm(vm.info, vm.path);
  response.set_ip(ip);
  return response;
}

}  // namespace eksa::vsphere_agent::backend
