#include "services/vsphere-agent/agent/idempotency_cache.h"

#include <algorithm>
#include <utility>

#include "absl/hash/hash.h"
#include "absl/time/clock.h"

namespace eksa::vsphere_agent {
namespace {

std::string MapKey(const IdempotencyCache::Key& key) {
  std::string out = key.server;
  out.push_back('\0');
  out += key.rpc;
  out.push_back('\0');
  out += key.request_id;
  return out;
}

}  // namespace

IdempotencyCache::IdempotencyCache(Clock& clock, Options options)
    : clock_(clock), options_(options) {
  if (options_.max_entries == 0) options_.max_entries = 1;
}

uint64_t IdempotencyCache::FingerprintOf(const std::string& request_bytes) {
  return absl::Hash<std::string>{}(request_bytes);
}

size_t IdempotencyCache::cached() const {
  absl::MutexLock lock(&mu_);
  return cached_;
}

void IdempotencyCache::EraseIfCurrentLocked(const std::string& key, const EntryPtr& entry) {
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second != entry) return;
  if (entry->finished && entry->ok) --cached_;
  entries_.erase(it);
}

void IdempotencyCache::SweepLocked() {
  const absl::Time now = clock_.Now();
  while (!finished_.empty() &&
         (finished_.front().second->expires <= now || cached_ > options_.max_entries)) {
    auto [key, entry] = std::move(finished_.front());
    finished_.pop_front();
    EraseIfCurrentLocked(key, entry);
  }
}

void IdempotencyCache::FinishLocked(const std::string& key, const EntryPtr& entry,
                                    const absl::StatusOr<std::string>& result) {
  entry->finished = true;
  entry->ok = result.ok();
  if (!result.ok()) {
    // Not kept: the next call runs again. Waiters see finished && !ok and try again.
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second == entry) entries_.erase(it);
    return;
  }
  entry->response = *result;
  entry->expires = clock_.Now() + options_.ttl;
  ++cached_;
  finished_.emplace_back(key, entry);
  SweepLocked();
}

absl::Status IdempotencyCache::AwaitLocked(const Key& key, const EntryPtr& entry,
                                           absl::Time deadline,
                                           const std::function<bool()>& cancelled,
                                           absl::Duration poll) {
  for (;;) {
    const absl::Time wake = std::min(deadline, absl::Now() + poll);
    if (mu_.AwaitWithDeadline(absl::Condition(&entry->finished), wake)) return absl::OkStatus();
    const std::string what = "waiting for the first " + key.rpc + " with request_id " +
                             key.request_id + " on vCenter " + key.server + ", still running";
    if (absl::Now() >= deadline) {
      return absl::DeadlineExceededError(what + ": the caller's deadline passed");
    }
    if (cancelled()) return absl::CancelledError(what + ": the caller went away");
  }
}

absl::StatusOr<std::string> IdempotencyCache::Run(
    const Key& key, uint64_t fingerprint, absl::Time deadline,
    const std::function<bool()>& cancelled, const std::function<absl::StatusOr<std::string>()>& run,
    Outcome* outcome, absl::Duration poll) {
  const std::string map_key = MapKey(key);
  EntryPtr mine;
  {
    absl::MutexLock lock(&mu_);
    SweepLocked();
    while (mine == nullptr) {
      auto it = entries_.find(map_key);
      if (it == entries_.end()) {
        mine = std::make_shared<Entry>();
        mine->fingerprint = fingerprint;
        entries_.emplace(map_key, mine);
        break;
      }
      EntryPtr entry = it->second;
      if (entry->finished) {  // only successes stay in the map
        if (entry->fingerprint == fingerprint) {
          *outcome = Outcome::kCached;
          return entry->response;
        }
        EraseIfCurrentLocked(map_key, entry);  // a different request under this id: run it
        continue;
      }
      if (absl::Status s = AwaitLocked(key, entry, deadline, cancelled, poll); !s.ok()) return s;
      if (entry->ok && entry->fingerprint == fingerprint) {
        *outcome = Outcome::kJoined;
        return entry->response;
      }
      // It failed (a failed request runs again) or it was a different request: look again.
    }
  }
  *outcome = Outcome::kRan;
  absl::StatusOr<std::string> result = run();
  absl::MutexLock lock(&mu_);
  FinishLocked(map_key, mine, result);
  return result;
}

}  // namespace eksa::vsphere_agent
