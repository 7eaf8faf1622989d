// KeyedLock: one mutex per key, made on demand and dropped when nobody holds or waits for it.
// EnsureTemplate takes the template's path, so two requests for the same template (different
// request ids, which the agent's idempotency cache does not join) import it once: the second
// waits, then adopts what the first made.
//
//   KeyedLock::Hold hold = locks.Lock("/DC0/vm/Templates/ubuntu-1-21");
//
// Thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace eksa::vsphere_agent::backend {

class KeyedLock {
 public:
  class Hold {
   public:
    Hold(Hold&& other) noexcept : owner_(other.owner_), key_(std::move(other.key_)) {
      other.owner_ = nullptr;
    }
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;
    Hold& operator=(Hold&&) = delete;
    ~Hold() {
      if (owner_ != nullptr) owner_->Unlock(key_);
    }

   private:
    friend class KeyedLock;
    Hold(KeyedLock* owner, std::string key) : owner_(owner), key_(std::move(key)) {}
    KeyedLock* owner_;
    std::string key_;
  };

  // Blocks until `key` is free, then holds it until the Hold goes away.
  [[nodiscard]] Hold Lock(const std::string& key) {
    Entry* entry = nullptr;
    {
      absl::MutexLock lock(&mu_);
      std::unique_ptr<Entry>& e = entries_[key];
      if (e == nullptr) e = std::make_unique<Entry>();
      ++e->users;
      entry = e.get();
    }
    entry->mu.Lock();
    return Hold(this, key);
  }

  // Keys held or waited for now: what the map holds (0 once every Hold is gone).
  size_t KeyCount() {
    absl::MutexLock lock(&mu_);
    return entries_.size();
  }

 private:
  struct Entry {
    absl::Mutex mu;
    int users = 0;  // holders and waiters
  };

  void Unlock(const std::string& key) {
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(key);
    it->second->mu.Unlock();
    if (--it->second->users == 0) entries_.erase(it);
  }

  absl::Mutex mu_;
  std::map<std::string, std::unique_ptr<Entry>> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::vsphere_agent::backend
