#include "services/planner/dag/cancellation.h"

namespace eksa::planner::dag {

void Cancellation::Cancel() {
  absl::MutexLock lock(&mu_);
  flag_ = true;
  cancelled_.store(true, std::memory_order_release);
}

bool Cancellation::WaitFor(absl::Duration timeout) const {
  return WaitUntil(absl::Now() + timeout);
}

bool Cancellation::WaitUntil(absl::Time deadline) const {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithDeadline(absl::Condition(&flag_), deadline);
  return flag_;
}

}  // namespace eksa::planner::dag
