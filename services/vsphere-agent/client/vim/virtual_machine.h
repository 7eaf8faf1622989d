// VirtualMachine: a handle on one VM (or template) and the operations eksa runs on it.
//
//   VirtualMachine tmpl(session, sc.property_collector, template_ref);
//   EKSA_ASSIGN_OR_RETURN(Task clone, tmpl.Clone(spec));
//   EKSA_ASSIGN_OR_RETURN(TaskInfo done, clone.Wait({.deadline = deadline}));
//   VirtualMachine vm(session, sc.property_collector, done.result);
//   EKSA_ASSIGN_OR_RETURN(Task on, vm.PowerOn());
//
// Methods named after a *_Task method start it and return the Task (record task.ref() before
// waiting if a retry must find it); the others complete within the call. Errors are the call's,
// faults mapped by soap::FaultToStatus (ManagedObjectNotFound → kNotFound, InvalidPowerState →
// kFailedPrecondition, ...); a task's own failure shows when it is waited for.
//
// A value type; the caller must outlive it. Thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/vim/clone_spec.h"
#include "services/vsphere-agent/client/vim/config_spec.h"
#include "services/vsphere-agent/client/vim/property_wait.h"
#include "services/vsphere-agent/client/vim/task.h"
#include "services/vsphere-agent/client/vim/vm_info.h"

namespace eksa::vsphere::vim {

class VirtualMachine {
 public:
  // `property_collector`: ServiceContent.propertyCollector.
  VirtualMachine(soap::Caller& caller, soap::MoRef property_collector, soap::MoRef ref)
      : caller_(&caller), pc_(std::move(property_collector)), ref_(std::move(ref)) {}

  const soap::MoRef& ref() const { return ref_; }

  // CloneVM_Task of this VM or template (clone_spec.h). The task's result is the new VM.
  [[nodiscard]] absl::StatusOr<Task> Clone(const CloneSpec& spec) const;
  // PowerOnVM_Task. An already powered-on VM makes the task fail with InvalidPowerState.
  [[nodiscard]] absl::StatusOr<Task> PowerOn() const;
  // PowerOffVM_Task (hard power-off).
  [[nodiscard]] absl::StatusOr<Task> PowerOff() const;
  // ShutdownGuest: asks VMware Tools to shut the guest down; returns at once (no task). Wait
  // for runtime.powerState to become poweredOff (WaitForPowerState).
  [[nodiscard]] absl::Status ShutdownGuest() const;
  // ReconfigVM_Task with `spec`.
  [[nodiscard]] absl::StatusOr<Task> Reconfigure(const ConfigSpec& spec) const;
  // Destroy_Task: deletes the VM and its disks. A powered-on VM fails (InvalidPowerState).
  [[nodiscard]] absl::StatusOr<Task> Destroy() const;
  // MarkAsTemplate (the VM must be powered off). No task.
  [[nodiscard]] absl::Status MarkAsTemplate() const;
  // CreateSnapshot_Task. The task's result is the snapshot.
  [[nodiscard]] absl::StatusOr<Task> CreateSnapshot(std::string_view name,
                                                    std::string_view description,
                                                    bool memory = false,
                                                    bool quiesce = false) const;

  // The VmInfoPaths properties, decoded. kNotFound when the VM does not exist.
  [[nodiscard]] absl::StatusOr<VmInfo> Info() const;

  // Waits until the guest reports an address `accept` takes (default: any non-empty one) in
  // guest.ipAddress or guest.net, and returns it (guest.ipAddress first when both qualify).
  // Errors: WaitForProperties' (kDeadlineExceeded naming the VM, kNotFound if it is destroyed).
  [[nodiscard]] absl::StatusOr<std::string> WaitForIp(
      const PropertyWaitOptions& options,
      const std::function<bool(const std::string&)>& accept = nullptr) const;

  // Waits until runtime.powerState equals `state` ("poweredOff", "poweredOn").
  [[nodiscard]] absl::Status WaitForPowerState(std::string_view state,
                                               const PropertyWaitOptions& options) const;

 private:
  // Calls `method` with `body` (which starts with <_this>) and wraps the returned Task.
  absl::StatusOr<Task> SendTask(std::string_view method, std::string_view body) const;
  // SendTask with <_this> + `extra_body`.
  absl::StatusOr<Task> StartTask(std::string_view method, std::string_view extra_body) const;

  soap::Caller* caller_;
  soap::MoRef pc_;
  soap::MoRef ref_;
};

}  // namespace eksa::vsphere::vim
