// One task from its first attempt to its result: per-attempt deadline, retry of retryable codes
// with backoff, cancellation between attempts. Internal to the executor (executor.h documents the
// behaviour).
#pragma once

#include <cstdint>
#include <string>

#include "libs/common/clock.h"
#include "libs/common/log.h"
#include "libs/common/retry.h"
#include "services/planner/dag/cancellation.h"
#include "services/planner/dag/executor.h"
#include "services/planner/dag/graph.h"
#include "services/planner/dag/task_runner.h"

namespace eksa::planner::dag::internal {

// What every task of one Run() shares. All references outlive the Run().
struct AttemptEnv {
  const std::string& operation_id;
  Clock& clock;
  TaskRunner& runner;
  ExecutionObserver& observer;
  const Cancellation& cancellation;
  const RetryPolicy& backoff;
  uint64_t seed;  // jitter seed of the Run; each task derives its own
  TaskContext::OutputsLookup outputs;
  log::Logger logger;  // bound with the operation
};

// Runs `spec` until it succeeds, fails finally, runs out of attempts or is cancelled while waiting
// to retry; calls OnTaskStarted/OnTaskRetry (not OnTaskFinished). `salt` makes the jitter of
// different tasks differ. Thread-safe for different tasks.
TaskResult RunAttempts(const TaskSpec& spec, uint64_t salt, const AttemptEnv& env);

}  // namespace eksa::planner::dag::internal
