// Retry with exponential backoff and full jitter, on an injectable clock.
//
// Retries are explicit at call sites (EKS-A's retrier), never hidden inside transports.
#pragma once

#include <cstdint>
#include <functional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/common/clock.h"

namespace eksa {

struct RetryPolicy {
  int max_attempts = 5;  // >= 1; 1 means no retry
  absl::Duration initial_backoff = absl::Milliseconds(200);
  absl::Duration max_backoff = absl::Seconds(10);
  double multiplier = 2.0;
  double jitter = 0.2;                                 // each delay is scaled by [1-j, 1+j]
  absl::Duration deadline = absl::InfiniteDuration();  // overall budget from the first attempt
  // Which failures are worth another attempt. Default: kUnavailable, kAborted, kDeadlineExceeded.
  std::function<bool(const absl::Status&)> retryable;
  uint64_t seed = 0;  // 0: seeded from the clock
};

// The default retryable predicate (UNAVAILABLE, ABORTED, DEADLINE_EXCEEDED).
bool IsRetryableByDefault(const absl::Status& status);

// The delay before attempt `attempt` (1-based: the delay after the first failure is attempt 1),
// before jitter: min(max_backoff, initial_backoff * multiplier^(attempt-1)).
absl::Duration BackoffFor(const RetryPolicy& policy, int attempt);

// Runs `fn` until it succeeds, fails with a non-retryable status, runs out of attempts or the
// deadline would pass before the next attempt. Returns the last status, annotated with the
// attempt count when more than one attempt was made ("after 5 attempts: …").
absl::Status Retry(const RetryPolicy& policy, Clock& clock,
                   const std::function<absl::Status()>& fn);

template <typename T>
absl::StatusOr<T> RetryOr(const RetryPolicy& policy, Clock& clock,
                          const std::function<absl::StatusOr<T>()>& fn) {
  absl::StatusOr<T> result = absl::UnknownError("not run");
  absl::Status s = Retry(policy, clock, [&]() {
    result = fn();
    return result.status();
  });
  if (!s.ok()) return s;
  return result;
}

}  // namespace eksa
