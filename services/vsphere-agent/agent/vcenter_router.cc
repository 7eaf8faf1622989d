#include "services/vsphere-agent/agent/vcenter_router.h"

#include "absl/strings/str_join.h"

namespace eksa::vsphere_agent {

absl::StatusOr<VCenterPool*> VCenterRouter::Route(std::string_view server) const {
  for (const auto& pool : pools_) {
    if (pool->config.server == server) return pool.get();
  }
  const std::string name = server.empty() ? "(empty)" : "\"" + std::string(server) + "\"";
  const std::string served =
      pools_.empty() ? "no vCenter server (its config lists none)" : absl::StrJoin(servers(), ", ");
  return absl::FailedPreconditionError("vCenter server " + name +
                                       " is not served by this agent: it serves " + served);
}

std::vector<std::string> VCenterRouter::servers() const {
  std::vector<std::string> out;
  for (const auto& pool : pools_) out.push_back(pool->config.server);
  return out;
}

int VCenterRouter::capacity() const {
  int total = 0;
  for (const auto& pool : pools_) total += pool->config.concurrency;
  return total;
}

}  // namespace eksa::vsphere_agent
