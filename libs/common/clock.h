// An injectable clock, so code that waits or times out is tested without sleeping.
#pragma once

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace eksa {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() = 0;
  // Blocks for `d` (RealClock) or advances the fake time by `d` (FakeClock).
  virtual void SleepFor(absl::Duration d) = 0;

  // The process-wide real clock.
  static Clock& Real();
};

// Time that moves only when SleepFor() or Advance() is called. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time start = absl::UnixEpoch()) : now_(start) {}
  absl::Time Now() override;
  void SleepFor(absl::Duration d) override;  // advances, does not block
  void Advance(absl::Duration d);
  // Sum of every SleepFor() so far (lets tests assert backoff schedules).
  absl::Duration TotalSlept();

 private:
  absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
  absl::Duration slept_ ABSL_GUARDED_BY(mu_) = absl::ZeroDuration();
};

}  // namespace eksa
