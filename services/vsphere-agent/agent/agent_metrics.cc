#include "services/vsphere-agent/agent/agent_metrics.h"

#include <utility>

namespace eksa::vsphere_agent {
namespace {

using Labels = MetricsRegistry::Labels;

std::string CodeName(absl::StatusCode code) { return absl::StatusCodeToString(code); }

std::string OutcomeName(IdempotencyCache::Outcome outcome) {
  switch (outcome) {
    case IdempotencyCache::Outcome::kJoined:
      return "joined";
    case IdempotencyCache::Outcome::kCached:
      return "cached";
    case IdempotencyCache::Outcome::kRan:
      return "ran";
  }
  return "unknown";
}

}  // namespace

AgentMetrics::AgentMetrics(MetricsRegistry& registry)
    : registry_(registry),
      requests_(registry.AddCounter("eksa_vsphere_agent_requests_total",
                                    "VSphereAgentService RPCs answered, by gRPC code.",
                                    {"rpc", "server", "code"})),
      errors_(registry.AddCounter("eksa_vsphere_agent_errors_total",
                                  "VSphereAgentService RPCs answered with an error, by gRPC code.",
                                  {"rpc", "server", "code"})),
      duration_(registry.AddHistogram("eksa_vsphere_agent_request_duration_seconds",
                                      "Time to answer a VSphereAgentService RPC.",
                                      {"rpc", "server"}, MetricsRegistry::LatencyBounds())),
      in_flight_(registry.AddGauge("eksa_vsphere_agent_requests_in_flight",
                                   "VSphereAgentService RPCs being answered now.",
                                   {"rpc", "server"})),
      slot_wait_(registry.AddHistogram("eksa_vsphere_agent_slot_wait_seconds",
                                       "Time a call waited for a free slot of its vCenter.",
                                       {"server"}, MetricsRegistry::LatencyBounds())),
      replays_(
          registry.AddCounter("eksa_vsphere_agent_idempotent_replays_total",
                              "Retries answered with the result of their request_id's first call "
                              "(joined: it was still running; cached: it had succeeded).",
                              {"rpc", "server", "outcome"})),
      registered_(registry.AddGauge("eksa_vsphere_agent_planner_registered",
                                    "1 while the planner has accepted this agent's registration.",
                                    {})),
      heartbeats_(registry.AddCounter("eksa_vsphere_agent_planner_heartbeats_total",
                                      "Heartbeats sent to the planner, by result.", {"result"})),
      draining_(registry.AddGauge("eksa_vsphere_agent_draining",
                                  "1 once the agent is shutting down and wants no new tasks.",
                                  {})) {
  registered_.Set({}, 0);
  draining_.Set({}, 0);
}

void AgentMetrics::CallStarted(std::string_view rpc, std::string_view server) {
  in_flight_.Add({std::string(rpc), std::string(server)}, 1);
}

void AgentMetrics::CallFinished(std::string_view rpc, std::string_view server,
                                absl::StatusCode code, absl::Duration latency) {
  const Labels call = {std::string(rpc), std::string(server)};
  in_flight_.Add(call, -1);
  duration_.Observe(call, absl::ToDoubleSeconds(latency));
  const Labels with_code = {std::string(rpc), std::string(server), CodeName(code)};
  requests_.Add(with_code);
  if (code != absl::StatusCode::kOk) errors_.Add(with_code);
}

void AgentMetrics::SlotWaited(std::string_view server, absl::Duration wait) {
  slot_wait_.Observe({std::string(server)}, absl::ToDoubleSeconds(wait));
}

void AgentMetrics::Replayed(std::string_view rpc, std::string_view server,
                            IdempotencyCache::Outcome outcome) {
  if (outcome == IdempotencyCache::Outcome::kRan) return;
  replays_.Add({std::string(rpc), std::string(server), OutcomeName(outcome)});
}

void AgentMetrics::HeartbeatSent(std::string_view result) {
  heartbeats_.Add({std::string(result)});
}

void AgentMetrics::SetRegistered(bool registered) { registered_.Set({}, registered ? 1 : 0); }

void AgentMetrics::SetDraining(bool draining) { draining_.Set({}, draining ? 1 : 0); }

void AgentMetrics::ExposeSlots(std::function<std::vector<SlotState>()> slots) {
  registry_.AddCallbackGauge(
      "eksa_vsphere_agent_vcenter_slots",
      "Concurrency slots of each vCenter: the limit, how many are busy, how many calls wait.",
      {"server", "state"}, [slots = std::move(slots)] {
        std::vector<std::pair<Labels, double>> out;
        for (const SlotState& s : slots()) {
          out.push_back({{s.server, "limit"}, s.limit});
          out.push_back({{s.server, "busy"}, s.busy});
          out.push_back({{s.server, "waiting"}, s.waiting});
        }
        return out;
      });
}

double AgentMetrics::Requests(std::string_view rpc, std::string_view server,
                              absl::StatusCode code) const {
  return requests_.Value({std::string(rpc), std::string(server), CodeName(code)});
}

double AgentMetrics::Replays(std::string_view rpc, std::string_view server,
                             std::string_view outcome) const {
  return replays_.Value({std::string(rpc), std::string(server), std::string(outcome)});
}

double AgentMetrics::Heartbeats(std::string_view result) const {
  return heartbeats_.Value({std::string(result)});
}

}  // namespace eksa::vsphere_agent
