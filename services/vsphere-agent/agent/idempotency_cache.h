// IdempotencyCache: request_id idempotency of the agent's mutating RPCs, at the service layer.
//
// Per key (vCenter server, RPC, request_id):
//  - the first call runs;
//  - a retry that arrives while the first is still running waits for it and gets the same
//    result when it succeeds (a retry after the caller's deadline passed, the planner's usual
//    case, so gets what the first attempt made without starting a second clone);
//  - a retry after a success gets the cached response, without running, for `ttl`;
//  - a failure is not kept: the caller that ran it gets the error, and the next call (a waiting
//    retry included) runs again ("a request that failed may be sent again … and runs again").
// A request_id reused for a different request (its bytes differ) is not a retry: it waits until
// the first is done, then runs, and its result replaces the cached one. The backend's own
// find-before-create keeps that safe, and a planner resuming after a restart never gets a stale
// answer for a request it changed.
//
// The cache lives in memory (the agent keeps nothing durable): after a restart, or on a sibling
// replica, a retry runs again and the backend adopts what the first attempt made. At most
// `max_entries` successful results are kept (the oldest go first).
//
// Thread-safe. Run() never holds the lock while `run` executes.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/common/clock.h"

namespace eksa::vsphere_agent {

class IdempotencyCache {
 public:
  struct Options {
    absl::Duration ttl = absl::Minutes(15);
    size_t max_entries = 10000;
  };

  // What one call identifies as.
  struct Key {
    std::string server;      // "vcenter.lab"
    std::string rpc;         // "CreateVm"
    std::string request_id;  // non-empty
  };

  // How Run() answered.
  enum class Outcome {
    kRan,     // this call ran `run`
    kJoined,  // it waited for the identical call in flight and shares its success
    kCached,  // it got the cached success of an earlier identical call
  };

  // `clock` times the TTL (the waits use real time: they block).
  IdempotencyCache(Clock& clock, Options options);
  IdempotencyCache(const IdempotencyCache&) = delete;
  IdempotencyCache& operator=(const IdempotencyCache&) = delete;

  // Runs `run` or shares another call's result, as described at the top of this file.
  // `fingerprint` identifies the request's content (FingerprintOf). `run` returns the serialized
  // response. Waiting for a call in flight ends with kDeadlineExceeded at `deadline`, or
  // kCancelled once `cancelled()` is true (polled every `poll`); the call in flight goes on.
  [[nodiscard]] absl::StatusOr<std::string> Run(
      const Key& key, uint64_t fingerprint, absl::Time deadline,
      const std::function<bool()>& cancelled,
      const std::function<absl::StatusOr<std::string>()>& run, Outcome* outcome,
      absl::Duration poll = absl::Milliseconds(50));

  // Successful results kept now (tests, metrics).
  size_t cached() const;

  // A fingerprint of serialized request bytes.
  static uint64_t FingerprintOf(const std::string& request_bytes);

 private:
  struct Entry {
    uint64_t fingerprint = 0;
    bool finished = false;
    bool ok = false;
    std::string response;  // when ok
    absl::Time expires;    // when ok
  };
  using EntryPtr = std::shared_ptr<Entry>;

  void SweepLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void EraseIfCurrentLocked(const std::string& key, const EntryPtr& entry)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FinishLocked(const std::string& key, const EntryPtr& entry,
                    const absl::StatusOr<std::string>& result) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Waits for `entry` to finish; OK, or kDeadlineExceeded / kCancelled naming the call.
  absl::Status AwaitLocked(const Key& key, const EntryPtr& entry, absl::Time deadline,
                           const std::function<bool()>& cancelled, absl::Duration poll)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Clock& clock_;
  Options options_;  // max_entries >= 1
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, EntryPtr> entries_ ABSL_GUARDED_BY(mu_);
  // Successful entries in the order they finished (so also by expiry: the TTL is fixed). Entries
  // replaced or erased since are skipped when they reach the front.
  std::deque<std::pair<std::string, EntryPtr>> finished_ ABSL_GUARDED_BY(mu_);
  size_t cached_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace eksa::vsphere_agent
