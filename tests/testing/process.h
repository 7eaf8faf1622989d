// A child process for tests: a binary run with stdin from /dev/null and stdout + stderr going to
// a file, so a test can read what it printed while it runs, signal it and wait for it.
// GRPC_VERBOSITY=NONE is added to its environment, and XDG_STATE_HOME points at a directory of its
// own (so a planner started by a test never opens the user's store). The destructor SIGKILLs a
// process still running and removes that directory.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace eksa::testing {

class Process {
 public:
  Process(const std::string& binary, const std::vector<std::string>& args);
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process();

  bool spawned() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  // Everything it printed so far (stdout and stderr interleaved).
  std::string Output() const;
  // Sends `sig` (SIGTERM, SIGKILL, ...).
  void Signal(int sig);
  // The raw wait status once it has exited, polling for at most `timeout`.
  std::optional<int> WaitForExit(absl::Duration timeout);
  // The `address` field of its JSON "Serving" log line (libs/rpc RunServer), polling for at most
  // `timeout`; nullopt if it exits first or the time runs out.
  std::optional<std::string> WaitForServingAddress(absl::Duration timeout);
  // Polls its output for a line containing `text`; the line, or nullopt.
  std::optional<std::string> WaitForLine(const std::string& text, absl::Duration timeout);

 private:
  pid_t pid_ = -1;
  std::string output_path_;
  std::string state_dir_;  // its XDG_STATE_HOME, removed with it
  std::optional<int> exit_status_;
};

}  // namespace eksa::testing
