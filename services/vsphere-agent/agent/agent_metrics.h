// AgentMetrics: what the vSphere agent measures, as named Prometheus series.
//
//   eksa_vsphere_agent_requests_total{rpc,server,code}          counter  every RPC answered
//   eksa_vsphere_agent_errors_total{rpc,server,code}            counter  the non-OK ones
//   eksa_vsphere_agent_request_duration_seconds{rpc,server}     histogram  time to answer
//   eksa_vsphere_agent_requests_in_flight{rpc,server}           gauge    being answered now
//   eksa_vsphere_agent_slot_wait_seconds{server}                histogram  wait for a vCenter slot
//   eksa_vsphere_agent_idempotent_replays_total{rpc,server,outcome}  counter  joined | cached
//   eksa_vsphere_agent_vcenter_slots{server,state}              gauge    limit | busy | waiting
//   eksa_vsphere_agent_planner_registered                       gauge    1 while registered
//   eksa_vsphere_agent_planner_heartbeats_total{result}         counter  ok | not_found | error
//   eksa_vsphere_agent_draining                                 gauge    1 after SIGTERM
//
// `server` is a configured vCenter server, or "unknown" for a request naming another one (so a
// caller cannot grow the label set). `code` is the gRPC code name ("OK", "DEADLINE_EXCEEDED").
// No label ever holds a request id, a VM name or a credential.
//
// Thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/vsphere-agent/agent/idempotency_cache.h"
#include "services/vsphere-agent/agent/metrics_registry.h"

namespace eksa::vsphere_agent {

inline constexpr std::string_view kUnknownServerLabel = "unknown";

// One vCenter server's slots at scrape time.
struct SlotState {
  std::string server;
  int limit = 0;
  int busy = 0;
  int waiting = 0;
};

class AgentMetrics {
 public:
  // Adds the agent's families to `registry`, which must outlive this object.
  explicit AgentMetrics(MetricsRegistry& registry);

  void CallStarted(std::string_view rpc, std::string_view server);
  void CallFinished(std::string_view rpc, std::string_view server, absl::StatusCode code,
                    absl::Duration latency);
  void SlotWaited(std::string_view server, absl::Duration wait);
  void Replayed(std::string_view rpc, std::string_view server, IdempotencyCache::Outcome outcome);
  // `result`: "ok", "not_found" or "error".
  void HeartbeatSent(std::string_view result);
  void SetRegistered(bool registered);
  void SetDraining(bool draining);
  // Reports the slots of every vCenter at each scrape.
  void ExposeSlots(std::function<std::vector<SlotState>()> slots);

  MetricsRegistry& registry() { return registry_; }
  // For tests.
  double Requests(std::string_view rpc, std::string_view server, absl::StatusCode code) const;
  double Replays(std::string_view rpc, std::string_view server, std::string_view outcome) const;
  double Heartbeats(std::string_view result) const;

 private:
  MetricsRegistry& registry_;
  MetricsRegistry::Counter& requests_;
  MetricsRegistry::Counter& errors_;
  MetricsRegistry::Histogram& duration_;
  MetricsRegistry::Gauge& in_flight_;
  MetricsRegistry::Histogram& slot_wait_;
  MetricsRegistry::Counter& replays_;
  MetricsRegistry::Gauge& registered_;
  MetricsRegistry::Counter& heartbeats_;
  MetricsRegistry::Gauge& draining_;
};

}  // namespace eksa::vsphere_agent
