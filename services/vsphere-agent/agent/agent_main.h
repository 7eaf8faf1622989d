// The whole main() of eksa-vsphere-agent except the choice of backend, which stays in main.cc
// (the composition root).
//
// Flags: --config FILE (config.h; without it the agent serves no vCenter and does not register),
// --listen ADDR and --metrics-listen ADDR (override the config's listen and metricsListen),
// -v/--verbosity 0..9, --log-format text|json, --version, --help: the flags every eksa service
// has (libs/rpc/service_main.h) plus the agent's own.
// Environment: EKSA_AGENT_ID (the agent id when the config sets none), and the credentials
// variables of credentials.h.
//
// Exit codes: 0 after SIGTERM/SIGINT (drained as agent.h describes) or --help/--version; 1 when it
// cannot start (config or credentials error naming file:line:column, an address it cannot bind);
// 2 for a usage error.
#pragma once

#include "services/vsphere-agent/agent/agent.h"

namespace eksa::vsphere_agent {

int AgentMain(int argc, char** argv, const BackendFactory& backends);

}  // namespace eksa::vsphere_agent
