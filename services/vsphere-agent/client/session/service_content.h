// ServiceContent: the managed objects a vCenter exposes from its ServiceInstance, retrieved once
// per connection (RetrieveServiceContent needs no session) and cached by session::Session.
#pragma once

#include <pugixml.hpp>
#include <string>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/soap/moref.h"

namespace eksa::vsphere::session {

// ServiceContent.about (vim.AboutInfo).
struct AboutInfo {
  std::string name;           // "VMware vCenter Server"
  std::string full_name;      // "VMware vCenter Server 6.5.0 build-5973321"
  std::string vendor;         // "VMware, Inc."
  std::string version;        // "6.5.0"
  std::string build;          // "5973321"
  std::string os_type;        // "linux-x64"
  std::string api_type;       // "VirtualCenter" (vCenter) or "HostAgent" (standalone ESXi)
  std::string api_version;    // "6.5", "7.0.3.0"
  std::string instance_uuid;  // vCenter's instance UUID (empty on ESXi)
};

// The references eksa uses; one a vCenter does not have (e.g. ovfManager on some ESXi builds)
// stays empty.
struct ServiceContent {
  soap::MoRef root_folder;
  soap::MoRef property_collector;
  soap::MoRef view_manager;
  soap::MoRef search_index;
  soap::MoRef session_manager;
  soap::MoRef ovf_manager;
  soap::MoRef file_manager;
  soap::MoRef virtual_disk_manager;
  soap::MoRef task_manager;
  soap::MoRef event_manager;
  soap::MoRef custom_fields_manager;
  soap::MoRef authorization_manager;
  soap::MoRef license_manager;
  AboutInfo about;
};

// The well-known ServiceInstance reference every RetrieveServiceContent is called on.
soap::MoRef ServiceInstanceRef();

// Decodes RetrieveServiceContentResponse/returnval. kInternal when rootFolder, propertyCollector
// or sessionManager is missing or malformed (nothing works without them).
[[nodiscard]] absl::StatusOr<ServiceContent> ParseServiceContent(pugi::xml_node returnval);

// Calls RetrieveServiceContent on `caller` and decodes it. Errors as Caller::Call, or the above.
[[nodiscard]] absl::StatusOr<ServiceContent> RetrieveServiceContent(soap::Caller& caller);

}  // namespace eksa::vsphere::session
