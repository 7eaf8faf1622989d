#include "services/planner/dag/attempts.h"

#include <algorithm>
#include <optional>
#include <random>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/status.h"

namespace eksa::planner::dag::internal {
namespace {

absl::StatusOr<TaskOutputs> RunAttempt(const TaskSpec& spec, int attempt, const AttemptEnv& env) {
  env.observer.OnTaskStarted(spec.id, attempt);
  const absl::Time start = env.clock.Now();
  const absl::Time deadline = start + spec.timeout;
  TaskContext ctx(env.operation_id, spec.id, attempt, deadline, env.cancellation, env.outputs,
                  env.logger.With("task", spec.id)
                      .With("requestId", TaskContext::RequestIdFor(env.operation_id, spec.id)));
  if (log::Logger::Enabled(4)) {
    ctx.logger().Info(4, "Starting task", {{"attempt", absl::StrCat(attempt)}});
  }
  absl::StatusOr<TaskOutputs> outputs = env.runner.Run(spec, ctx);
  const absl::Time end = env.clock.Now();
  // The runner was trusted with the deadline; a success that comes too late does not count (the
  // retry carries the same request id, so an agent adopts what the late attempt made).
  if (outputs.ok() && end > deadline) {
    outputs = absl::DeadlineExceededError(
        absl::StrCat("attempt ", attempt, " returned after ", absl::FormatDuration(end - start),
                     ", over its ", absl::FormatDuration(spec.timeout), " timeout"));
  }
  if (log::Logger::Enabled(4)) {
    ctx.logger().Info(4, outputs.ok() ? "Finished task" : "Task attempt failed",
                      {{"attempt", absl::StrCat(attempt)},
                       {"durationMs", absl::StrCat(absl::ToInt64Milliseconds(end - start))},
                       {"status", outputs.status().ToString()}});
  }
  return outputs;
}

absl::Duration Backoff(int attempt, uint64_t salt, const AttemptEnv& env,
                       std::optional<std::mt19937_64>& rng) {
  const absl::Duration delay = BackoffFor(env.backoff, attempt);
  const double jitter = std::clamp(env.backoff.jitter, 0.0, 1.0);
  if (jitter == 0.0) return delay;
  if (!rng) rng.emplace(env.seed + 0x9E3779B97F4A7C15ULL * (salt + 1));
  return delay * std::uniform_real_distribution<double>(1.0 - jitter, 1.0 + jitter)(*rng);
}

// On the real clock the wait is on the cancellation, so a cancel cuts a long backoff short; other
// clocks are fakes whose SleepFor advances time without blocking. True when cancelled.
bool WaitOrCancelled(absl::Duration backoff, const AttemptEnv& env) {
  if (&env.clock == &Clock::Real()) return env.cancellation.WaitFor(backoff);
  env.clock.SleepFor(backoff);
  return env.cancellation.IsCancelled();
}

}  // namespace

TaskResult RunAttempts(const TaskSpec& spec, uint64_t salt, const AttemptEnv& env) {
  const int max_attempts = std::max(1, spec.max_attempts);
  std::optional<std::mt19937_64> rng;  // only a task that retries with jitter needs one
  TaskResult result;
  result.started = env.clock.Now();
  for (int attempt = 1;; ++attempt) {
    result.attempts = attempt;
    absl::StatusOr<TaskOutputs> outputs = RunAttempt(spec, attempt, env);
    if (outputs.ok()) {
      result.status = absl::OkStatus();
      result.outputs = *std::move(outputs);
      break;
    }
    result.status = outputs.status();
    if (!IsRetryableByDefault(result.status) || attempt >= max_attempts ||
        env.cancellation.IsCancelled()) {
      break;
    }
    const absl::Duration backoff = Backoff(attempt, salt, env, rng);
    env.observer.OnTaskRetry(spec.id, attempt, result.status, backoff);
    if (WaitOrCancelled(backoff, env)) {
      result.status = absl::CancelledError(
          absl::StrCat("cancelled while waiting to retry: ", result.status.message()));
      break;
    }
  }
  if (!result.status.ok() && result.attempts > 1) {
    result.status = Annotate(result.status, absl::StrCat("after ", result.attempts, " attempts"));
  }
  result.finished = env.clock.Now();
  return result;
}

}  // namespace eksa::planner::dag::internal
