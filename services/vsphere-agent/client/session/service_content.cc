#include "services/vsphere-agent/client/session/service_content.h"

#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"
#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"

namespace eksa::vsphere::session {
namespace {

using soap::ChildText;

absl::Status Required(const soap::MoRef& ref, std::string_view name) {
  if (!ref.empty()) return absl::OkStatus();
  return absl::InternalError(absl::StrCat("malformed ServiceContent: no ", AbslView(name)));
}

}  // namespace

soap::MoRef ServiceInstanceRef() { return {.type = "ServiceInstance", .value = "ServiceInstance"}; }

absl::StatusOr<ServiceContent> ParseServiceContent(pugi::xml_node returnval) {
  if (!returnval) return absl::InternalError("malformed ServiceContent: no returnval");
  ServiceContent sc;
  struct Field {
    std::string_view name;
    soap::MoRef* ref;
  };
  const Field fields[] = {
      {"rootFolder", &sc.root_folder},
      {"propertyCollector", &sc.property_collector},
      {"viewManager", &sc.view_manager},
      {"searchIndex", &sc.search_index},
      {"sessionManager", &sc.session_manager},
      {"ovfManager", &sc.ovf_manager},
      {"fileManager", &sc.file_manager},
      {"virtualDiskManager", &sc.virtual_disk_manager},
      {"taskManager", &sc.task_manager},
      {"eventManager", &sc.event_manager},
      {"customFieldsManager", &sc.custom_fields_manager},
      {"authorizationManager", &sc.authorization_manager},
      {"licenseManager", &sc.license_manager},
  };
  for (const Field& f : fields) {
    EKSA_ASSIGN_OR_RETURN(*f.ref, soap::ParseOptionalMoRef(returnval, f.name));
  }
  EKSA_RETURN_IF_ERROR(Required(sc.root_folder, "rootFolder"));
  EKSA_RETURN_IF_ERROR(Required(sc.property_collector, "propertyCollector"));
  EKSA_RETURN_IF_ERROR(Required(sc.session_manager, "sessionManager"));

  pugi::xml_node about = soap::Child(returnval, "about");
  sc.about = {
      .name = std::string(ChildText(about, "name")),
      .full_name = std::string(ChildText(about, "fullName")),
      .vendor = std::string(ChildText(about, "vendor")),
      .version = std::string(ChildText(about, "version")),
      .build = std::string(ChildText(about, "build")),
      .os_type = std::string(ChildText(about, "osType")),
      .api_type = std::string(ChildText(about, "apiType")),
      .api_version = std::string(ChildText(about, "apiVersion")),
      .instance_uuid = std::string(ChildText(about, "instanceUuid")),
  };
  return sc;
}

absl::StatusOr<ServiceContent> RetrieveServiceContent(soap::Caller& caller) {
  soap::XmlWriter body;
  body.This(ServiceInstanceRef());
  EKSA_ASSIGN_OR_RETURN(soap::Response response, caller.Call("RetrieveServiceContent", body.str()));
  absl::StatusOr<ServiceContent> sc = ParseServiceContent(response.returnval());
  if (!sc.ok()) return Annotate(sc.status(), "RetrieveServiceContent");
  return sc;
}

}  // namespace eksa::vsphere::session
