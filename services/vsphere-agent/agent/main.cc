// eksa-vsphere-agent: creates, powers and destroys vSphere VMs for the planner, one pool per
// vCenter. The composition root: it picks the VCenterBackend behind each configured vCenter.
//
// Today that is UnlinkedBackend (every RPC fails UNIMPLEMENTED naming the server): the vCenter
// client library (services/vsphere-agent/client/) is plugged in here once it lands, as a factory
// that returns a client-backed VCenterBackend for (server config, credentials).
#include "services/vsphere-agent/agent/agent_main.h"
#include "services/vsphere-agent/agent/unlinked_backend.h"

int main(int argc, char** argv) {
  using eksa::vsphere_agent::Credentials;
  using eksa::vsphere_agent::VCenterBackend;
  using eksa::vsphere_agent::VCenterServerConfig;
  return eksa::vsphere_agent::AgentMain(
      argc, argv,
      [](const VCenterServerConfig& server,
         const Credentials&) -> absl::StatusOr<std::unique_ptr<VCenterBackend>> {
        return std::make_unique<eksa::vsphere_agent::UnlinkedBackend>(server.server);
      });
}
