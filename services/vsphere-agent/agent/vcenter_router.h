// VCenterRouter: the vCenter servers the agent serves, each with its backend and concurrency
// limit, found by the `server` field of a request.
//
// Built once at start (agent_process.cc) and read-only afterwards, so thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/agent/concurrency_limiter.h"
#include "services/vsphere-agent/agent/config.h"
#include "services/vsphere-agent/agent/vcenter_backend.h"

namespace eksa::vsphere_agent {

// One vCenter server: its config, its backend and its slots.
struct VCenterPool {
  VCenterPool(VCenterServerConfig config_in, std::unique_ptr<VCenterBackend> backend_in)
      : config(std::move(config_in)),
        backend(std::move(backend_in)),
        limiter(config.server, config.concurrency) {}

  const VCenterServerConfig config;
  const std::unique_ptr<VCenterBackend> backend;
  ConcurrencyLimiter limiter;
};

class VCenterRouter {
 public:
  explicit VCenterRouter(std::vector<std::unique_ptr<VCenterPool>> pools)
      : pools_(std::move(pools)) {}

  // The pool of `server` (compared exactly, as the planner routes by spec.server).
  // kFailedPrecondition naming `server` and the servers this agent serves when it has none.
  [[nodiscard]] absl::StatusOr<VCenterPool*> Route(std::string_view server) const;

  // The served servers, in config order.
  std::vector<std::string> servers() const;
  const std::vector<std::unique_ptr<VCenterPool>>& pools() const { return pools_; }
  // Σ concurrency: what the agent registers as its capacity.
  int capacity() const;

 private:
  const std::vector<std::unique_ptr<VCenterPool>> pools_;
};

}  // namespace eksa::vsphere_agent
