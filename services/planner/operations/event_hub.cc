#include "services/planner/operations/event_hub.h"

namespace eksa::planner::operations {

void EventHub::Publish(std::string_view operation_id, int64_t seq) {
  absl::MutexLock lock(&mu_);
  auto it = ops_.find(operation_id);
  if (it == ops_.end()) it = ops_.emplace(std::string(operation_id), Position{}).first;
  if (seq > it->second.latest) it->second.latest = seq;
}

void EventHub::Finish(std::string_view operation_id) {
  absl::MutexLock lock(&mu_);
  auto it = ops_.find(operation_id);
  if (it == ops_.end()) it = ops_.emplace(std::string(operation_id), Position{}).first;
  it->second.finished = true;
}

void EventHub::Reopen(std::string_view operation_id) {
  absl::MutexLock lock(&mu_);
  if (auto it = ops_.find(operation_id); it != ops_.end()) it->second.finished = false;
}

EventHub::Position EventHub::WaitBeyond(std::string_view operation_id, int64_t after,
                                        absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  auto moved = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    auto it = ops_.find(operation_id);
    return it != ops_.end() && (it->second.latest > after || it->second.finished);
  };
  mu_.AwaitWithDeadline(absl::Condition(&moved), deadline);
  auto it = ops_.find(operation_id);
  return it == ops_.end() ? Position{} : it->second;
}

}  // namespace eksa::planner::operations
