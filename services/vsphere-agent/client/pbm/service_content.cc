#include "services/vsphere-agent/client/pbm/service_content.h"

#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"

namespace eksa::vsphere::pbm {

absl::StatusOr<ServiceContent> RetrieveServiceContent(soap::Caller& caller) {
  constexpr char kMethod[] = "PbmRetrieveServiceContent";
  EKSA_ASSIGN_OR_RETURN(soap::Response r,
                        caller.Call(kMethod, soap::XmlWriter().This(ServiceInstance()).str()));
  pugi::xml_node content = r.returnval();
  if (!content) {
    return absl::InternalError(std::string(kMethod) + ": malformed answer: no returnval");
  }
  ServiceContent out;
  pugi::xml_node about = soap::Child(content, "aboutInfo");
  out.about_name = std::string(soap::ChildText(about, "name"));
  out.about_version = std::string(soap::ChildText(about, "version"));
  absl::StatusOr<soap::MoRef> pm = soap::ParseOptionalMoRef(content, "profileManager");
  if (!pm.ok() || pm->empty()) {
    return absl::InternalError(std::string(kMethod) + ": malformed answer: no profileManager");
  }
  out.profile_manager = *std::move(pm);
  absl::StatusOr<soap::MoRef> solver = soap::ParseOptionalMoRef(content, "placementSolver");
  if (solver.ok()) out.placement_solver = *std::move(solver);
  return out;
}

}  // namespace eksa::vsphere::pbm
