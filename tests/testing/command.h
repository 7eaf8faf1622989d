// Runs a short-lived command and captures what it printed, for tests that drive eksa binaries
// the way a user does. Loopback-only tests; no shell is involved (argv is passed as is).
#pragma once

#include <string>
#include <vector>

// EKSA_SOURCE_DIR and EKSA_BINARY_DIR are defined for every test target by eksa_test().

namespace eksa::testing {

struct CommandResult {
  int exit_code = -1;  // the exit status, or 128 + signal number when killed by a signal
  std::string out;     // standard output
  std::string err;     // standard error
};

// Runs argv[0] (a path) with `argv`, stdin from /dev/null, and waits for it to exit.
// Aborts the test binary if the command cannot be started.
CommandResult RunCommand(const std::vector<std::string>& argv);

// The path of a binary in the build tree's bin/, and of a file under the source tree.
inline std::string BinaryPath(const std::string& name) {
  return std::string(EKSA_BINARY_DIR) + "/bin/" + name;
}
inline std::string SourcePath(const std::string& relative) {
  return std::string(EKSA_SOURCE_DIR) + "/" + relative;
}

}  // namespace eksa::testing
