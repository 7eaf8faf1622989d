#include "services/vsphere-agent/backend/vm_tasks.h"

#include <memory>
#include <optional>
#include <utility>

#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/vsphere-agent/backend/vm_reader.h"
#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/vim/property_spec.h"
#include "services/vsphere-agent/client/vim/task_tracker.h"
#include "services/vsphere-agent/client/vim/virtual_machine.h"

namespace eksa::vsphere_agent::backend {
namespace {

namespace soap = vsphere::soap;
namespace vim = vsphere::vim;

vim::VirtualMachine Handle(RpcScope& rpc, const soap::MoRef& vm) {
  return vim::VirtualMachine(rpc.caller(), rpc.content().property_collector, vm);
}

}  // namespace

absl::StatusOr<vim::VmInfo> FinishTaskAndReadVm(RpcScope& rpc, const vim::Task& task,
                                                const soap::MoRef& vm) {
  vim::PropertyFilterSpec spec{.prop_set = {{.type = "Task", .paths = {"info"}},
                                            {.type = "VirtualMachine", .paths = VmProtoPaths()}},
                               .object_set = {{.obj = task.ref()}, {.obj = vm}}};
  EKSA_ASSIGN_OR_RETURN(vim::ObjectContents contents, rpc.pc().Retrieve(spec));
  auto shared = std::make_shared<const vim::ObjectContents>(std::move(contents));
  const vim::ObjectContent* task_content = shared->Find(task.ref());
  if (task_content == nullptr) {
    return absl::NotFoundError("task " + task.ref().value + " not found");
  }
  EKSA_ASSIGN_OR_RETURN(vim::TaskInfo info, vim::ParseTaskInfo(task_content->Get("info")));
  vim::TaskTracker tracker;
  std::optional<absl::StatusOr<vim::TaskInfo>> done = tracker.Observe(info);
  if (!done.has_value()) {
    // Still queued or running (a real vCenter under load): follow it, then read the VM.
    EKSA_RETURN_IF_ERROR(task.Wait(rpc.caller().WaitOptions()));
    return ReadVm(rpc, vm);
  }
  if (!done->ok()) return done->status();
  const vim::ObjectContent* vm_content = shared->Find(vm);
  if (vm_content == nullptr) return absl::NotFoundError("vm " + vm.value + " not found");
  return vim::DecodeVmInfo(*vm_content, shared);
}

absl::StatusOr<vim::VmInfo> PowerOn(RpcScope& rpc, const soap::MoRef& vm) {
  const std::string what = "powering on vm " + vm.value;
  absl::StatusOr<vim::Task> task = Handle(rpc, vm).PowerOn();
  if (!task.ok()) return Annotate(task.status(), what);
  absl::StatusOr<vim::VmInfo> info = FinishTaskAndReadVm(rpc, *task, vm);
  if (info.ok()) return info;
  if (soap::IsFault(info.status(), "InvalidPowerState")) return ReadVm(rpc, vm);
  return Annotate(info.status(), what);
}

absl::StatusOr<vim::VmInfo> PowerOff(RpcScope& rpc, const soap::MoRef& vm) {
  const std::string what = "powering off vm " + vm.value;
  absl::StatusOr<vim::Task> task = Handle(rpc, vm).PowerOff();
  if (!task.ok()) return Annotate(task.status(), what);
  absl::StatusOr<vim::VmInfo> info = FinishTaskAndReadVm(rpc, *task, vm);
  if (info.ok()) return info;
  if (soap::IsFault(info.status(), "InvalidPowerState")) return ReadVm(rpc, vm);
  return Annotate(info.status(), what);
}

absl::Status PowerOffHard(RpcScope& rpc, const soap::MoRef& vm) {
  const std::string what = "powering off vm " + vm.value;
  absl::StatusOr<vim::Task> task = Handle(rpc, vm).PowerOff();
  if (!task.ok()) return Annotate(task.status(), what);
  absl::StatusOr<vim::TaskInfo> done = task->Wait(rpc.caller().WaitOptions());
  if (done.ok() || soap::IsFault(done.status(), "InvalidPowerState")) return absl::OkStatus();
  return Annotate(done.status(), what);
}

}  // namespace eksa::vsphere_agent::backend
