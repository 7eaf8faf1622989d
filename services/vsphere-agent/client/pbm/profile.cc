#include "services/vsphere-agent/client/pbm/profile.h"

#include "libs/common/status_macros.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"

namespace eksa::vsphere::pbm {

absl::StatusOr<std::vector<std::string>> QueryProfile(soap::Caller& caller,
                                                      const soap::MoRef& profile_manager,
                                                      std::string_view resource_type,
                                                      std::string_view category) {
  soap::XmlWriter w;
  w.This(profile_manager).Open("resourceType").Element("resourceType", resource_type).Close();
  if (!category.empty()) w.Element("profileCategory", category);
  EKSA_ASSIGN_OR_RETURN(soap::Response r, caller.Call("PbmQueryProfile", std::move(w).Finish()));
  std::vector<std::string> ids;
  for (pugi::xml_node id : r.returnvals()) {
    std::string_view unique = soap::ChildText(id, "uniqueId");
    if (unique.empty()) {
      return absl::InternalError(
          "PbmQueryProfile: malformed answer: a profile id without uniqueId");
    }
    ids.emplace_back(unique);
  }
  return ids;
}

absl::StatusOr<std::vector<Profile>> RetrieveContent(soap::Caller& caller,
                                                     const soap::MoRef& profile_manager,
                                                     const std::vector<std::string>& ids) {
  if (ids.empty()) {
    return absl::InvalidArgumentError("PbmRetrieveContent: no profile ids to retrieve");
  }
  soap::XmlWriter w;
  w.This(profile_manager);
  for (const std::string& id : ids) w.Open("profileIds").Element("uniqueId", id).Close();
  EKSA_ASSIGN_OR_RETURN(soap::Response r, caller.Call("PbmRetrieveContent", std::move(w).Finish()));
  std::vector<Profile> profiles;
  for (pugi::xml_node p : r.returnvals()) {
    Profile out{
        .id = std::string(soap::ChildText(soap::Child(p, "profileId"), "uniqueId")),
        .name = std::string(soap::ChildText(p, "name")),
        .description = std::string(soap::ChildText(p, "description")),
        .type = std::string(soap::XsiType(p)),
        .category = std::string(soap::ChildText(p, "profileCategory")),
        .resource_type =
            std::string(soap::ChildText(soap::Child(p, "resourceType"), "resourceType")),
    };
    if (out.id.empty()) {
      return absl::InternalError(
          "PbmRetrieveContent: malformed answer: a profile without profileId (name \"" + out.name +
          "\")");
    }
    profiles.push_back(std::move(out));
  }
  return profiles;
}

}  // namespace eksa::vsphere::pbm
