// TaskTracker: the state machine of one vCenter task as eksa observes it,
// queued → running → success | error, fed with each TaskInfo seen (from a poll or an update).
//
// No I/O: WaitForTask (task_wait.h) feeds it, unit tests feed it canned TaskInfos.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/vim/task_info.h"

namespace eksa::vsphere::vim {

// Called with the TaskInfo each time the task's state or progress changes (the first
// observation included). Runs on the waiting thread; must not block for long.
using TaskProgressCallback = std::function<void(const TaskInfo&)>;

class TaskTracker {
 public:
  explicit TaskTracker(TaskProgressCallback on_progress = nullptr)
      : on_progress_(std::move(on_progress)) {}

  // Feeds an observation. nullopt while the task is queued or running; once it has ended:
  //  - success: the TaskInfo (result holds the new object's reference, if any);
  //  - error: the task's error (its fault's code, e.g. kAlreadyExists for DuplicateName,
  //    kFailedPrecondition for InvalidPowerState, with the soap::Fault payload kept), annotated
  //    "task <name> (<moid>)".
  // Observations after the end return the same outcome again.
  std::optional<absl::StatusOr<TaskInfo>> Observe(const TaskInfo& info);

  // The latest observation, if any.
  const std::optional<TaskInfo>& last() const { return last_; }
  // A short description for messages: "task CloneVM_Task (task-69)" or "task task-69".
  std::string Describe() const;

 private:
  TaskProgressCallback on_progress_;
  std::optional<TaskInfo> last_;
};

}  // namespace eksa::vsphere::vim
