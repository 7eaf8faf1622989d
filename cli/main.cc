// eksa: the command-line client. Parses the command line, sets up logging and runs one command.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands/commands.h"
#include "libs/common/log.h"

int main(int argc, char** argv) {
  CLI::App app{"eksa: EKS Anywhere clusters on vSphere, from the same cluster spec", "eksa"};
  app.require_subcommand(1);
  app.fallthrough();  // -v and --log-format are accepted after the subcommand too
  eksa::cli::GlobalFlags globals;
  app.add_option("-v,--verbosity", globals.verbosity,
                 "Log verbosity 0..9 (4: task detail, 6: calls)")
      ->check(CLI::Range(0, 9));
  app.add_option("--log-format", globals.log_format, "Log format of the stderr log")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--planner", globals.planner,
                 "Planner address (default: $EKSA_PLANNER or 127.0.0.1:50051)");
  int exit_code = eksa::cli::kExitOk;
  eksa::cli::SetCreateCommand(app, globals, &exit_code);
  eksa::cli::SetDeleteCommand(app, globals, &exit_code);
  eksa::cli::SetGenerateCommand(app, &exit_code);
  eksa::cli::SetValidateCommand(app, &exit_code);
  eksa::cli::SetVersionCommand(app, &exit_code);
  app.parse_complete_callback([&]() {
    absl::Status s = eksa::log::Init(
        {.verbosity = globals.verbosity, .format = *eksa::log::ParseFormat(globals.log_format)});
    if (!s.ok()) std::cerr << "Error: " << s.message() << "\n";
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help
  } catch (const CLI::ParseError& e) {
    if (app.get_subcommands().empty() && !app.remaining().empty()) {
      std::cerr << "Error: unknown command \"" << app.remaining().front()
                << "\" for eksa; run eksa --help to list the commands\n";
      return eksa::cli::kExitUsage;
    }
    app.exit(e);  // prints the message and usage
    return eksa::cli::kExitUsage;
  }
  return exit_code;
}
