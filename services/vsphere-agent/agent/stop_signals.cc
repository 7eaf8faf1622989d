#include "services/vsphere-agent/agent/stop_signals.h"

#include <pthread.h>

namespace eksa::vsphere_agent {

StopSignals StopSignals::Block() {
  StopSignals s;
  sigemptyset(&s.set_);
  sigaddset(&s.set_, SIGTERM);
  sigaddset(&s.set_, SIGINT);
  pthread_sigmask(SIG_BLOCK, &s.set_, nullptr);
  return s;
}

std::string StopSignals::Wait() const {
  for (;;) {
    int sig = 0;
    if (sigwait(&set_, &sig) != 0) continue;
    if (sig == SIGTERM) return "SIGTERM";
    if (sig == SIGINT) return "SIGINT";
  }
}

}  // namespace eksa::vsphere_agent
