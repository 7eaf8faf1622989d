// The planner's view of its agents: who serves which pool, who is alive, who is least loaded.
//
// Agents register (RegisterAgent) and then heartbeat within a TTL; agents named in the planner's
// config are static and never expire. A task's pool selects the candidates: "vsphere:<server>"
// matches vSphere agents that serve that vCenter server, "bootstrap" and "gitops" match agents of
// that kind. Among live candidates, Pick returns the least loaded (tasks in flight from this
// planner, then the agent's reported load), ties broken by id, so replicas of one vCenter share
// the work. An agent whose heartbeat is older than the TTL gets no new tasks; the runner of a task
// in flight on it sees IsAlive() turn false and retries on a sibling.
//
// Thread-safe.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/common/clock.h"

namespace eksa::planner::registry {

enum class AgentKind { kVSphere, kBootstrap, kGitOps };

struct AgentInfo {
  std::string id;  // unique; a re-registration with the same id replaces the entry
  AgentKind kind = AgentKind::kVSphere;
  std::string address;                       // host:port the planner dials
  std::vector<std::string> vcenter_servers;  // vSphere agents only
  int capacity = 8;                          // tasks this agent accepts at once
  bool is_static = false;
};

struct AgentStatus {
  AgentInfo info;
  bool alive = false;
  int in_flight = 0;           // tasks this planner has running on it
  int reported_in_flight = 0;  // from its last heartbeat
  bool draining = false;       // it asked for no new tasks (shutting down)
  absl::Time last_seen;
};

class AgentRegistry {
 public:
  AgentRegistry(Clock& clock, absl::Duration ttl) : clock_(clock), ttl_(ttl) {}

  absl::Duration ttl() const { return ttl_; }

  // kInvalidArgument for an empty id or address, or a vSphere agent without servers.
  absl::Status Register(AgentInfo info);
  // Records a heartbeat. A draining agent keeps its running tasks but is picked for no new
  // ones. kNotFound for an id that never registered or was removed (the agent must register
  // again, e.g. after a planner restart).
  absl::Status Heartbeat(std::string_view id, int reported_in_flight, bool draining = false);
  void Remove(std::string_view id);

  // The least loaded live agent for `pool` with spare capacity, skipping `exclude`.
  // kUnavailable naming the pool when there is none (alive but full counts as none).
  // Read-only: for showing where a task would go (PlanOperation).
  absl::StatusOr<AgentInfo> Pick(std::string_view pool, const std::set<std::string>& exclude = {});
  // Pick and take a slot on the agent in one step, so concurrent tasks never overshoot an
  // agent's capacity. Every successful call needs a Release(id) when the task's call ends.
  absl::StatusOr<AgentInfo> PickAndAcquire(std::string_view pool,
                                           const std::set<std::string>& exclude = {});
  // Planner-side accounting of tasks in flight (the load measure).
  void Acquire(std::string_view id);
  void Release(std::string_view id);

  bool IsAlive(std::string_view id);
  std::vector<AgentStatus> List();

 private:
  bool AliveLocked(const AgentStatus& s) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool ServesLocked(const AgentInfo& info, std::string_view pool) const;
  absl::StatusOr<AgentStatus*> PickLocked(std::string_view pool,
                                          const std::set<std::string>& exclude)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Clock& clock_;
  const absl::Duration ttl_;
  absl::Mutex mu_;
  std::map<std::string, AgentStatus, std::less<>> agents_ ABSL_GUARDED_BY(mu_);
};

// Parses a pool name into the agent kind and, for vSphere, the server.
absl::StatusOr<std::pair<AgentKind, std::string>> ParsePool(std::string_view pool);

}  // namespace eksa::planner::registry
