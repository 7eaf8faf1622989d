// eksa-planner: validates cluster specs, plans the task DAG, runs and records operations.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "libs/common/log.h"
#include "services/planner/config.h"
#include "services/planner/planner_server.h"

int main(int argc, char** argv) {
  CLI::App app{"Validates cluster specs, plans the task DAG, runs and records operations",
               "eksa-planner"};
  std::string config_path, listen, log_format = "text";
  int verbosity = 0;
  app.add_option("--config", config_path, "Planner config file (YAML); defaults without one");
  app.add_option("--listen", listen, "Address to serve gRPC on (overrides the config)");
  app.add_option("-v,--verbosity", verbosity, "Log verbosity, 0 (quiet) to 9 (everything)")
      ->check(CLI::Range(0, 9));
  app.add_option("--log-format", log_format, "Log line format")
      ->check(CLI::IsMember({"text", "json"}));
  app.set_version_flag("--version", std::string("eksa-planner ") + EKSA_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (absl::Status s =
          eksa::log::Init({.verbosity = verbosity, .format = *eksa::log::ParseFormat(log_format)});
      !s.ok()) {
    std::cerr << "eksa-planner: " << s << "\n";
    return 1;
  }
  absl::StatusOr<eksa::planner::PlannerConfig> config =
      config_path.empty() ? eksa::planner::ParsePlannerConfig("defaults", "")
                          : eksa::planner::LoadPlannerConfig(config_path);
  if (config.ok() && !listen.empty()) config->listen = listen;
  absl::Status status = config.ok() ? eksa::planner::RunPlanner(*config) : config.status();
  if (!status.ok()) {
    eksa::log::Logger().Error("eksa-planner failed", {{"error", status.ToString()}});
    return 1;
  }
  return 0;
}
