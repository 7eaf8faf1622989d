// Runs a validated task graph: every task whose dependencies succeeded, in parallel bounded per
// agent pool, each attempt under a timeout, retryable failures retried with backoff, the graph's
// on_failure tasks after the first final failure, and nothing new after a cancel.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "libs/common/clock.h"
#include "libs/common/retry.h"
#include "services/planner/dag/cancellation.h"
#include "services/planner/dag/graph.h"
#include "services/planner/dag/pool_slots.h"
#include "services/planner/dag/task_runner.h"

namespace eksa::planner::dag {

// How one task ended (the last attempt, for a task that was retried).
struct TaskResult {
  // OK, or the last attempt's error, prefixed "after N attempts: " when N > 1. kCancelled when a
  // cancel interrupted the wait before a retry.
  absl::Status status;
  TaskOutputs outputs;  // only when status is OK
  int attempts = 0;
  absl::Time started;   // start of the first attempt (ExecutorOptions::clock)
  absl::Time finished;  // end of the last attempt
};

// Progress callbacks; the planner persists state and emits events from here. Every callback is
// optional (default no-op).
//
// Threading and order: callbacks are invoked from executor threads, concurrently for different
// tasks, so an implementation must be thread-safe. For one task they come from one thread, in
// causal order: OnTaskStarted(1) [OnTaskRetry(1) OnTaskStarted(2) ...] OnTaskFinished. A task's
// OnTaskFinished returns before any of its dependents starts, so outputs persisted there are in the
// store before a later task can use them; when it reports a failure, the executor has already
// stopped starting ordinary tasks. OnOperationFinished comes last, from the thread that
// called Run(), after every other callback has returned. Callbacks block the task's thread:
// keep them short. Tasks skipped because of the ResumeState, and ready tasks that never started
// (failure or cancel), get no callback.
class ExecutionObserver {
 public:
  virtual ~ExecutionObserver() = default;
  // Before attempt `attempt` (1-based) calls the runner.
  virtual void OnTaskStarted(std::string_view task_id, int attempt) {}
  // Attempt `attempt` failed with a retryable `status`; the next starts after `backoff`.
  virtual void OnTaskRetry(std::string_view task_id, int attempt, const absl::Status& status,
                           absl::Duration backoff) {}
  virtual void OnTaskFinished(std::string_view task_id, const TaskResult& result) {}
  // With the status Run() is about to return.
  virtual void OnOperationFinished(const absl::Status& status) {}
};

// What a previous run of the same operation already did: tasks that succeeded, with their outputs.
// They are not run again; their outputs are visible to later tasks. Entries for on_failure tasks
// are ignored (diagnostics are collected again on a new failure).
struct ResumeState {
  std::map<std::string, TaskOutputs> succeeded;
};

struct ExecutorOptions {
  // Most tasks running at once per TaskSpec::pool ("local", "vsphere:<server>", ...); pools not
  // named here get default_pool_limit. The limits hold across every Run() of the Executor, i.e.
  // across operations running at once (PoolSlots).
  std::map<std::string, int> pool_limits;
  int default_pool_limit = 4;
  // Delays between attempts: initial_backoff, max_backoff, multiplier, jitter and seed are used
  // (eksa::BackoffFor, then a uniform factor in [1-jitter, 1+jitter]). Its max_attempts, deadline
  // and retryable are not: attempts come from TaskSpec::max_attempts, and the retryable codes are
  // fixed (kUnavailable, kAborted, kDeadlineExceeded; eksa::IsRetryableByDefault).
  RetryPolicy backoff;
  // Times attempts, deadlines and backoff. Null means Clock::Real(). On the real clock a backoff
  // waits on the Cancellation (a cancel cuts it short); on any other clock it calls SleepFor
  // (a FakeClock advances without blocking).
  Clock* clock = nullptr;
};

// Stateless apart from its options: Run() may be called concurrently for different operations.
//
// Threads: each pool has at most `limit` worker threads, which is what bounds its parallelism.
// A task that becomes ready goes to an idle worker of its pool through a condition variable (no
// polling); a worker that finishes a task takes the next ready one of its pool at once. When no
// worker is idle and the pool is below its limit, the thread that called Run() (which otherwise
// only waits) starts one; a worker exits when its pool has no task left that could start. So a
// Run() uses as many threads as the parallelism it reaches, plus its own; all are joined before
// Run() returns. A task keeps its worker (its pool slot) through its retries and backoff.
//
// Timeouts: each attempt gets deadline = now + TaskSpec::timeout in its TaskContext, and the
// runner is trusted to honour it (the executor cannot abandon a running attempt, whose thread
// holds references to the context). A success returned after the deadline is discarded and
// counts as kDeadlineExceeded (retryable); an error returned late is kept as the runner gave it.
class Executor {
 public:
  explicit Executor(ExecutorOptions options = {});

  // Runs `graph` for `operation_id` (agents see request ids "<operation_id>/<task_id>").
  //
  // Every ordinary task runs once its dependencies succeeded; a retryable failure is retried up
  // to TaskSpec::max_attempts attempts in all (below 1 counts as 1). On the first final failure of
  // an ordinary task, no new ordinary task starts; running ones finish, retries included (their
  // results are reported); then the on_failure tasks run, respecting their own edges (one failing
  // skips only its dependents); and Run returns the first failure, prefixed with the task id
  // ("create-vm[md-0-1]: after 3 attempts: ..."), code unchanged.
  //
  // On `cancellation`: no task starts, a task waiting to retry stops, running tasks see the flag
  // and are waited for; on_failure tasks do not run (the operator asked to stop, and collecting
  // diagnostics is not stopping; the caller can run them separately). Returns kCancelled, unless
  // every ordinary task had succeeded anyway (OK) or a task had already failed (that failure).
  //
  // Returns OK when every ordinary task succeeded; kInvalidArgument, before running anything and
  // without callbacks, for a graph that fails Validate(), an empty operation id, a pool limit
  // below 1 or a ResumeState naming an unknown task.
  absl::Status Run(const Graph& graph, const std::string& operation_id, const ResumeState& resume,
                   TaskRunner& runner, ExecutionObserver& observer,
                   Cancellation& cancellation) const;

 private:
  ExecutorOptions options_;
  std::shared_ptr<PoolSlots> slots_;  // shared by concurrent Run()s
};

}  // namespace eksa::planner::dag
