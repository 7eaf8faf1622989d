#include "services/planner/operations/store_observer.h"

#include <utility>

#include "libs/common/redact.h"
#include "services/planner/operations/messages.h"
#include "services/planner/operations/options.h"

namespace eksa::planner::operations {

StoreObserver::StoreObserver(store::Store& store, EventHub& hub, store::OperationRecord op,
                             std::vector<store::TaskRecord> tasks,
                             const std::atomic<bool>& stopping)
    : store_(store),
      hub_(hub),
      op_(std::move(op)),
      stopping_(stopping),
      logger_(log::Logger().With("operation", op_.id).With("cluster", op_.cluster_name)) {
  absl::MutexLock lock(&mu_);
  for (store::TaskRecord& t : tasks) {
    prior_attempts_[t.task_id] = t.attempts;
    tasks_[t.task_id] = std::move(t);
  }
}

void StoreObserver::Stored(const absl::StatusOr<int64_t>& seq, std::string_view what) {
  if (seq.ok()) {
    hub_.Publish(op_.id, *seq);
    return;
  }
  // The executor cannot take an error back; the run goes on and a resume replays from the store.
  logger_.Error("Storing progress failed",
                {{"what", std::string(what)}, {"error", seq.status().ToString()}});
}

void StoreObserver::Update(std::string_view task_id,
                           const std::function<void(store::TaskRecord&)>& change,
                           store::EventRecord event) {
  event.operation_id = op_.id;
  event.task_id = std::string(task_id);
  event.message = Redact(event.message);
  absl::StatusOr<int64_t> seq;
  {
    absl::MutexLock lock(&mu_);
    auto it = tasks_.find(task_id);
    if (it == tasks_.end()) {
      logger_.Error("Progress for a task the store does not know", {{"task", event.task_id}});
      return;
    }
    change(it->second);
    seq = store_.UpdateTask(it->second, event);
  }
  Stored(seq, event.type);
}

void StoreObserver::OnTaskStarted(std::string_view task_id, int attempt) {
  absl::Time now = absl::Now();
  int prior = 0;
  {
    absl::MutexLock lock(&mu_);
    if (auto it = prior_attempts_.find(task_id); it != prior_attempts_.end()) prior = it->second;
  }
  Update(task_id,
         [&](store::TaskRecord& t) {
           t.state = store::TaskState::kRunning;
           t.attempts = prior + attempt;
           t.request_id = dag::TaskContext::RequestIdFor(op_.id, task_id);
           if (attempt == 1) t.started = now;
         },
         {.time = now,
          .type = event::kTaskStarted,
          .message = "Starting " + std::string(task_id) +
                     (attempt > 1 ? " (attempt " + std::to_string(attempt) + ")" : ""),
          .level = 4});
}

void StoreObserver::OnTaskRetry(std::string_view task_id, int attempt, const absl::Status& status,
                                absl::Duration backoff) {
  Update(task_id, [&](store::TaskRecord& t) { t.last_error = status; },
         {.type = event::kTaskRetry,
          .message = "Retrying " + std::string(task_id) + " in " + absl::FormatDuration(backoff) +
                     " after attempt " + std::to_string(attempt) + ": " +
                     std::string(status.message()),
          .code = status.code(),
          .level = 4});
}

void StoreObserver::OnTaskFinished(std::string_view task_id, const dag::TaskResult& result) {
  bool ok = result.status.ok();
  std::string kind;
  {
    absl::MutexLock lock(&mu_);
    if (auto it = tasks_.find(task_id); it != tasks_.end()) kind = it->second.kind;
  }
  Update(task_id,
         [&](store::TaskRecord& t) {
           t.state = ok ? store::TaskState::kSucceeded
                        : (result.status.code() == absl::StatusCode::kCancelled
                               ? store::TaskState::kCancelled
                               : store::TaskState::kFailed);
           t.last_error = result.status;
           t.finished = result.finished;
           if (ok) t.outputs = result.outputs;
         },
         {.time = result.finished,
          .type = event::kTaskFinished,
          .message = ok ? SuccessLine(kind, Qualifier(task_id))
                        : std::string(task_id) + " failed: " + std::string(result.status.message()),
          .code = result.status.code(),
          .duration = result.finished - result.started,
          .level = 0});
}

std::string FinishedMessage(const store::OperationRecord& op, const absl::Status& status) {
  absl::StatusOr<OperationOptions> options = OperationOptions::Parse(op.options);
  if (status.ok() && options.ok() && options->dry_run) {
    return "✅ Validations and preflight checks passed (dry run: nothing was created)";
  }
  if (status.ok()) {
    switch (op.type) {
      case store::OperationType::kCreate:
        return "🎉 Cluster created!";
      case store::OperationType::kUpgrade:
        return "🎉 Cluster upgraded!";
      case store::OperationType::kDelete:
        return "🎉 Cluster deleted!";
    }
  }
  if (status.code() == absl::StatusCode::kCancelled) {
    return "Operation cancelled; resume it with `eksa resume " + op.id + "`";
  }
  return "❌ " + std::string(status.message()) +
         " (the bootstrap cluster is kept; fix the cause, "
         "then `eksa resume " +
         op.id + "`, or `eksa delete cluster " + op.cluster_name + "`)";
}

void StoreObserver::OnOperationFinished(const absl::Status& status) {
  if (stopping_.load()) return;  // left running: the next planner resumes it
  store::OperationState state = status.ok() ? store::OperationState::kSucceeded
                                : status.code() == absl::StatusCode::kCancelled
                                    ? store::OperationState::kCancelled
                                    : store::OperationState::kFailed;
  Stored(store_.UpdateOperationState(
             op_.id, state, status,
             store::EventRecord{.type = event::kOperationFinished,
                                .message = Redact(FinishedMessage(op_, status)),
                                .code = status.code(),
                                .level = 0}),
         event::kOperationFinished);
  hub_.Finish(op_.id);
}

}  // namespace eksa::planner::operations
