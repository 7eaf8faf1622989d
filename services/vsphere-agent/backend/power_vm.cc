// PowerOnVm and PowerOffVm: find the VM by its ref, refuse templates, do nothing when it is
// already in the asked state; PowerOffVm asks the guest to shut down first when graceful, and
// powers off hard when the guest cannot (no VMware Tools) or takes longer than graceful_timeout.
#include <string>

#include "absl/time/clock.h"
#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/vsphere-agent/backend/rpc_scope.h"
#include "services/vsphere-agent/backend/rpcs.h"
#include "services/vsphere-agent/backend/vm_proto.h"
#include "services/vsphere-agent/backend/vm_reader.h"
#include "services/vsphere-agent/backend/vm_tasks.h"
#include "services/vsphere-agent/client/vim/virtual_machine.h"

namespace eksa::vsphere_agent::backend {
namespace {

namespace vim = vsphere::vim;

constexpr absl::Duration kDefaultGracefulTimeout = absl::Minutes(5);

absl::Status RefuseTemplate(const LocatedVm& vm, std::string_view action) {
  if (!vm.info.is_template) return absl::OkStatus();
  return absl::FailedPreconditionError(vm.path + " is a template; templates cannot be " +
                                       std::string(action));
}

// Asks the guest to shut down and waits for poweredOff until `until`. OK once off; the reason
// otherwise (no Tools, a refusal, the timeout), for the log line of the hard fallback.
absl::Status ShutdownGuest(RpcScope& rpc, const LocatedVm& vm, absl::Time until) {
  vim::VirtualMachine handle(rpc.caller(), rpc.content().property_collector, vm.info.ref);
  EKSA_RETURN_IF_ERROR(handle.ShutdownGuest());
  return handle.WaitForPowerState("poweredOff", rpc.caller().PropertyOptions(until));
}

}  // namespace

absl::StatusOr<v1::PowerOnVmResponse> PowerOnVm(BackendState& state,
                                                const v1::PowerOnVmRequest& request,
                                                const CallContext& context) {
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<RpcScope> rpc, RpcScope::Begin(state, context));
  EKSA_ASSIGN_OR_RETURN(LocatedVm vm, FindVm(*rpc, request.datacenter(), request.vm()));
  EKSA_RETURN_IF_ERROR(RefuseTemplate(vm, "powered on"));
  if (vm.info.power_state != "poweredOn") {
    EKSA_ASSIGN_OR_RETURN(vm.info, PowerOn(*rpc, vm.info.ref));
  }
  v1::PowerOnVmResponse response;
  *response.mutable_vm() = ToProtoVm(vm.info, vm.path);
  return response;
}

absl::StatusOr<v1::PowerOffVmResponse> PowerOffVm(BackendState& state,
                                                  const v1::PowerOffVmRequest& request,
                                                  const CallContext& context) {
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<RpcScope> rpc, RpcScope::Begin(state, context));
  EKSA_ASSIGN_OR_RETURN(LocatedVm vm, FindVm(*rpc, request.datacenter(), request.vm()));
  EKSA_RETURN_IF_ERROR(RefuseTemplate(vm, "powered off"));
  if (vm.info.power_state != "poweredOff") {
    bool off = false;
    if (request.graceful() && vm.info.power_state == "poweredOn") {
      const absl::Duration grace = request.has_graceful_timeout()
                                       ? absl::Seconds(request.graceful_timeout().seconds()) +
                                             absl::Nanoseconds(request.graceful_timeout().nanos())
                                       : kDefaultGracefulTimeout;
      off = ShutdownGuest(*rpc, vm, absl::Now() + grace).ok();
    }
    EKSA_RETURN_IF_ERROR(rpc->caller().Alive("powering off " + vm.path));
    // The hard power-off reads the VM with the task's result: one retrieval.
    EKSA_ASSIGN_OR_RETURN(vm.info, off ? ReadVm(*rpc, vm.info.ref) : PowerOff(*rpc, vm.info.ref));
  }
  v1::PowerOffVmResponse response;
  *response.mutable_vm() = ToProtoVm(vm.info, vm.path);
  return response;
}

}  // namespace eksa::vsphere_agent::backend
