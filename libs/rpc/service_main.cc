#include "libs/rpc/service_main.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "libs/common/log.h"
#include "libs/rpc/grpc_logs.h"
#include "libs/rpc/server.h"

namespace eksa::rpc {

void AddLoggingFlags(CLI::App& app, std::string_view name, ServiceFlags& flags) {
  app.add_option("-v,--verbosity", flags.verbosity, "Log verbosity, 0 (quiet) to 9 (everything)")
      ->check(CLI::Range(0, 9))
      ->capture_default_str();
  app.add_option("--log-format", flags.log_format, "Log line format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.set_version_flag("--version", std::string(name) + " " + EKSA_VERSION);
}

std::optional<int> ParseCommandLine(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;  // --help, --version: 0; usage errors: 2
  }
  return std::nullopt;
}

absl::Status InitLogging(const ServiceFlags& flags) {
  absl::StatusOr<log::Format> format = log::ParseFormat(flags.log_format);
  if (!format.ok()) return format.status();
  if (absl::Status s = log::Init({.verbosity = flags.verbosity, .format = *format}); !s.ok()) {
    return s;
  }
  RouteGrpcLogs(flags.verbosity);
  return absl::OkStatus();
}

int RunServiceMain(std::string_view name, const ServiceFlags& flags,
                   const std::vector<grpc::Service*>& services) {
  absl::Status status = InitLogging(flags);
  if (!status.ok()) {
    std::cerr << name << ": " << status << "\n";
    return 1;
  }
  status = RunServer({.name = std::string(name), .address = flags.listen, .services = services});
  if (!status.ok()) {
    log::Logger{}.Error("Failed to serve",
                        {{"service", std::string(name)}, {"error", status.ToString()}});
    return 1;
  }
  return 0;
}

int ServiceMain(int argc, char** argv, const ServiceInfo& info,
                const std::vector<grpc::Service*>& services) {
  ServiceFlags flags{.listen = std::string(info.default_listen)};
  CLI::App app{std::string(info.description), std::string(info.name)};
  app.add_option("--listen", flags.listen, "Address to serve gRPC on: host:port or unix:path")
      ->capture_default_str();
  AddLoggingFlags(app, info.name, flags);
  if (std::optional<int> exit_code = ParseCommandLine(app, argc, argv)) return *exit_code;
  return RunServiceMain(info.name, flags, services);
}

}  // namespace eksa::rpc
