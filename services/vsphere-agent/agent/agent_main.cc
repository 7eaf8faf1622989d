#include "services/vsphere-agent/agent/agent_main.h"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "libs/common/log.h"
#include "libs/rpc/grpc_logs.h"
#include "services/vsphere-agent/agent/stop_signals.h"

namespace eksa::vsphere_agent {
namespace {

constexpr char kName[] = "eksa-vsphere-agent";

struct Flags {
  std::string config;
  std::string listen;
  std::string metrics_listen;
  int verbosity = 0;
  std::string log_format = "text";
};

// Parses argv; the exit code when the process should end now (help, version, usage error).
std::optional<int> ParseFlags(int argc, char** argv, Flags& flags) {
  CLI::App app{"Creates, powers and destroys vSphere VMs for the planner, one pool per vCenter",
               kName};
  app.add_option("--config", flags.config, "Agent config file (YAML)");
  app.add_option("--listen", flags.listen,
                 "Address to serve gRPC on: host:port or unix:path (overrides the config; "
                 "default " +
                     std::string(kDefaultListen) + ")");
  app.add_option("--metrics-listen", flags.metrics_listen,
                 "host:port to serve Prometheus metrics on (overrides the config)");
  app.add_option("-v,--verbosity", flags.verbosity, "Log verbosity, 0 (quiet) to 9 (everything)")
      ->check(CLI::Range(0, 9))
      ->capture_default_str();
  app.add_option("--log-format", flags.log_format, "Log line format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.set_version_flag("--version", std::string(kName) + " " + EKSA_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return std::nullopt;
}

absl::StatusOr<std::unique_ptr<Agent>> StartAgent(const Flags& flags,
                                                  const BackendFactory& backends) {
  absl::StatusOr<AgentConfig> config =
      flags.config.empty() ? AgentConfig{} : LoadAgentConfig(flags.config);
  if (!config.ok()) return config.status();
  if (!flags.listen.empty()) config->listen = flags.listen;
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
  absl::StatusOr<log::Format> format = log::ParseFormat(flags.log_format);
  absl::Status status = format.status();
  if (status.ok()) status = log::Init({.verbosity = flags.verbosity, .format = *format});
  if (!status.ok()) {
    std::cerr << kName << ": " << status << "\n";
    return 1;
  }
  rpc::RouteGrpcLogs(flags.verbosity);
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
