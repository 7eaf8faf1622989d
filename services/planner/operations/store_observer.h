// Persists an operation's progress: every task transition and its event in one store transaction,
// then wakes the operation's watchers. What a restarted planner resumes from, and what
// WatchOperation streams.
//
// Events (store::EventRecord::type, level = the -v at which the CLI shows them):
//   operation-started (0), task-started (4), task-retry (4), task-finished (0 on success with
//   EKS-A's line for the step, 0 on failure with the error), operation-finished (0).
// Messages pass through eksa::Redact. Thread-safe (the executor calls it from its threads).
#pragma once

#include <atomic>
#include <map>
#include <string>

#include "absl/synchronization/mutex.h"
#include "libs/common/log.h"
#include "services/planner/dag/executor.h"
#include "services/planner/operations/event_hub.h"
#include "services/planner/store/store.h"

namespace eksa::planner::operations {

// Event type names as stored.
namespace event {
inline constexpr char kOperationStarted[] = "operation-started";
inline constexpr char kTaskStarted[] = "task-started";
inline constexpr char kTaskRetry[] = "task-retry";
inline constexpr char kTaskFinished[] = "task-finished";
inline constexpr char kOperationFinished[] = "operation-finished";
}  // namespace event

class StoreObserver final : public dag::ExecutionObserver {
 public:
  // `tasks` are the operation's stored task records (ListTasks), the base of every update.
  // `stopping` is read when the operation ends: when set (the planner is shutting down), the
  // operation is left running in the store, to be resumed by the next planner.
  StoreObserver(store::Store& store, EventHub& hub, store::OperationRecord op,
                std::vector<store::TaskRecord> tasks, const std::atomic<bool>& stopping);

  void OnTaskStarted(std::string_view task_id, int attempt) override;
  void OnTaskRetry(std::string_view task_id, int attempt, const absl::Status& status,
                   absl::Duration backoff) override;
  void OnTaskFinished(std::string_view task_id, const dag::TaskResult& result) override;
  void OnOperationFinished(const absl::Status& status) override;

 private:
  // Applies `change` to the task's record and stores it with `event`.
  void Update(std::string_view task_id, const std::function<void(store::TaskRecord&)>& change,
              store::EventRecord event);
  void Stored(const absl::StatusOr<int64_t>& seq, std::string_view what);

  store::Store& store_;
  EventHub& hub_;
  const store::OperationRecord op_;
  const std::atomic<bool>& stopping_;
  log::Logger logger_;
  absl::Mutex mu_;
  std::map<std::string, store::TaskRecord, std::less<>> tasks_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int, std::less<>> prior_attempts_ ABSL_GUARDED_BY(mu_);
};

// The line that ends an operation: "🎉 Cluster created!" and the like, or the failure.
std::string FinishedMessage(const store::OperationRecord& op, const absl::Status& status);

}  // namespace eksa::planner::operations
