// A cancellation flag shared by the caller of an operation, the executor and the running tasks.
#pragma once

#include <atomic>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace eksa::planner::dag {

// Set once, never cleared. Tasks poll IsCancelled() between steps or block in WaitFor()/WaitUntil()
// instead of sleeping, so a cancel interrupts them at once.
//
// Thread-safe. Waits are in real time (absl::Now), not on an eksa::Clock: they stand in for the
// interruptible sleep a real RPC or backoff needs; code driven by a FakeClock polls IsCancelled().
class Cancellation {
 public:
  Cancellation() = default;
  Cancellation(const Cancellation&) = delete;
  Cancellation& operator=(const Cancellation&) = delete;

  // Requests cancellation and wakes every waiter. Idempotent.
  void Cancel();

  // Cheap (one atomic load); may be called from any thread.
  bool IsCancelled() const { return cancelled_.load(std::memory_order_acquire); }

  // Block until Cancel() or until `timeout` passes / `deadline` is reached; return IsCancelled().
  bool WaitFor(absl::Duration timeout) const;
  bool WaitUntil(absl::Time deadline) const;

 private:
  mutable absl::Mutex mu_;
  bool flag_ ABSL_GUARDED_BY(mu_) = false;  // what waiters wait on
  std::atomic<bool> cancelled_{false};      // what pollers read
};

}  // namespace eksa::planner::dag
