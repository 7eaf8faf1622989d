// eksa: the command-line client. Parses the command line, sets up logging and runs one command.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands/commands.h"
#include "libs/common/log.h"

int main(int argc, char** argv) {
  CLI::App app{"eksa: EKS Anywhere clusters on vSphere, from the same cluster spec", "eksa"};
  app.require_subcommand(1);
  app.fallthrough();  // -v and --log-format are accepted after the subcommand too
  int verbosity = 0;
  std::string log_format = "text";
  app.add_option("-v,--verbosity", verbosity, "Log verbosity 0..9 (4: task detail, 6: calls)")
      ->check(CLI::Range(0, 9));
  app.add_option("--log-format", log_format, "Log format of the stderr log")
      ->check(CLI::IsMember({"text", "json"}));
  int exit_code = eksa::cli::kExitOk;
  eksa::cli::SetGenerateCommand(app, &exit_code);
  eksa::cli::SetValidateCommand(app, &exit_code);
  eksa::cli::SetVersionCommand(app, &exit_code);
  app.parse_complete_callback([&]() {
    absl::Status s =
        eksa::log::Init({.verbosity = verbosity, .format = *eksa::log::ParseFormat(log_format)});
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
