// Waiting for SIGTERM or SIGINT without a signal handler.
//
//   int main() {
//     eksa::vsphere_agent::StopSignals signals = eksa::vsphere_agent::StopSignals::Block();
//     ... start threads, serve ...
//     std::string name = signals.Wait();   // "SIGTERM"
//
// Block() blocks both signals in the calling thread; threads started afterwards inherit the
// mask, so the signals stay pending until Wait() takes one with sigwait(). Nothing runs in signal
// context, and a signal that arrives before Wait() (while the agent is still starting) is not
// lost. Call Block() first thing in main, before any thread exists.
//
// The agent needs its own wait (rather than libs/rpc's RunServer) because it must tell the
// planner it is draining before the server starts shutting down.
#pragma once

#include <signal.h>

#include <string>

namespace eksa::vsphere_agent {

class StopSignals {
 public:
  [[nodiscard]] static StopSignals Block();
  // Blocks until SIGTERM or SIGINT arrives; returns its name.
  std::string Wait() const;

 private:
  sigset_t set_;
};

}  // namespace eksa::vsphere_agent
