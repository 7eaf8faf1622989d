// The VM tasks the RPCs share: power on, power off and destroy one VM, each waited for within
// the RPC's deadline, the VM read back in the same round trip as the task's first observation
// where possible (vCenter has usually finished a power task by then; the simulator always has).
#pragma once

#include "absl/status/statusor.h"
#include "services/vsphere-agent/backend/rpc_scope.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/vim/task.h"
#include "services/vsphere-agent/client/vim/vm_info.h"

namespace eksa::vsphere_agent::backend {

// Waits for `task` (already started on `vm`) and reads `vm` (VmProtoPaths): one
// RetrievePropertiesEx of the task's info and the VM's properties; only when the task is still
// queued or running, WaitForTask and a second read. Errors: the task's (its fault's code),
// kDeadlineExceeded / kCancelled (the task is cancelled in vCenter), the reads'.
[[nodiscard]] absl::StatusOr<vsphere::vim::VmInfo> FinishTaskAndReadVm(
    RpcScope& rpc, const vsphere::vim::Task& task, const vsphere::soap::MoRef& vm);

// PowerOnVM_Task, waited for, then the VM. An InvalidPowerState answer (powered on meanwhile
// by someone else) counts as success. Errors annotated "powering on <vm>".
[[nodiscard]] absl::StatusOr<vsphere::vim::VmInfo> PowerOn(RpcScope& rpc,
                                                           const vsphere::soap::MoRef& vm);

// PowerOffVM_Task (hard), waited for, then the VM (as PowerOn). InvalidPowerState (powered off
// meanwhile) counts as success. Errors annotated "powering off <vm>".
[[nodiscard]] absl::StatusOr<vsphere::vim::VmInfo> PowerOff(RpcScope& rpc,
                                                            const vsphere::soap::MoRef& vm);

// PowerOffVM_Task (hard), waited for. InvalidPowerState (already off) counts as success.
// Without reading the VM back (DestroyVm).
[[nodiscard]] absl::Status PowerOffHard(RpcScope& rpc, const vsphere::soap::MoRef& vm);

}  // namespace eksa::vsphere_agent::backend
