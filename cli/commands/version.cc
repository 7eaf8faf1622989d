// `eksa version`: prints the version of the CLI.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands/commands.h"

namespace eksa::cli {

void SetVersionCommand(CLI::App& parent, int* exit_code) {
  CLI::App* cmd = parent.add_subcommand("version", "Print the eksa version");
  cmd->callback([exit_code]() {
    std::cout << "eksa version v" << EKSA_VERSION << "\n";
    *exit_code = kExitOk;
  });
}

}  // namespace eksa::cli
