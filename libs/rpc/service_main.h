// The whole main() of an eksa service, shared by the four services.
//
//   int main(int argc, char** argv) {
//     return eksa::rpc::ServiceMain(argc, argv, {.name = "eksa-planner", .description = "...",
//                                                .default_listen = "127.0.0.1:50051"},
//                                   {&planner_service});
//   }
//
// Flags, the same on every service: --listen ADDR, -v/--verbosity 0..9, --log-format text|json,
// --version, --help. CLI11 is compiled once, in service_main.cc (it costs ~5 s per translation
// unit), not in each main.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace CLI {
class App;
}  // namespace CLI
namespace grpc {
class Service;
}  // namespace grpc

namespace eksa::rpc {

struct ServiceInfo {
  std::string_view name;            // binary name, e.g. "eksa-planner"; labels log lines
  std::string_view description;     // one line for --help
  std::string_view default_listen;  // e.g. "127.0.0.1:50051"
};

// Parses the command line, then RunServiceMain. Returns the process exit code: 0 after a clean
// shutdown or --help/--version, 1 when the service could not start, 2 on a usage error.
int ServiceMain(int argc, char** argv, const ServiceInfo& info,
                const std::vector<grpc::Service*>& services);

// Flags every service has.
struct ServiceFlags {
  std::string listen;               // --listen: host:port or unix:path (see ServerOptions::address)
  int verbosity = 0;                // -v,--verbosity: 0..9
  std::string log_format = "text";  // --log-format: text | json
};

// For binaries with flags of their own (the vSphere agent), the pieces ServiceMain is made of:
//   CLI::App app{description, name};
//   AddLoggingFlags(app, name, flags.common);   // -v, --log-format, --version
//   app.add_option("--config", ...);
//   if (std::optional<int> exit_code = ParseCommandLine(app, argc, argv)) return *exit_code;
//   if (absl::Status s = InitLogging(flags.common); !s.ok()) { ...; return 1; }
void AddLoggingFlags(CLI::App& app, std::string_view name, ServiceFlags& flags);
// app.parse(argc, argv); the exit code when the process should end now: 0 after --help or
// --version (printed), 2 after a usage error (printed), nullopt to go on.
std::optional<int> ParseCommandLine(CLI::App& app, int argc, char** argv);
// Configures logging from `flags`, gRPC's own log lines included (grpc_logs.h).
absl::Status InitLogging(const ServiceFlags& flags);

// InitLogging(flags), then serves `services` with RunServer until SIGTERM or
// SIGINT (in-flight calls get ServerOptions' default grace). Returns the process exit code: 0 after
// a clean shutdown, 1 when logging or the server could not start, with the error written once to
// stderr (through the logger once it is set up). `name` ("eksa-planner") labels the log lines.
int RunServiceMain(std::string_view name, const ServiceFlags& flags,
                   const std::vector<grpc::Service*>& services);

}  // namespace eksa::rpc
