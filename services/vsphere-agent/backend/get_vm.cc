// GetVm: the VM or template a VmRef names, with its inventory path. NOT_FOUND when missing.
#include "libs/common/status_macros.h"
#include "services/vsphere-agent/backend/rpc_scope.h"
#include "services/vsphere-agent/backend/rpcs.h"
#include "services/vsphere-agent/backend/vm_proto.h"
#include "services/vsphere-agent/backend/vm_reader.h"

namespace eksa::vsphere_agent::backend {

absl::StatusOr<v1::GetVmResponse> GetVm(BackendState& state, const v1::GetVmRequest& request,
                                        const CallContext& context) {
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<RpcScope> rpc, RpcScope::Begin(state, context));
  EKSA_ASSIGN_OR_RETURN(LocatedVm vm, FindVm(*rpc, request.datacenter(), request.vm()));
  v1::GetVmResponse response;
  *response.mutable_vm() = ToProtoVm(vm.info, vm.path);
  return response;
}

}  // namespace eksa::vsphere_agent::backend
