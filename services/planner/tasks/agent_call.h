// Calls from planner tasks to agents over gRPC: pick a live agent of the task's pool, send the
// RPC with the attempt's deadline and the task's request id, watch the agent's heartbeat while the
// call is in flight, and fail over to a sibling when it stops.
//
//   EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent, caller.Open(spec, ctx));
//   EKSA_ASSIGN_OR_RETURN(CreateVmResponse resp, agent->Call<CreateVmResponse>(
//       "CreateVm", [&](grpc::ClientContext* c, CreateVmResponse* r, AgentSession::Done done) {
//         agent->vsphere().async()->CreateVm(c, &req, r, std::move(done));
//       }));
//
// Failover: while a call is in flight the session polls AgentRegistry::IsAlive every
// `liveness_poll`. An agent that stops heartbeating gets its call cancelled (TryCancel) and the
// attempt returns kUnavailable naming it, so the executor retries; the caller remembers, per task
// (keyed by request id, so across attempts), the agents that failed it that way or answered
// UNAVAILABLE, and the next Open() picks among the others. Only when no other agent is left does
// it fall back to one that failed before (a transient UNAVAILABLE of the only agent is retried on
// it). The request id is the task's, the same on every attempt, so the sibling treats the call as
// a retry and adopts whatever the first agent made.
//
// Cancellation: when the operation is cancelled, the call in flight is cancelled and the attempt
// returns kCancelled. Errors from the agent are converted with FromGrpcStatus (code kept) and
// prefixed "<Rpc> on agent <id>: ".
//
// Thread-safe: one AgentCaller serves every task; a session belongs to one attempt.
#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "eksa/bootstrap/v1/bootstrap_agent.grpc.pb.h"
#include "eksa/gitops/v1/gitops_agent.grpc.pb.h"
#include "eksa/vsphere/v1/vsphere_agent.grpc.pb.h"
#include "libs/common/clock.h"
#include "services/planner/dag/graph.h"
#include "services/planner/dag/task_runner.h"
#include "services/planner/registry/agent_registry.h"

namespace eksa::planner::tasks {

// Makes the channel to an agent's address ("host:port"). Channels are cached per address.
using ChannelFactory = std::function<std::shared_ptr<grpc::Channel>(const std::string& address)>;

// grpc::CreateChannel with insecure credentials (loopback and tests; mTLS comes with deploy/).
ChannelFactory InsecureChannelFactory();

class AgentCaller;

// One attempt's hold on one agent: acquired in the registry (its load for Pick) until destroyed.
class AgentSession {
 public:
  using Done = std::function<void(grpc::Status)>;
  template <typename Response>
  using Start = std::function<void(grpc::ClientContext*, Response*, Done)>;

  ~AgentSession();
  AgentSession(const AgentSession&) = delete;
  AgentSession& operator=(const AgentSession&) = delete;

  const registry::AgentInfo& agent() const { return agent_; }

  // Stubs on this agent's channel (made on first use).
  eksa::vsphere::v1::VSphereAgentService::Stub& vsphere();
  eksa::bootstrap::v1::BootstrapAgentService::Stub& bootstrap();
  eksa::gitops::v1::GitOpsAgentService::Stub& gitops();

  // Starts one unary call with `start` (which must start exactly one callback-API call on the
  // given context and response) and waits for it as described at the top of this file. Codes:
  // the agent's; kUnavailable when the agent stopped heartbeating; kCancelled when the operation
  // was cancelled; kDeadlineExceeded when the attempt's deadline has passed before the call.
  template <typename Response>
  absl::StatusOr<Response> Call(std::string_view rpc, const Start<Response>& start) {
    Response response;
    absl::Status status =
        Wait(rpc, [&](grpc::ClientContext* c, Done done) { start(c, &response, std::move(done)); });
    if (!status.ok()) return status;
    return response;
  }

 private:
  friend class AgentCaller;
  AgentSession(AgentCaller& caller, dag::TaskContext& ctx, registry::AgentInfo agent,
               std::shared_ptr<grpc::Channel> channel);
  absl::Status Wait(std::string_view rpc,
                    const std::function<void(grpc::ClientContext*, Done)>& start);

  AgentCaller& caller_;
  dag::TaskContext& ctx_;
  const registry::AgentInfo agent_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<eksa::vsphere::v1::VSphereAgentService::Stub> vsphere_;
  std::unique_ptr<eksa::bootstrap::v1::BootstrapAgentService::Stub> bootstrap_;
  std::unique_ptr<eksa::gitops::v1::GitOpsAgentService::Stub> gitops_;
};

struct AgentCallerOptions {
  ChannelFactory channel_factory;  // null: InsecureChannelFactory()
  Clock* clock = nullptr;  // the executor's clock (TaskContext deadlines are on it); null: real
  absl::Duration liveness_poll = absl::Milliseconds(100);
};

class AgentCaller {
 public:
  AgentCaller(registry::AgentRegistry& registry, AgentCallerOptions options);

  // Picks an agent for `spec.pool` (avoiding the agents that failed this task before, see above)
  // and acquires it. kUnavailable when no live agent serves the pool (retryable: one may
  // register); kInvalidArgument for a pool agents do not serve ("local").
  absl::StatusOr<std::unique_ptr<AgentSession>> Open(const dag::TaskSpec& spec,
                                                     dag::TaskContext& ctx);

  // The agents excluded for the task with `request_id` so far (tests).
  std::set<std::string> ExcludedFor(const std::string& request_id);

 private:
  friend class AgentSession;
  std::shared_ptr<grpc::Channel> ChannelFor(const std::string& address);
  void Exclude(const std::string& request_id, const std::string& agent_id);
  void Forget(const std::string& request_id);

  registry::AgentRegistry& registry_;
  const ChannelFactory channel_factory_;
  Clock& clock_;
  const absl::Duration liveness_poll_;
  absl::Mutex mu_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::set<std::string>> excluded_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::planner::tasks
