// InProcessPlanner: the real planner's PlannerService and AgentRegistry on 127.0.0.1, for the
// agent's registration tests.
//
// Tests only: it is the one place the vSphere agent's code touches services/planner, because the
// registration must be tested against the planner that will receive it (RegisterAgent, Heartbeat,
// the registry's TTL and draining), not a copy of its behaviour. The store is SQLite in a
// temporary directory and the task runner a scripted one (no operation is started here).
//
//   InProcessPlanner planner(absl::Milliseconds(600));   // lease TTL; heartbeats every TTL/3
//   ASSERT_THAT(planner.Start(), IsOk());
//   ... agent registers with planner.address() ...
//   EXPECT_TRUE(planner.registry().IsAlive("vsphere-a"));
//   planner.Stop();                                       // as if the planner died
//   InProcessPlanner restarted(ttl, planner.port());      // a fresh registry on the same port
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/planner/registry/agent_registry.h"

namespace eksa::vsphere_agent::testing {

class InProcessPlanner {
 public:
  // Serves on 127.0.0.1:`port` (0: a free one) once started.
  explicit InProcessPlanner(absl::Duration lease_ttl, int port = 0);
  ~InProcessPlanner();
  InProcessPlanner(const InProcessPlanner&) = delete;
  InProcessPlanner& operator=(const InProcessPlanner&) = delete;

  absl::Status Start();
  // Stops serving at once (calls in flight are cancelled).
  void Stop();

  std::string address() const;  // "127.0.0.1:<port>"
  int port() const;
  eksa::planner::registry::AgentRegistry& registry();
  // The registry's entry for `agent_id`, if any.
  std::optional<eksa::planner::registry::AgentStatus> Find(const std::string& agent_id);

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace eksa::vsphere_agent::testing
