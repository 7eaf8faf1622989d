// WaitForTask: block until a vCenter task ends or the caller's deadline passes.
//
//   absl::StatusOr<TaskInfo> done = WaitForTask(session, sc.property_collector, clone_task,
//       {.deadline = deadline, .on_progress = [](const TaskInfo& t) { ... }});
//   if (done.ok()) new_vm = done->result;
//
// First one RetrievePropertiesEx of `info` (most tasks, and every simulator task, have ended by
// then: one round trip); if the task is still queued or running, a PropertyWatch on `info`
// follows its changes (WaitForUpdatesEx, no polling loop) until it ends.
//
// On the deadline (or cancellation) the task is cancelled in vCenter (CancelTask, best effort:
// a task that is not cancelable, or a server without CancelTask, only gets the request) and the
// wait fails with kDeadlineExceeded (kCancelled when cancelled), whose message says whether the
// cancel was accepted.
#pragma once

#include <functional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/common/clock.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/vim/task_info.h"
#include "services/vsphere-agent/client/vim/task_tracker.h"

namespace eksa::vsphere::vim {

struct TaskWaitOptions {
  absl::Time deadline = absl::InfiniteFuture();
  TaskProgressCallback on_progress;  // optional: state/progress changes
  Clock* clock = nullptr;            // nullptr: Clock::Real()
  absl::Duration max_wait_per_call = absl::Seconds(60);
  std::function<bool()> cancelled;  // optional cancellation (e.g. the RPC was cancelled)
};

// The TaskInfo of the successful task. Errors: the task's own error (TaskTracker::Observe: the
// fault's code and payload, "task CloneVM_Task (task-69): DuplicateName: …"); kDeadlineExceeded /
// kCancelled as above; kNotFound when the task does not exist; the calls' errors.
[[nodiscard]] absl::StatusOr<TaskInfo> WaitForTask(soap::Caller& caller,
                                                   const soap::MoRef& service_collector,
                                                   const soap::MoRef& task,
                                                   const TaskWaitOptions& options = {});

// CancelTask on `task`. Errors: the call's (e.g. kFailedPrecondition InvalidState when it has
// already ended, kUnimplemented NotSupported when it is not cancelable).
[[nodiscard]] absl::Status CancelTask(soap::Caller& caller, const soap::MoRef& task);

}  // namespace eksa::vsphere::vim
