// eksa-vsphere-agent: creates, powers and destroys vSphere VMs for the planner, one pool per
// vCenter
//
// A skeleton for now: it serves gRPC health and reflection on --listen until SIGTERM or SIGINT.
#include <CLI/CLI.hpp>
#include <string>

#include "libs/rpc/service_main.h"

int main(int argc, char** argv) {
  eksa::rpc::ServiceFlags flags{.listen = "127.0.0.1:50052"};
  CLI::App app{"Creates, powers and destroys vSphere VMs for the planner, one pool per vCenter",
               "eksa-vsphere-agent"};
  app.add_option("--listen", flags.listen, "Address to serve gRPC on: host:port or unix:path")
      ->capture_default_str();
  app.add_option("-v,--verbosity", flags.verbosity, "Log verbosity, 0 (quiet) to 9 (everything)")
      ->check(CLI::Range(0, 9))
      ->capture_default_str();
  app.add_option("--log-format", flags.log_format, "Log line format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.set_version_flag("--version", std::string("eksa-vsphere-agent ") + EKSA_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;  // --help, --version: 0; usage errors: 2
  }
  return eksa::rpc::RunServiceMain("eksa-vsphere-agent", flags, {});
}
