#include "services/planner/registry/agent_registry.h"

#include <algorithm>
#include <tuple>

namespace eksa::planner::registry {

absl::StatusOr<std::pair<AgentKind, std::string>> ParsePool(std::string_view pool) {
  constexpr std::string_view kVSpherePrefix = "vsphere:";
  if (pool.substr(0, kVSpherePrefix.size()) == kVSpherePrefix &&
      pool.size() > kVSpherePrefix.size()) {
    return std::pair(AgentKind::kVSphere, std::string(pool.substr(kVSpherePrefix.size())));
  }
  if (pool == "bootstrap") return std::pair(AgentKind::kBootstrap, std::string());
  if (pool == "gitops") return std::pair(AgentKind::kGitOps, std::string());
  return absl::InvalidArgumentError("pool \"" + std::string(pool) +
                                    "\" is not served by agents (vsphere:<server>, bootstrap, "
                                    "gitops)");
}

absl::Status AgentRegistry::Register(AgentInfo info) {
  if (info.id.empty() || info.address.empty()) {
    return absl::InvalidArgumentError("registering an agent: id and address are required");
  }
  if (info.kind == AgentKind::kVSphere && info.vcenter_servers.empty()) {
    return absl::InvalidArgumentError("registering vSphere agent " + info.id +
                                      ": it must name the vCenter servers it serves");
  }
  if (info.capacity <= 0) info.capacity = 1;
  absl::MutexLock lock(&mu_);
  AgentStatus& s = agents_[info.id];
  s.info = std::move(info);
  s.last_seen = clock_.Now();
  return absl::OkStatus();
}

absl::Status AgentRegistry::Heartbeat(std::string_view id, int reported_in_flight, bool draining) {
  absl::MutexLock lock(&mu_);
  auto it = agents_.find(id);
  if (it == agents_.end()) {
    return absl::NotFoundError("agent " + std::string(id) + " is not registered; register again");
  }
  it->second.last_seen = clock_.Now();
  it->second.reported_in_flight = reported_in_flight;
  it->second.draining = draining;
  return absl::OkStatus();
}

void AgentRegistry::Remove(std::string_view id) {
  absl::MutexLock lock(&mu_);
  if (auto it = agents_.find(id); it != agents_.end()) agents_.erase(it);
}

bool AgentRegistry::AliveLocked(const AgentStatus& s) const {
  return s.info.is_static || clock_.Now() - s.last_seen <= ttl_;
}

bool AgentRegistry::ServesLocked(const AgentInfo& info, std::string_view pool) const {
  absl::StatusOr<std::pair<AgentKind, std::string>> p = ParsePool(pool);
  if (!p.ok() || p->first != info.kind) return false;
  if (info.kind != AgentKind::kVSphere) return true;
  return std::find(info.vcenter_servers.begin(), info.vcenter_servers.end(), p->second) !=
         info.vcenter_servers.end();
}

absl::StatusOr<AgentStatus*> AgentRegistry::PickLocked(std::string_view pool,
                                                       const std::set<std::string>& exclude) {
  AgentStatus* best = nullptr;
  auto load = [](const AgentStatus& s) {
    return std::tuple(s.in_flight, s.reported_in_flight, s.info.id);
  };
  bool any_serving = false;
  for (auto& [id, s] : agents_) {
    if (exclude.count(id) || s.draining || !ServesLocked(s.info, pool) || !AliveLocked(s)) {
      continue;
    }
    any_serving = true;
    if (s.in_flight >= s.info.capacity) continue;
    if (best == nullptr || load(s) < load(*best)) best = &s;
  }
  if (best == nullptr) {
    return absl::UnavailableError(any_serving ? "every agent serving " + std::string(pool) +
                                                    " is at capacity"
                                              : "no live agent serves " + std::string(pool) +
                                                    " (start one, or check that it heartbeats)");
  }
  return best;
}

absl::StatusOr<AgentInfo> AgentRegistry::Pick(std::string_view pool,
                                              const std::set<std::string>& exclude) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<AgentStatus*> best = PickLocked(pool, exclude);
  if (!best.ok()) return best.status();
  return (*best)->info;
}

absl::StatusOr<AgentInfo> AgentRegistry::PickAndAcquire(std::string_view pool,
                                                        const std::set<std::string>& exclude) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<AgentStatus*> best = PickLocked(pool, exclude);
  if (!best.ok()) return best.status();
  ++(*best)->in_flight;
  return (*best)->info;
}

void AgentRegistry::Acquire(std::string_view id) {
  absl::MutexLock lock(&mu_);
  if (auto it = agents_.find(id); it != agents_.end()) ++it->second.in_flight;
}

void AgentRegistry::Release(std::string_view id) {
  absl::MutexLock lock(&mu_);
  if (auto it = agents_.find(id); it != agents_.end() && it->second.in_flight > 0) {
    --it->second.in_flight;
  }
}

bool AgentRegistry::IsAlive(std::string_view id) {
  absl::MutexLock lock(&mu_);
  auto it = agents_.find(id);
  return it != agents_.end() && AliveLocked(it->second);
}

std::vector<AgentStatus> AgentRegistry::List() {
  absl::MutexLock lock(&mu_);
  std::vector<AgentStatus> out;
  for (const auto& [id, s] : agents_) {
    out.push_back(s);
    out.back().alive = AliveLocked(s);
  }
  std::sort(out.begin(), out.end(),
            [](const AgentStatus& a, const AgentStatus& b) { return a.info.id < b.info.id; });
  return out;
}

}  // namespace eksa::planner::registry
