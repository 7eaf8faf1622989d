// The eksa CLI's subcommands. Each Set*Command adds one subcommand to `parent`; its callback
// stores the exit code in `*exit_code` (0 success, 1 the command failed, 2 usage error).
// The commands only parse flags, call a library and print: logic lives in libs/.
#pragma once

#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace eksa::cli {

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

// Flags of the root command that subcommands read (their values are set when parsing ends).
struct GlobalFlags {
  int verbosity = 0;
  std::string log_format = "text";
  std::string planner;  // --planner address; empty: EKSA_PLANNER or 127.0.0.1:50051
};

void SetCreateCommand(CLI::App& parent, const GlobalFlags& globals, int* exit_code);
void SetDeleteCommand(CLI::App& parent, const GlobalFlags& globals, int* exit_code);
void SetGenerateCommand(CLI::App& parent, int* exit_code);
void SetValidateCommand(CLI::App& parent, int* exit_code);
void SetVersionCommand(CLI::App& parent, int* exit_code);

}  // namespace eksa::cli
