// RequestMemory: what earlier attempts of a request id made that vCenter itself cannot tell
// (CheckMachineConfig's folder_created, EnsureTemplate's imported), so a retry with the same
// request_id answers as the first attempt would have. In memory, bounded (the oldest entries go
// first): after an agent restart a retry reports false, which only loses the "made by this
// request" detail, never the object.
//
// Thread-safe.
#pragma once

#include <deque>
#include <set>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace eksa::vsphere_agent::backend {

class RequestMemory {
 public:
  explicit RequestMemory(size_t max_entries = 10000) : max_entries_(max_entries) {}

  // Remembers that request `request_id` made `what` (e.g. "folder:/DC0/vm/eksa"). No-op for an
  // empty request id.
  void Remember(const std::string& request_id, const std::string& what) {
    if (request_id.empty()) return;
    const std::string key = request_id + "\n" + what;
    absl::MutexLock lock(&mu_);
    if (made_.insert(key).second) order_.push_back(key);
    while (order_.size() > max_entries_) {
      made_.erase(order_.front());
      order_.pop_front();
    }
  }

  // Whether `request_id` made `what`.
  bool Made(const std::string& request_id, const std::string& what) {
    if (request_id.empty()) return false;
    absl::MutexLock lock(&mu_);
    return made_.count(request_id + "\n" + what) > 0;
  }

 private:
  const size_t max_entries_;
  absl::Mutex mu_;
  std::set<std::string> made_ ABSL_GUARDED_BY(mu_);
  std::deque<std::string> order_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::vsphere_agent::backend
