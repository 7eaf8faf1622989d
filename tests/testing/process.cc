#include "tests/testing/process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "absl/time/clock.h"

extern char** environ;

namespace eksa::testing {
namespace {
constexpr absl::Duration kPoll = absl::Milliseconds(10);
}  // namespace

Process::Process(const std::string& binary, const std::vector<std::string>& args) {
  const char* tmp = std::getenv("TMPDIR");
  output_path_ = std::string(tmp != nullptr ? tmp : "/tmp") + "/eksa_process_XXXXXX";
  int fd = mkstemp(output_path_.data());
  if (fd < 0) {
    std::perror("mkstemp");
    return;
  }
  std::vector<std::string> argv_strings = {binary};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  std::string quiet_grpc = "GRPC_VERBOSITY=NONE";
  // State a binary keeps across runs (the planner's store) goes to a directory of this process.
  state_dir_ = output_path_ + ".state";
  std::string state = "XDG_STATE_HOME=" + state_dir_;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "XDG_STATE_HOME=", 15) != 0) envp.push_back(*e);
  }
  envp.push_back(quiet_grpc.data());
  envp.push_back(state.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fd, 1);
  posix_spawn_file_actions_adddup2(&actions, fd, 2);
  int rc = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(fd);
  if (rc != 0) {
    std::fprintf(stderr, "spawning %s: %s\n", binary.c_str(), std::strerror(rc));
    pid_ = -1;
  }
}

Process::~Process() {
  if (pid_ > 0 && !exit_status_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  unlink(output_path_.c_str());
  std::error_code ec;
  std::filesystem::remove_all(state_dir_, ec);
}

std::string Process::Output() const {
  std::ifstream in(output_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void Process::Signal(int sig) {
  if (pid_ > 0 && !exit_status_) kill(pid_, sig);
}

std::optional<int> Process::WaitForExit(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!exit_status_ && pid_ > 0) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_status_ = status;
    } else if (absl::Now() > deadline) {
      break;
    } else {
      absl::SleepFor(kPoll);
    }
  }
  return exit_status_;
}

std::optional<std::string> Process::WaitForServingAddress(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    std::istringstream lines(Output());
    for (std::string line; std::getline(lines, line);) {
      nlohmann::json entry = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (entry.is_object() && entry.value("msg", "") == "Serving") {
        return entry.value("address", "");
      }
    }
    if (WaitForExit(absl::ZeroDuration())) return std::nullopt;
    absl::SleepFor(kPoll);
  }
  return std::nullopt;
}

std::optional<std::string> Process::WaitForLine(const std::string& text, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    std::istringstream lines(Output());
    for (std::string line; std::getline(lines, line);) {
      if (line.find(text) != std::string::npos) return line;
    }
    if (WaitForExit(absl::ZeroDuration())) return std::nullopt;
    absl::SleepFor(kPoll);
  }
  return std::nullopt;
}

}  // namespace eksa::testing
