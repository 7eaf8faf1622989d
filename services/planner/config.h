// The planner's configuration file (YAML), read with libs/spec's strict reader so a typo is an
// error with its line, column and a did-you-mean.
//
//   listen: 127.0.0.1:50051
//   store:
//     path: /var/lib/eksa/planner.db
//     keyEnv: EKSA_STORE_KEY          # env var holding the store's secret key (32 bytes, hex)
//   artifactsDir: /var/lib/eksa/artifacts
//   agents:
//     heartbeatTtl: 30s
//     static:                          # agents the planner dials without registration
//     - {id: vsphere-1, kind: vsphere, address: 127.0.0.1:50052, vcenterServers: [vc.example.com]}
//     - {id: bootstrap-1, kind: bootstrap, address: 127.0.0.1:50053}
//   executor:
//     poolLimits: {local: 4, vsphere: 16, bootstrap: 4, gitops: 2}   # vsphere: per server
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/planner/registry/agent_registry.h"

namespace eksa::planner {

// ${XDG_STATE_HOME:-$HOME/.local/state}/eksa/planner.db: the planner's state outlives the
// process and the working directory, like ~/.kube for kubectl.
std::string DefaultStorePath();

struct PlannerConfig {
  std::string listen = "127.0.0.1:50051";
  std::string store_path = DefaultStorePath();
  std::string store_key_env = "EKSA_STORE_KEY";
  std::string artifacts_dir = ".";
  absl::Duration heartbeat_ttl = absl::Seconds(30);
  std::vector<registry::AgentInfo> static_agents;
  // Parallelism per pool; "vsphere" applies to each "vsphere:<server>" pool separately.
  std::map<std::string, int> pool_limits = {
      {"local", 4}, {"vsphere", 16}, {"bootstrap", 4}, {"gitops", 2}};
};

// Parses `text`; kInvalidArgument with every problem as `file:line:col: error: field: message`.
absl::StatusOr<PlannerConfig> ParsePlannerConfig(std::string_view file_name, std::string_view text);
// Reads and parses `path`; a missing file is kNotFound.
absl::StatusOr<PlannerConfig> LoadPlannerConfig(const std::string& path);

}  // namespace eksa::planner
