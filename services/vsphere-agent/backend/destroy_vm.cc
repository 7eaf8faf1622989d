// DestroyVm: find the VM; none there is success with existed=false (an earlier attempt destroyed
// it); a template is refused; a powered-on or suspended VM is powered off hard first; then
// Destroy_Task removes it with its disks.
#include <string>

#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/vsphere-agent/backend/rpc_scope.h"
#include "services/vsphere-agent/backend/rpcs.h"
#include "services/vsphere-agent/backend/vm_reader.h"
#include "services/vsphere-agent/backend/vm_tasks.h"
#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/vim/virtual_machine.h"

namespace eksa::vsphere_agent::backend {

namespace vim = vsphere::vim;

absl::StatusOr<v1::DestroyVmResponse> DestroyVm(BackendState& state,
                                                const v1::DestroyVmRequest& request,
                                                const CallContext& context) {
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<RpcScope> rpc, RpcScope::Begin(state, context));
  v1::DestroyVmResponse response;
  absl::StatusOr<LocatedVm> vm = FindVm(*rpc, request.datacenter(), request.vm());
  if (!vm.ok() && vm.status().code() == absl::StatusCode::kNotFound) {
    response.set_existed(false);
    return response;
  }
  if (!vm.ok()) return vm.status();
  if (vm->info.is_template) {
    return absl::FailedPreconditionError(vm->path +
                                         " is a template; DestroyVm does not destroy templates");
  }
  const std::string what = "destroying " + vm->path;
  if (vm->info.power_state == "poweredOn" || vm->info.power_state == "suspended") {
    EKSA_RETURN_IF_ERROR(Annotate(PowerOffHard(*rpc, vm->info.ref), what));
  }
  vim::VirtualMachine handle(rpc->caller(), rpc->content().property_collector, vm->info.ref);
  absl::StatusOr<vim::Task> task = handle.Destroy();
  absl::Status done = task.ok() ? task->Wait(rpc->caller().WaitOptions()).status() : task.status();
  // Gone meanwhile (a concurrent destroy): what was asked for holds.
  if (!done.ok() && !vsphere::soap::IsFault(done, "ManagedObjectNotFound")) {
    return Annotate(done, what);
  }
  response.set_existed(true);
  return response;
}

}  // namespace eksa::vsphere_agent::backend
