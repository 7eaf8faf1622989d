// What a task implementation sees: TaskRunner (the interface the planner's tasks implement) and
// TaskContext (one attempt's identity, deadline, cancellation and the outputs of earlier tasks).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/common/log.h"
#include "services/planner/dag/cancellation.h"
#include "services/planner/dag/graph.h"

namespace eksa::planner::dag {

// What a task produced (VM id, IP, kubeconfig path, template path). Persisted with the run and
// visible to later tasks, so values must not be secrets.
using TaskOutputs = std::map<std::string, std::string>;

// Context of one attempt of one task. Created by the executor per attempt; a runner may keep it
// only while Run() is on the stack. Thread-safe to read.
class TaskContext {
 public:
  // The outputs of `task_id` if it has succeeded (in this run or a resumed one), else nullptr. The
  // pointee stays valid and unchanged for the whole operation.
  using OutputsLookup = std::function<const TaskOutputs*(std::string_view task_id)>;

  // The executor builds one per attempt; tests of runners build their own.
  TaskContext(std::string operation_id, std::string task_id, int attempt, absl::Time deadline,
              const Cancellation& cancellation, OutputsLookup outputs,
              log::Logger logger = log::Logger());

  // "<operation_id>/<task_id>": the same on every attempt and after a resume, so an agent that
  // sees it again treats the call as a retry of the same request (and adopts what it made).
  static std::string RequestIdFor(std::string_view operation_id, std::string_view task_id);

  const std::string& operation_id() const { return operation_id_; }
  const std::string& task_id() const { return task_id_; }
  const std::string& request_id() const { return request_id_; }
  int attempt() const { return attempt_; }  // 1-based
  // When this attempt must have returned: start of the attempt + TaskSpec::timeout. Pass it on as
  // the RPC deadline. The executor discards a success returned after it (see executor.h).
  absl::Time deadline() const { return deadline_; }

  // The operation's cancellation: poll it, or wait on it instead of sleeping.
  const Cancellation& cancellation() const { return cancellation_; }
  bool cancelled() const { return cancellation_.IsCancelled(); }

  // Outputs of a task that has succeeded, nullptr otherwise. Every dependency (direct or
  // transitive) has succeeded before this task starts; other tasks may or may not have.
  const TaskOutputs* OutputsOf(std::string_view task_id) const { return outputs_(task_id); }
  // One output value; kNotFound naming the task and key when the task has not succeeded or did
  // not produce it.
  absl::StatusOr<std::string> Output(std::string_view task_id, std::string_view key) const;

  // Bound with operation, task and requestId.
  const log::Logger& logger() const { return logger_; }

 private:
  std::string operation_id_;
  std::string task_id_;
  std::string request_id_;
  int attempt_;
  absl::Time deadline_;
  const Cancellation& cancellation_;
  OutputsLookup outputs_;
  log::Logger logger_;
};

// Runs one attempt of one task; dispatches on spec.kind. Called concurrently from executor
// threads (for different tasks), so implementations must be thread-safe.
//
// Contract: return by ctx.deadline(), and soon after ctx.cancellation() is set (returning
// kCancelled or whatever the interrupted call gave). The executor never abandons a running
// attempt, so a runner that ignores both blocks the operation. Return kUnavailable, kAborted or
// kDeadlineExceeded for failures worth another attempt; any other code is final.
class TaskRunner {
 public:
  virtual ~TaskRunner() = default;
  virtual absl::StatusOr<TaskOutputs> Run(const TaskSpec& spec, TaskContext& ctx) = 0;
};

}  // namespace eksa::planner::dag
