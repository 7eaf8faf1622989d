// What every fake agent has: an id, a real gRPC server on 127.0.0.1:0 (libs/rpc Server, health
// and reflection included), heartbeats, a kill switch and a Script (script.h).
//
//   FakeVSphereAgent a("vsphere-a", vcenter);
//   ASSERT_THAT(a.Start(), IsOk());
//   registry.Register({.id = a.id(), .address = a.address(), .vcenter_servers = {"127.0.0.2"}});
//   a.StartHeartbeats([&](const std::string& id) { (void)registry.Heartbeat(id, 0); },
//                     absl::Milliseconds(50));
//   ...
//   a.StopHeartbeating();  // the planner's registry sees it die after its TTL
//   a.Kill();              // calls in flight are cancelled, new ones cannot connect
//
// A derived fake must call Kill() first thing in its destructor (its handlers must not run once
// its members are gone). Thread-safe.
#pragma once

#include <grpcpp/impl/service_type.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "libs/rpc/server.h"
#include "tests/fakes/agents/script.h"

namespace eksa::testing::fakes {

// Called with the agent's id at every heartbeat (e.g. AgentRegistry::Heartbeat, or a
// PlannerService.Heartbeat client).
using HeartbeatFn = std::function<void(const std::string& agent_id)>;

class FakeAgent {
 public:
  FakeAgent(const FakeAgent&) = delete;
  FakeAgent& operator=(const FakeAgent&) = delete;
  virtual ~FakeAgent();

  // Serves on 127.0.0.1 at a free port. kFailedPrecondition when called twice.
  absl::Status Start();
  const std::string& id() const { return id_; }
  std::string address() const;  // "127.0.0.1:<port>" once started
  Script& script() { return script_; }

  // Calls `fn(id)` now and then every `period` from a thread, until StopHeartbeating() or Kill().
  void StartHeartbeats(HeartbeatFn fn, absl::Duration period);
  void StopHeartbeating();
  // Stops heartbeats and shuts the server down at once: calls in flight return CANCELLED to the
  // fake's handlers (their clients see an error), later calls cannot connect. Idempotent.
  void Kill();
  bool killed() const { return killed_.load(); }

 protected:
  FakeAgent(std::string id, grpc::Service* service);

  // The body of every handler: logs the call and applies the script (injected failure before any
  // work; for a request id answered before, the cached response without work; latency after),
  // runs `work` and caches its successful response by request id.
  template <typename Response, typename Work>
  grpc::Status Handle(grpc::ServerContext* context, std::string_view rpc,
                      const std::string& request_id, const std::string& subject, ResultCache& cache,
                      Response* response, Work work) {
    if (grpc::Status s = script_.Enter(rpc, request_id, subject); !s.ok()) return s;
    grpc::Status status = grpc::Status::OK;
    if (!request_id.empty() && cache.Lookup(rpc, request_id, response)) {
      script_.MarkReplayed();
    } else {
      status = work();
      if (status.ok() && !request_id.empty()) cache.Store(rpc, request_id, *response);
    }
    if (!script_.Delay(rpc, context, killed_)) {
      return grpc::Status(grpc::StatusCode::CANCELLED, "the call was cancelled");
    }
    return status;
  }

 private:
  const std::string id_;
  Script script_;
  rpc::Server server_;
  std::atomic<bool> killed_{false};
  std::unique_ptr<absl::Notification> stop_heartbeats_;
  std::thread heartbeats_;
};

}  // namespace eksa::testing::fakes
