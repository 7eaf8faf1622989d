#include "services/vsphere-agent/agent/concurrency_limiter.h"

#include <algorithm>
#include <utility>

#include "absl/time/clock.h"

namespace eksa::vsphere_agent {

ConcurrencyLimiter::Slot& ConcurrencyLimiter::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    if (limiter_ != nullptr) limiter_->Release();
    limiter_ = std::exchange(other.limiter_, nullptr);
  }
  return *this;
}

ConcurrencyLimiter::Slot::~Slot() {
  if (limiter_ != nullptr) limiter_->Release();
}

ConcurrencyLimiter::ConcurrencyLimiter(std::string name, int limit)
    : name_(std::move(name)), limit_(std::max(1, limit)) {}

absl::StatusOr<ConcurrencyLimiter::Slot> ConcurrencyLimiter::Acquire(
    absl::Time deadline, const std::function<bool()>& cancelled, absl::Duration poll) {
  absl::MutexLock lock(&mu_);
  if (busy_ < limit_ && queue_.empty()) {
    ++busy_;
    return Slot(this);
  }
  Waiter waiter;
  auto position = queue_.insert(queue_.end(), &waiter);
  for (;;) {
    // Release() hands the slot over (busy_ unchanged) and dequeues the waiter.
    const absl::Time wake = std::min(deadline, absl::Now() + poll);
    if (mu_.AwaitWithDeadline(absl::Condition(&waiter.granted), wake)) return Slot(this);
    const bool expired = absl::Now() >= deadline;
    const bool gone = !expired && cancelled();
    if (!expired && !gone) continue;
    queue_.erase(position);
    const std::string state = " (" + std::to_string(busy_) + " of " + std::to_string(limit_) +
                              " slots busy, " + std::to_string(queue_.size()) +
                              " other calls waiting)";
    if (expired) {
      return absl::DeadlineExceededError("waiting for a free slot on vCenter " + name_ +
                                         ": the caller's deadline passed" + state);
    }
    return absl::CancelledError("waiting for a free slot on vCenter " + name_ +
                                ": the caller went away" + state);
  }
}

void ConcurrencyLimiter::Release() {
  absl::MutexLock lock(&mu_);
  if (!queue_.empty()) {
    Waiter* next = queue_.front();
    queue_.pop_front();
    next->granted = true;  // the slot moves to it; busy_ stays
    return;
  }
  --busy_;
}

int ConcurrencyLimiter::busy() const {
  absl::MutexLock lock(&mu_);
  return busy_;
}

int ConcurrencyLimiter::waiting() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(queue_.size());
}

}  // namespace eksa::vsphere_agent
