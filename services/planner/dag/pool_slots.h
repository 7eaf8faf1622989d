// Slots per pool shared by every Run() of one Executor, so pool limits hold across operations
// running at once (two creates against one vCenter together stay within its limit).
//
// A worker of a run acquires a slot of the task's pool before the task's first attempt and
// releases it after the task's last (a task keeps its slot through retries and backoff, as it
// keeps its worker). Thread-safe.
#pragma once

#include <map>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "services/planner/dag/cancellation.h"

namespace eksa::planner::dag {

class PoolSlots {
 public:
  // `limits` per pool name; pools not named get `default_limit`. Limits are at least 1
  // (checked by the Executor before any Run uses them).
  PoolSlots(std::map<std::string, int> limits, int default_limit)
      : limits_(std::move(limits)), default_limit_(default_limit) {}

  // Blocks until `pool` has a free slot and takes it (true), or until `cancellation` is
  // cancelled (false, nothing taken).
  bool Acquire(const std::string& pool, const Cancellation& cancellation);
  void Release(const std::string& pool);

 private:
  int LimitOf(const std::string& pool) const;

  const std::map<std::string, int> limits_;
  const int default_limit_;
  mutable absl::Mutex mu_;
  std::map<std::string, int> in_use_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::planner::dag
