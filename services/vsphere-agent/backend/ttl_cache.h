// TtlCache: a small map whose entries expire `ttl` after they were stored. For values that are
// cheap to look up again and rarely change (inventory paths → references, template facts).
//
// Thread-safe. Values are copied out.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/common/clock.h"

namespace eksa::vsphere_agent::backend {

template <typename Value>
class TtlCache {
 public:
  explicit TtlCache(absl::Duration ttl, Clock& clock = Clock::Real()) : ttl_(ttl), clock_(clock) {}

  // The value stored for `key` less than ttl ago.
  std::optional<Value> Get(const std::string& key) {
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    if (clock_.Now() - it->second.stored >= ttl_) {
      entries_.erase(it);
      return std::nullopt;
    }
    return it->second.value;
  }

  void Put(const std::string& key, Value value) {
    if (ttl_ <= absl::ZeroDuration()) return;
    absl::MutexLock lock(&mu_);
    entries_.insert_or_assign(key, Entry{std::move(value), clock_.Now()});
  }

  void Erase(const std::string& key) {
    absl::MutexLock lock(&mu_);
    entries_.erase(key);
  }

  void Clear() {
    absl::MutexLock lock(&mu_);
    entries_.clear();
  }

  size_t size() {
    absl::MutexLock lock(&mu_);
    return entries_.size();
  }

 private:
  struct Entry {
    Value value;
    absl::Time stored;
  };

  const absl::Duration ttl_;
  Clock& clock_;
  absl::Mutex mu_;
  std::map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::vsphere_agent::backend
