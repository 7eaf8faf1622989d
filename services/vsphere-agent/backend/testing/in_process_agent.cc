#include "services/vsphere-agent/backend/testing/in_process_agent.h"

#include <utility>
#include <vector>

#include "absl/time/clock.h"

namespace eksa::vsphere_agent::backend::testing {

absl::StatusOr<std::unique_ptr<InProcessAgent>> InProcessAgent::Start(
    std::unique_ptr<VCenterBackend> backend, VCenterServerConfig server) {
  std::unique_ptr<InProcessAgent> a(new InProcessAgent());
  std::vector<std::unique_ptr<VCenterPool>> pools;
  pools.push_back(std::make_unique<VCenterPool>(std::move(server), std::move(backend)));
  a->router_ = std::make_unique<VCenterRouter>(std::move(pools));
  a->service_ =
      std::make_unique<VSphereAgentService>(*a->router_, a->cache_, a->metrics_, a->in_flight_);
  a->server_ = std::make_unique<rpc::Server>(rpc::ServerOptions{.name = "vsphere-agent-in-process",
                                                                .address = "127.0.0.1:0",
                                                                .services = {a->service_.get()}});
  absl::StatusOr<int> port = a->server_->Start();
  if (!port.ok()) return port.status();
  a->address_ = a->server_->bound_address();
  a->stub_ = v1::VSphereAgentService::NewStub(
      grpc::CreateChannel(a->address_, grpc::InsecureChannelCredentials()));
  return a;
}

InProcessAgent::~InProcessAgent() {
  if (server_ != nullptr) server_->Shutdown(absl::Now());
}

}  // namespace eksa::vsphere_agent::backend::testing
