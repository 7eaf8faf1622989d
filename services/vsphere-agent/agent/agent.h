// Agent: one running eksa-vsphere-agent — the composition of config, credentials, backends,
// VSphereAgentService, the gRPC server, metrics and the planner registration — and its
// start/drain/stop order. agent_main.cc runs one per process; tests run them in-process.
//
// Start: a backend per configured vCenter (from the BackendFactory the main passes), the metrics
// listener when configured, the gRPC server (VSphereAgentService + health + reflection), the
// "Serving" log line (libs/rpc's wording, with the bound address), then the planner registration
// when a planner address is configured and at least one vCenter is served.
//
// Stop (SIGTERM): the agent says draining=true in a heartbeat first (the planner routes no new
// task to it), then every gRPC health status turns NOT_SERVING and the calls in flight get
// `shutdown_grace` to finish while heartbeats (draining) keep the lease; then the server, the
// heartbeats and the metrics listener stop. The planner lets the lease lapse.
//
// Thread-safe: Stop may be called from any thread, once or more.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "libs/common/clock.h"
#include "services/vsphere-agent/agent/config.h"
#include "services/vsphere-agent/agent/credentials.h"
#include "services/vsphere-agent/agent/vcenter_backend.h"

namespace grpc {
class Channel;
}  // namespace grpc

namespace eksa::vsphere_agent {

class AgentMetrics;

// Makes the backend of one vCenter server from its config and credentials. The composition root
// (main.cc) decides which implementation; errors abort the start, annotated with the server.
using BackendFactory = std::function<absl::StatusOr<std::unique_ptr<VCenterBackend>>(
    const VCenterServerConfig& server, const Credentials& credentials)>;

class Agent {
 public:
  // Starts everything described above. `credentials` has an entry per configured server (from
  // ResolveCredentials). `planner_channel`, when set, replaces the plaintext channel to
  // config.planner_address (tests). Errors: the gRPC or metrics address cannot be bound
  // (kInvalidArgument / kUnavailable naming it), a backend could not be made.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Agent>> Start(
      const AgentConfig& config, const std::map<std::string, Credentials>& credentials,
      const BackendFactory& backends, std::shared_ptr<grpc::Channel> planner_channel = nullptr);

  Agent(const Agent&) = delete;
  Agent& operator=(const Agent&) = delete;
  ~Agent();  // Stop("destroyed") if still running

  // The gRPC address with the bound port ("127.0.0.1:41234").
  const std::string& address() const;
  // The metrics listener's address; empty when none is configured.
  std::string metrics_address() const;
  // The id it registers under.
  const std::string& agent_id() const;
  AgentMetrics& metrics();
  // Whether the planner has accepted its registration (false without a planner).
  bool registered() const;

  // Drains and stops as described at the top; `reason` ("SIGTERM") is logged. Idempotent.
  void Stop(std::string_view reason);

 private:
  struct Parts;
  explicit Agent(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace eksa::vsphere_agent
