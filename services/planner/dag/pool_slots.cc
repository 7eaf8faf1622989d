#include "services/planner/dag/pool_slots.h"

#include "absl/time/time.h"

namespace eksa::planner::dag {
namespace {

struct Room {
  const int* used;
  int limit;
};
bool HasRoom(const Room* room) { return *room->used < room->limit; }

}  // namespace

int PoolSlots::LimitOf(const std::string& pool) const {
  auto it = limits_.find(pool);
  return it == limits_.end() ? default_limit_ : it->second;
}

bool PoolSlots::Acquire(const std::string& pool, const Cancellation& cancellation) {
  const int limit = LimitOf(pool);
  absl::MutexLock lock(&mu_);
  int& used = in_use_[pool];
  // A Release wakes waiters through the condition; the cancellation flag is another object's
  // atomic, which absl re-evaluates only when mu_ is released, hence the bounded waits.
  const Room room{&used, limit};
  while (!mu_.AwaitWithTimeout(absl::Condition(HasRoom, &room), absl::Milliseconds(50))) {
    if (cancellation.IsCancelled()) return false;
  }
  if (cancellation.IsCancelled()) return false;
  ++used;
  return true;
}

void PoolSlots::Release(const std::string& pool) {
  absl::MutexLock lock(&mu_);
  --in_use_[pool];
}

}  // namespace eksa::planner::dag
