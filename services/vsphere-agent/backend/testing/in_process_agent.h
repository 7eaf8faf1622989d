// InProcessAgent: the agent's real VSphereAgentService (routing, concurrency limit, request_id
// idempotency, metrics) serving one ClientBackend over gRPC on 127.0.0.1:0, for the backend's
// integration tests and the vsphere-clone bench — the path the planner's calls take, without
// the agent process around it (config, registration, metrics listener).
//
//   absl::StatusOr<std::unique_ptr<InProcessAgent>> agent =
//       InProcessAgent::Start(std::move(backend), {.server = "127.0.10.1", .concurrency = 8});
//   (*agent)->stub().CreateVm(&ctx, request, &response);
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "eksa/vsphere/v1/vsphere_agent.grpc.pb.h"
#include "libs/rpc/server.h"
#include "services/vsphere-agent/agent/agent_metrics.h"
#include "services/vsphere-agent/agent/idempotency_cache.h"
#include "services/vsphere-agent/agent/in_flight_calls.h"
#include "services/vsphere-agent/agent/metrics_registry.h"
#include "services/vsphere-agent/agent/vcenter_router.h"
#include "services/vsphere-agent/agent/vsphere_agent_service.h"

namespace eksa::vsphere_agent::backend::testing {

class InProcessAgent {
 public:
  // Serves `backend` for `server` (its routing key, concurrency and default datacenter).
  // Errors: rpc::Server::Start's.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<InProcessAgent>> Start(
      std::unique_ptr<VCenterBackend> backend, VCenterServerConfig server);
  ~InProcessAgent();

  v1::VSphereAgentService::Stub& stub() { return *stub_; }
  const std::string& address() const { return address_; }

 private:
  InProcessAgent() = default;

  IdempotencyCache cache_{Clock::Real(), {}};
  MetricsRegistry registry_;
  AgentMetrics metrics_{registry_};
  InFlightCalls in_flight_;
  std::unique_ptr<VCenterRouter> router_;
  std::unique_ptr<VSphereAgentService> service_;
  std::unique_ptr<rpc::Server> server_;
  std::string address_;
  std::unique_ptr<v1::VSphereAgentService::Stub> stub_;
};

}  // namespace eksa::vsphere_agent::backend::testing
