#include "services/planner/dag/task_runner.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace eksa::planner::dag {

TaskContext::TaskContext(std::string operation_id, std::string task_id, int attempt,
                         absl::Time deadline, const Cancellation& cancellation,
                         OutputsLookup outputs, log::Logger logger)
    : operation_id_(std::move(operation_id)),
      task_id_(std::move(task_id)),
      request_id_(RequestIdFor(operation_id_, task_id_)),
      attempt_(attempt),
      deadline_(deadline),
      cancellation_(cancellation),
      outputs_(std::move(outputs)),
      logger_(std::move(logger)) {}

std::string TaskContext::RequestIdFor(std::string_view operation_id, std::string_view task_id) {
  std::string id;
  id.reserve(operation_id.size() + 1 + task_id.size());
  id.append(operation_id).append("/").append(task_id);
  return id;
}

absl::StatusOr<std::string> TaskContext::Output(std::string_view task_id,
                                                std::string_view key) const {
  const TaskOutputs* outputs = OutputsOf(task_id);
  const absl::string_view task(task_id.data(), task_id.size());
  if (outputs == nullptr) {
    return absl::NotFoundError(absl::StrCat("no outputs of task ", task, ": it has not succeeded"));
  }
  auto it = outputs->find(std::string(key));
  if (it == outputs->end()) {
    return absl::NotFoundError(absl::StrCat("task ", task, " has no output \"",
                                            absl::string_view(key.data(), key.size()), "\""));
  }
  return it->second;
}

}  // namespace eksa::planner::dag
