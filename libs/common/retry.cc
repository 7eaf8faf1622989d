#include "libs/common/retry.h"

#include <algorithm>
#include <random>
#include <string>

#include "libs/common/status.h"

namespace eksa {
namespace {

// Full-range jitter: a uniform factor in [1-j, 1+j], so concurrent callers that failed together
// spread out instead of retrying in lockstep.
absl::Duration Jittered(absl::Duration d, double jitter, std::mt19937_64& rng) {
  jitter = std::clamp(jitter, 0.0, 1.0);
  if (jitter == 0.0) return d;
  std::uniform_real_distribution<double> factor(1.0 - jitter, 1.0 + jitter);
  return d * factor(rng);
}

uint64_t SeedFor(const RetryPolicy& policy, Clock& clock) {
  if (policy.seed != 0) return policy.seed;
  return static_cast<uint64_t>(absl::ToUnixNanos(clock.Now()));
}

}  // namespace

bool IsRetryableByDefault(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kDeadlineExceeded:
      return true;
    default:
      return false;
  }
}

absl::Duration BackoffFor(const RetryPolicy& policy, int attempt) {
  // Multiply step by step (not pow) so a large attempt saturates at max_backoff without
  // overflowing the duration.
  absl::Duration d = policy.initial_backoff;
  for (int i = 1; i < attempt && d < policy.max_backoff; ++i) d *= policy.multiplier;
  return std::min(d, policy.max_backoff);
}

absl::Status Retry(const RetryPolicy& policy, Clock& clock,
                   const std::function<absl::Status()>& fn) {
  const int max_attempts = std::max(1, policy.max_attempts);
  const absl::Time deadline = clock.Now() + policy.deadline;
  const auto& retryable = policy.retryable ? policy.retryable : IsRetryableByDefault;
  std::mt19937_64 rng(SeedFor(policy, clock));

  int attempt = 1;
  absl::Status status = fn();
  while (!status.ok() && retryable(status) && attempt < max_attempts) {
    absl::Duration delay = Jittered(BackoffFor(policy, attempt), policy.jitter, rng);
    if (clock.Now() + delay > deadline) break;  // the next attempt would start too late
    clock.SleepFor(delay);
    ++attempt;
    status = fn();
  }
  if (status.ok() || attempt == 1) return status;
  return Annotate(status, "after " + std::to_string(attempt) + " attempts");
}

}  // namespace eksa
