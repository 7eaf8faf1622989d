// The part of a service main() that every eksa service shares.
//
// Each services/<name>/main.cc parses its command line with CLI11 into ServiceFlags (CLI11 costs
// about 5 s per translation unit, so it stays in the main.cc files and out of this header), then
// hands over to RunServiceMain:
//
//   int main(int argc, char** argv) {
//     eksa::rpc::ServiceFlags flags{.listen = "127.0.0.1:50051"};
//     CLI::App app{"...", "eksa-planner"};
//     app.add_option("--listen", flags.listen, ...);
//     ...
//     CLI11_PARSE(app, argc, argv);
//     return eksa::rpc::RunServiceMain("eksa-planner", flags, {&planner_service});
//   }
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace grpc {
class Service;
}  // namespace grpc

namespace eksa::rpc {

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
