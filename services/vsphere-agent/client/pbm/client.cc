#include "services/vsphere-agent/client/pbm/client.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/absl_view.h"
#include "libs/common/status_macros.h"

namespace eksa::vsphere::pbm {

absl::StatusOr<Client> Client::Connect(soap::Caller& caller, std::string where) {
  EKSA_ASSIGN_OR_RETURN(ServiceContent content, RetrieveServiceContent(caller));
  return Client(caller, std::move(content), std::move(where));
}

absl::StatusOr<std::vector<Profile>> Client::StoragePolicies() const {
  EKSA_ASSIGN_OR_RETURN(
      std::vector<std::string> ids,
      QueryProfile(*caller_, content_.profile_manager, kResourceTypeStorage, kCategoryRequirement));
  if (ids.empty()) return std::vector<Profile>{};
  return RetrieveContent(*caller_, content_.profile_manager, ids);
}

absl::StatusOr<std::string> Client::FindProfileByName(std::string_view name) const {
  if (name.empty()) return absl::InvalidArgumentError("storage policy name: empty");
  EKSA_ASSIGN_OR_RETURN(std::vector<Profile> policies, StoragePolicies());
  std::vector<std::string> names;
  for (Profile& p : policies) {
    if (p.name == name) return std::move(p.id);
    names.push_back(std::move(p.name));
  }
  return PolicyNotFound(name, std::move(names), where_);
}

absl::Status PolicyNotFound(std::string_view name, std::vector<std::string> names,
                            std::string_view where) {
  std::string message = absl::StrCat("storage policy \"", AbslView(name), "\" not found",
                                     where.empty() ? "" : " on ", AbslView(where), "; ");
  if (names.empty()) {
    absl::StrAppend(&message, "there are no storage policies");
    return absl::NotFoundError(message);
  }
  std::sort(names.begin(), names.end());
  const size_t more = names.size() > kMaxListedNames ? names.size() - kMaxListedNames : 0;
  names.resize(names.size() - more);
  absl::StrAppend(&message, "the storage policies are: ", absl::StrJoin(names, ", "));
  if (more > 0) absl::StrAppend(&message, " and ", more, " more");
  return absl::NotFoundError(message);
}

}  // namespace eksa::vsphere::pbm
