// PBM profiles (storage policies) through the PbmProfileProfileManager: which ids exist
// (PbmQueryProfile) and what they are (PbmRetrieveContent).
//
// Wire shapes (urn:pbm; the answer's profiles are typed, e.g. xsi:type="PbmCapabilityProfile"):
//   PbmQueryProfile(_this, resourceType{resourceType: STORAGE}, profileCategory: REQUIREMENT)
//     → returnval* {uniqueId}
//   PbmRetrieveContent(_this, profileIds* {uniqueId})
//     → returnval* {profileId{uniqueId}, name, description, …, profileCategory,
//                   resourceType{resourceType}, constraints, …}
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/soap/moref.h"

namespace eksa::vsphere::pbm {

// PbmProfileResourceTypeEnum / PbmProfileCategoryEnum values eksa uses.
inline constexpr std::string_view kResourceTypeStorage = "STORAGE";
inline constexpr std::string_view kCategoryRequirement = "REQUIREMENT";

// A PbmProfile (the fields eksa reads; constraints are not decoded).
struct Profile {
  std::string id;             // profileId.uniqueId: what a VirtualMachineDefinedProfileSpec names
  std::string name;           // "vSAN Default Storage Policy": what spec.storagePolicyName holds
  std::string description;    // may be empty
  std::string type;           // the xsi:type: "PbmCapabilityProfile", "PbmDefaultProfile"
  std::string category;       // profileCategory ("REQUIREMENT"), "" when the type has none
  std::string resource_type;  // resourceType.resourceType ("STORAGE"), "" when absent

  friend bool operator==(const Profile&, const Profile&) = default;
};

// PbmQueryProfile on `profile_manager`: the ids of the profiles of `resource_type` in
// `category` ("" = any category), in vCenter's order. An answer with none is an empty vector.
[[nodiscard]] absl::StatusOr<std::vector<std::string>> QueryProfile(
    soap::Caller& caller, const soap::MoRef& profile_manager, std::string_view resource_type,
    std::string_view category);

// PbmRetrieveContent of `ids` (at least one: vCenter answers an empty list with InvalidRequest;
// kInvalidArgument here without a request). An unknown id is vCenter's InvalidArgument fault
// (kInvalidArgument). kInternal for a profile without profileId/uniqueId.
[[nodiscard]] absl::StatusOr<std::vector<Profile>> RetrieveContent(
    soap::Caller& caller, const soap::MoRef& profile_manager, const std::vector<std::string>& ids);

}  // namespace eksa::vsphere::pbm
