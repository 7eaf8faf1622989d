#include "services/vsphere-agent/backend/agent_options.h"

#include <algorithm>

namespace eksa::vsphere_agent::backend {

ClientBackendOptions OptionsFromAgentConfig(const VCenterServerConfig& server,
                                            const Credentials& credentials) {
  ClientBackendOptions o{.server = server.server, .port = server.port};
  switch (server.tls_mode) {
    case TlsMode::kSystemCa:
      break;
    case TlsMode::kCaFile:
      o.ca_file = server.ca_file;
      break;
    case TlsMode::kThumbprint:
      o.thumbprint = server.thumbprint;
      break;
    case TlsMode::kInsecure:
      o.insecure = true;
      break;
  }
  o.username = credentials.username;
  o.password = credentials.password.Reveal();
  // One more than the calls at once: an OVF import reports progress while a disk uploads.
  o.max_connections = std::max(2, server.concurrency + 1);
  return o;
}

}  // namespace eksa::vsphere_agent::backend
