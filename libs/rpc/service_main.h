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

#include <string>
#include <string_view>
#include <vector>

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

// Configures logging from `flags` (gRPC's own log lines are routed into it too: its errors at
// verbosity 2, info at 4, debug at 6), then serves `services` with RunServer until SIGTERM or
// SIGINT (in-flight calls get ServerOptions' default grace). Returns the process exit code: 0 after
// a clean shutdown, 1 when logging or the server could not start, with the error written once to
// stderr (through the logger once it is set up). `name` ("eksa-planner") labels the log lines.
int RunServiceMain(std::string_view name, const ServiceFlags& flags,
                   const std::vector<grpc::Service*>& services);

}  // namespace eksa::rpc
