// `eksa validate -f FILE [-o text|json]`: parses, defaults and validates a cluster spec and
// prints every problem at once. Exit 0 when valid (warnings allowed), 1 when invalid.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands/commands.h"
#include "libs/common/log.h"
#include "libs/spec/spec.h"

namespace eksa::cli {
namespace {

struct ValidateFlags {
  std::string file;
  std::string output = "text";
};

int RunValidate(const ValidateFlags& flags) {
  eksa::log::Logger().Info(4, "Validating cluster spec", {{"file", flags.file}});
  eksa::spec::LoadResult result = eksa::spec::LoadSpecFile(flags.file);
  const eksa::spec::Diagnostics& diags = result.diagnostics;
  if (flags.output == "json") {
    std::cout << eksa::spec::FormatJson(diags.items()) << "\n";
  } else {
    for (const eksa::spec::Diagnostic& d : diags.items()) std::cout << FormatText(d) << "\n";
    int errors = diags.ErrorCount(), warnings = diags.WarningCount();
    std::string counts = std::to_string(errors) + (errors == 1 ? " error, " : " errors, ") +
                         std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings");
    if (errors > 0) {
      std::cout << "❌ " << flags.file << " is not valid: " << counts << "\n";
    } else {
      std::cout << "✅ " << flags.file << " is valid (" << counts << ")\n";
    }
  }
  return diags.HasErrors() ? kExitFailed : kExitOk;
}

}  // namespace

void SetValidateCommand(CLI::App& parent, int* exit_code) {
  CLI::App* cmd = parent.add_subcommand(
      "validate", "Validate a cluster spec file and report every problem with its position");
  auto flags = std::make_shared<ValidateFlags>();
  cmd->add_option("-f,--filename", flags->file, "Cluster spec file")->required();
  cmd->add_option("-o,--output", flags->output, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->callback([flags, exit_code]() { *exit_code = RunValidate(*flags); });
}

}  // namespace eksa::cli
