// ClientBackendOptions from what eksa-vsphere-agent reads: one `vcenters[]` entry of its config
// (agent/config.h) and the credentials resolved for it (agent/credentials.h). The agent's
// BackendFactory is then one line (client_backend.h).
#pragma once

#include "services/vsphere-agent/agent/config.h"
#include "services/vsphere-agent/agent/credentials.h"
#include "services/vsphere-agent/backend/client_backend_options.h"

namespace eksa::vsphere_agent::backend {

// server, port, the TLS mode (caFile / thumbprint / insecure / system CAs), username, password
// (Secret::Reveal: the one place it leaves the Secret), and max_connections = the server's
// concurrency + 1, so no call waits for a connection (an import uses two).
ClientBackendOptions OptionsFromAgentConfig(const VCenterServerConfig& server,
                                            const Credentials& credentials);

}  // namespace eksa::vsphere_agent::backend
