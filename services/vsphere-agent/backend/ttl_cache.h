// TtlCache: a small map whose entries expire `ttl` after they were stored. For values that are
// cheap to look up again and rarely change (inventory paths → references, template facts).
//
// Thread-safe. Values are copied out.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
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

  // The value stored for `key` less than ttl ago, else fill()'s (an absl::StatusOr<Value>),
  // stored when OK: a failure is never cached. fill runs without the lock, so two callers that
  // miss at once both fill (the later Put wins).
  template <typename Fill>
  absl::StatusOr<Value> GetOr(const std::string& key, Fill&& fill) {
    if (std::optional<Value> hit = Get(key)) return *std::move(hit);
    absl::StatusOr<Value> filled = std::forward<Fill>(fill)();
    if (filled.ok()) Put(key, *filled);
    return filled;
  }

  void Put(const std::string& key, Value value) {
    if (ttl_ <= absl::ZeroDuration()) return;
    absl::MutexLock lock(&mu_);
    entries_.insert_or_assign(key, Entry{std::move(value), clock_.Now()});
  }

  void Clear() {
    absl::MutexLock lock(&mu_);
    entries_.clear();
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
