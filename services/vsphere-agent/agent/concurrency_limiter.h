// ConcurrencyLimiter: at most N calls at once on one vCenter server; the others wait their turn.
//
//   absl::StatusOr<ConcurrencyLimiter::Slot> slot = limiter.Acquire(deadline, cancelled);
//   if (!slot.ok()) return slot.status();   // kDeadlineExceeded or kCancelled
//   ... call vCenter ...                    // the slot is given back when `slot` goes away
//
// Waiters are served first come, first served: a slot freed by Release() goes to the oldest
// waiter, so a steady stream of new calls cannot starve an old one. A waiter whose deadline
// passes (or whose caller goes away) leaves the queue without taking a slot.
//
// Thread-safe.
#pragma once

#include <functional>
#include <list>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace eksa::vsphere_agent {

class ConcurrencyLimiter {
 public:
  // A held slot; move-only; gives the slot back when destroyed.
  class Slot {
   public:
    Slot(Slot&& other) noexcept : limiter_(other.limiter_) { other.limiter_ = nullptr; }
    Slot& operator=(Slot&& other) noexcept;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot();

   private:
    friend class ConcurrencyLimiter;
    explicit Slot(ConcurrencyLimiter* limiter) : limiter_(limiter) {}
    ConcurrencyLimiter* limiter_;
  };

  // `limit` >= 1. `name` ("vcenter.lab") appears in the errors.
  ConcurrencyLimiter(std::string name, int limit);
  ConcurrencyLimiter(const ConcurrencyLimiter&) = delete;
  ConcurrencyLimiter& operator=(const ConcurrencyLimiter&) = delete;

  // Takes a slot, waiting in line while all are busy. kDeadlineExceeded when `deadline` passes
  // first; kCancelled when `cancelled()` turns true first (checked every `poll`, since a gRPC
  // cancellation does not wake a mutex). Both errors name the server and say how many calls hold
  // it.
  [[nodiscard]] absl::StatusOr<Slot> Acquire(
      absl::Time deadline, const std::function<bool()>& cancelled = [] { return false; },
      absl::Duration poll = absl::Milliseconds(50));

  int limit() const { return limit_; }
  // Slots held now.
  int busy() const;
  // Calls waiting for a slot now.
  int waiting() const;

 private:
  struct Waiter {
    bool granted = false;
  };
  void Release();

  const std::string name_;
  const int limit_;
  mutable absl::Mutex mu_;
  int busy_ ABSL_GUARDED_BY(mu_) = 0;
  std::list<Waiter*> queue_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::vsphere_agent
