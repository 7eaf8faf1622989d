// InFlightCalls: the calls the agent is serving right now, for the planner heartbeat
// (HeartbeatRequest.in_flight and in_flight_request_ids).
//
//   InFlightCalls::Token token = in_flight.Begin(request.request_id());
//   ...                           // counted until `token` goes away
//   InFlightCalls::Snapshot now = in_flight.Take();
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace eksa::vsphere_agent {

class InFlightCalls {
 public:
  // Counts one call while it lives. Move-only.
  class Token {
   public:
    Token(Token&& other) noexcept : calls_(other.calls_), id_(other.id_) { other.calls_ = nullptr; }
    Token& operator=(Token&&) = delete;
    Token(const Token&) = delete;
    Token& operator=(const Token&) = delete;
    ~Token();

   private:
    friend class InFlightCalls;
    Token(InFlightCalls* calls, uint64_t id) : calls_(calls), id_(id) {}
    InFlightCalls* calls_;
    uint64_t id_;
  };

  struct Snapshot {
    int count = 0;                         // every call, read-only ones included
    std::vector<std::string> request_ids;  // the non-empty request ids, sorted, no duplicates
  };

  // Starts counting a call; `request_id` may be empty (read-only RPCs).
  [[nodiscard]] Token Begin(std::string request_id);
  [[nodiscard]] Snapshot Take() const;

 private:
  void End(uint64_t id);

  mutable absl::Mutex mu_;
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<uint64_t, std::string> calls_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::vsphere_agent
