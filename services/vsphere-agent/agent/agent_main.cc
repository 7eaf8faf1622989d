#include "services/vsphere-agent/agent/agent_main.h"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

#include "libs/common/log.h"
#include "libs/rpc/service_main.h"
#include "services/vsphere-agent/agent/stop_signals.h"

namespace eksa::vsphere_agent {
namespace {

constexpr char kName[] = "eksa-vsphere-agent";

struct Flags {
  std::string config;
  std::string metrics_listen;
  rpc::ServiceFlags common;  // listen: empty keeps the config's
};

// Parses argv; the exit code when the process should end now (help, version, usage error).
std::optional<int> ParseFlags(int argc, char** argv, Flags& flags) {
  CLI::App app{"Creates, powers and destroys vSphere VMs for the planner, one pool per vCenter",
               kName};
  app.add_option("--config", flags.config, "Agent config file (YAML)");
  app.add_option("--listen", flags.common.listen,
                 "Address to serve gRPC on: host:port or unix:path (overrides the config; "
                 "default " +
                     std::string(kDefaultListen) + ")");
  app.add_option("--metrics-listen", flags.metrics_listen,
                 "host:port to serve Prometheus metrics on (overrides the config)");
  rpc::AddLoggingFlags(app, kName, flags.common);
  return rpc::ParseCommandLine(app, argc, argv);
}

absl::StatusOr<std::unique_ptr<Agent>> StartAgent(const Flags& flags,
                                                  const BackendFactory& backends) {
  absl::StatusOr<AgentConfig> config =
      flags.config.empty() ? AgentConfig{} : LoadAgentConfig(flags.config);
  if (!config.ok()) return config.status();
  if (!flags.common.listen.empty()) config->listen = flags.common.listen;
  if (!flags.metrics_listen.empty()) config->metrics_listen = flags.metrics_listen;
  if (config->agent_id.empty()) {
    const char* env_id = std::getenv("EKSA_AGENT_ID");
    config->agent_id = DefaultAgentId(env_id != nullptr ? env_id : "");
  }
  absl::StatusOr<std::map<std::string, Credentials>> credentials =
      ResolveCredentials(*config, ProcessEnvironment());
  if (!credentials.ok()) return credentials.status();
  return Agent::Start(*config, *credentials, backends);
}

}  // namespace

int AgentMain(int argc, char** argv, const BackendFactory& backends) {
  // Before any thread exists, so every thread inherits the mask (stop_signals.h).
  const StopSignals signals = StopSignals::Block();
  Flags flags;
  if (std::optional<int> exit_code = ParseFlags(argc, argv, flags)) return *exit_code;
  if (absl::Status status = rpc::InitLogging(flags.common); !status.ok()) {
    std::cerr << kName << ": " << status << "\n";
    return 1;
  }
  absl::StatusOr<std::unique_ptr<Agent>> agent = StartAgent(flags, backends);
  if (!agent.ok()) {
    log::Logger{}.Error("Failed to start",
                        {{"service", kName}, {"error", agent.status().ToString()}});
    return 1;
  }
  (*agent)->Stop(signals.Wait());
  return 0;
}

}  // namespace eksa::vsphere_agent
