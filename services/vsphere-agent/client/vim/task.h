// Task: a handle on a vCenter task that a mutating call started (CloneVM_Task, PowerOnVM_Task,
// ...). Callers may record ref() before waiting (CAPV persists it so that a retry finds the task
// in flight instead of starting a second one).
//
//   EKSA_ASSIGN_OR_RETURN(Task task, vm.PowerOn());
//   EKSA_ASSIGN_OR_RETURN(TaskInfo info, task.Wait({.deadline = deadline}));
//
// A value type; copies refer to the same task. The caller must outlive it.
#pragma once

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/vim/task_info.h"
#include "services/vsphere-agent/client/vim/task_wait.h"

namespace eksa::vsphere::vim {

class Task {
 public:
  // `property_collector`: ServiceContent.propertyCollector.
  Task(soap::Caller& caller, soap::MoRef property_collector, soap::MoRef ref)
      : caller_(&caller),
        property_collector_(std::move(property_collector)),
        ref_(std::move(ref)) {}

  const soap::MoRef& ref() const { return ref_; }

  // WaitForTask (task_wait.h): the TaskInfo of the successful task, or the task's error, or
  // kDeadlineExceeded after cancelling it.
  [[nodiscard]] absl::StatusOr<TaskInfo> Wait(const TaskWaitOptions& options = {}) const {
    return WaitForTask(*caller_, property_collector_, ref_, options);
  }

  // CancelTask (task_wait.h).
  [[nodiscard]] absl::Status Cancel() const { return CancelTask(*caller_, ref_); }

 private:
  soap::Caller* caller_;
  soap::MoRef property_collector_;
  soap::MoRef ref_;
};

}  // namespace eksa::vsphere::vim
