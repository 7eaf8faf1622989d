// eksa-vsphere-agent: creates, powers and destroys vSphere VMs for the planner, one pool per
// vCenter. The composition root: behind each configured vCenter it puts the client-backed
// VCenterBackend (services/vsphere-agent/backend), made from that vCenter's config entry and
// credentials. Nothing is sent to a vCenter at start: the first RPC logs in, so the agent starts
// (and registers) while its vCenter is down, and CheckVCenter reports what fails.
#include "services/vsphere-agent/agent/agent_main.h"
#include "services/vsphere-agent/backend/agent_options.h"
#include "services/vsphere-agent/backend/client_backend.h"

int main(int argc, char** argv) {
  using eksa::vsphere_agent::Credentials;
  using eksa::vsphere_agent::VCenterBackend;
  using eksa::vsphere_agent::VCenterServerConfig;
  namespace backend = eksa::vsphere_agent::backend;
  return eksa::vsphere_agent::AgentMain(
      argc, argv,
      [](const VCenterServerConfig& server,
         const Credentials& credentials) -> absl::StatusOr<std::unique_ptr<VCenterBackend>> {
        absl::StatusOr<std::unique_ptr<backend::ClientBackend>> made =
            backend::MakeClientBackend(backend::OptionsFromAgentConfig(server, credentials));
        if (!made.ok()) return made.status();
        return std::unique_ptr<VCenterBackend>(std::move(*made));
      });
}
