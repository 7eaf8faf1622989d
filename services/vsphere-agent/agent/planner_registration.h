// PlannerRegistration: keeps this agent registered with the planner (PlannerService.RegisterAgent
// and Heartbeat, protos/eksa/planner/v1/planner.proto) from a thread of its own.
//
//   PlannerRegistration registration({.planner_address = "127.0.0.1:50051", .agent = agent,
//                                     .in_flight = [&] { return in_flight.Take(); }}, &metrics);
//   registration.Start();
//   ...                                          // SIGTERM:
//   (void)registration.Drain(absl::Seconds(2));  // one heartbeat with draining=true, now
//   ...                                          // calls in flight finish (still heartbeating)
//   registration.Stop();                         // the planner lets the lease lapse
//
// The loop: RegisterAgent (kind VSPHERE, address, vcenter_servers, capacity, version), retried
// with exponential backoff while the planner cannot be reached or refuses; then a Heartbeat every
// heartbeat_interval from the planner's answer (a third of the lease TTL; lease_ttl / 3 when it
// gives none) carrying the calls in flight and their request ids. A heartbeat answered NOT_FOUND
// (the planner restarted and forgot the agent) registers again at once; other heartbeat errors
// are retried with backoff, no slower than the heartbeat interval. Each RPC has its own timeout.
// A registration retry reuses its request_id; a new registration round gets a new one.
//
// Errors are logged, not returned (the agent keeps serving without a planner): the first failure
// of a streak with Logger::Error, the rest at -v 4, the recovery at -v 0.
//
// Thread-safe. The destructor calls Stop().
#pragma once

#include <grpcpp/channel.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "eksa/planner/v1/planner.grpc.pb.h"
#include "libs/common/log.h"
#include "libs/common/retry.h"
#include "services/vsphere-agent/agent/agent_metrics.h"
#include "services/vsphere-agent/agent/in_flight_calls.h"

namespace eksa::vsphere_agent {

struct RegistrationOptions {
  // The planner's gRPC address ("127.0.0.1:50051").
  std::string planner_address;
  // A channel to use instead of a plaintext one to planner_address (tests, mTLS later).
  std::shared_ptr<grpc::Channel> channel;
  // What to register: agent_id, address, vcenter_servers, max_concurrent_tasks, version; the kind
  // is set to AGENT_KIND_VSPHERE.
  eksa::planner::v1::Agent agent;
  // The calls in flight, read at every heartbeat.
  std::function<InFlightCalls::Snapshot()> in_flight = [] { return InFlightCalls::Snapshot{}; };
  // Timeout of each RegisterAgent and Heartbeat call.
  absl::Duration rpc_timeout = absl::Seconds(5);
  // Delays between failed attempts (max_attempts and deadline are not used: it never gives up).
  RetryPolicy backoff = {.initial_backoff = absl::Milliseconds(200),
                         .max_backoff = absl::Seconds(10)};
};

class PlannerRegistration {
 public:
  // `metrics` may be null.
  PlannerRegistration(RegistrationOptions options, AgentMetrics* metrics);
  PlannerRegistration(const PlannerRegistration&) = delete;
  PlannerRegistration& operator=(const PlannerRegistration&) = delete;
  ~PlannerRegistration();

  // Starts the loop thread. Call once.
  void Start();

  // From now on every heartbeat says draining=true; sends one at once and waits for its answer,
  // for at most `timeout`. Returns that heartbeat's status (kFailedPrecondition when the agent
  // never registered). The loop goes on heartbeating until Stop(), so the lease holds while the
  // calls in flight finish.
  absl::Status Drain(absl::Duration timeout);

  // Stops the loop (an RPC in flight is cancelled) and joins the thread. Idempotent.
  void Stop();

  // Whether the planner accepted the registration and has not forgotten it since.
  bool registered() const;
  // The interval the planner asked for (zero before the first registration).
  absl::Duration heartbeat_interval() const;

 private:
  void Loop();
  // One registration attempt, logged; returns how long to sleep before the next step.
  absl::Duration RegisterStep(const log::Logger& logger, int& failures);
  // One heartbeat, logged; returns how long to sleep before the next step.
  absl::Duration HeartbeatStep(const log::Logger& logger, int& failures);
  // One RegisterAgent call; updates registered_ and heartbeat_interval_.
  absl::Status Register();
  // One Heartbeat call with the current in-flight report and draining flag, all within
  // `timeout` (kDeadlineExceeded when another heartbeat holds the line that long).
  absl::Status Heartbeat(absl::Duration timeout);
  // The call itself; only the holder of sending_ runs it.
  absl::Status SendHeartbeat(absl::Time deadline);
  // Sleeps `d` or until Stop(); returns false when stopped.
  bool Sleep(absl::Duration d);
  absl::Duration Backoff(int failures);

  const RegistrationOptions options_;
  AgentMetrics* const metrics_;
  std::unique_ptr<eksa::planner::v1::PlannerService::Stub> stub_;
  std::thread thread_;
  std::string register_request_id_;  // loop thread only
  int registrations_ = 0;            // loop thread only

  mutable absl::Mutex mu_;
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  bool draining_ ABSL_GUARDED_BY(mu_) = false;
  // True while a Heartbeat is being sent: one at a time, so a draining heartbeat is never
  // overtaken by an older, non-draining one (the planner keeps the last report).
  bool sending_ ABSL_GUARDED_BY(mu_) = false;
  bool registered_ ABSL_GUARDED_BY(mu_) = false;
  absl::Duration heartbeat_interval_ ABSL_GUARDED_BY(mu_) = absl::ZeroDuration();
  std::shared_ptr<grpc::ClientContext> active_ ABSL_GUARDED_BY(mu_);  // cancelled by Stop()
};

}  // namespace eksa::vsphere_agent
