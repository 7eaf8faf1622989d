// PbmRetrieveServiceContent: the PBM service's managed objects (PbmServiceInstanceContent).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/soap/moref.h"

namespace eksa::vsphere::pbm {

// The PBM service instance every session starts from (govmomi's pbm.ServiceInstance).
inline const soap::MoRef& ServiceInstance() {
  static const soap::MoRef* ref = new soap::MoRef{"PbmServiceInstance", "ServiceInstance"};
  return *ref;
}

// The parts of PbmServiceInstanceContent eksa uses.
struct ServiceContent {
  std::string about_name;        // aboutInfo.name: "PBM"
  std::string about_version;     // aboutInfo.version: "2.0"
  soap::MoRef profile_manager;   // PbmProfileProfileManager: PbmQueryProfile, PbmRetrieveContent
  soap::MoRef placement_solver;  // PbmPlacementSolver: PbmCheckRequirements (not used yet)
};

// PbmRetrieveServiceContent on ServiceInstance(). Errors: the caller's; kInternal when the
// answer has no returnval or no profileManager ("PbmRetrieveServiceContent: malformed …").
[[nodiscard]] absl::StatusOr<ServiceContent> RetrieveServiceContent(soap::Caller& caller);

}  // namespace eksa::vsphere::pbm
