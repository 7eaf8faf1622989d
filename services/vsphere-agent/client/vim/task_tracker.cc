#include "services/vsphere-agent/client/vim/task_tracker.h"

#include "absl/strings/str_cat.h"
#include "libs/common/status.h"

namespace eksa::vsphere::vim {

std::optional<absl::StatusOr<TaskInfo>> TaskTracker::Observe(const TaskInfo& info) {
  bool changed =
      !last_.has_value() || last_->state != info.state || last_->progress != info.progress;
  last_ = info;
  if (changed && on_progress_) on_progress_(info);
  switch (info.state) {
    case TaskState::kQueued:
    case TaskState::kRunning:
      return std::nullopt;
    case TaskState::kSuccess:
      return absl::StatusOr<TaskInfo>(info);
    case TaskState::kError:
      return absl::StatusOr<TaskInfo>(Annotate(info.error, Describe()));
  }
  return std::nullopt;
}

std::string TaskTracker::Describe() const {
  if (!last_.has_value()) return "task";
  std::string moid = !last_->task.value.empty() ? last_->task.value : last_->key;
  if (last_->name.empty()) return absl::StrCat("task ", moid);
  return absl::StrCat("task ", last_->name, " (", moid, ")");
}

}  // namespace eksa::vsphere::vim
