// pbm::Client: storage policies of one vCenter by name, over a PBM soap::Caller (a SessionCaller
// in production, wrapped by the backend in its ScopedCaller; a soap::Client with
// EndpointOptions() on a FakeTransport in unit tests).
//
//   pbm::SessionCaller spbm(session.client());
//   EKSA_ASSIGN_OR_RETURN(pbm::Client pbm, pbm::Client::Connect(spbm));
//   EKSA_ASSIGN_OR_RETURN(std::string id, pbm.FindProfileByName("vSAN Default Storage Policy"));
//   // → VirtualMachineDefinedProfileSpec{profileId = id} in a clone's RelocateSpec
//
// "Storage policy" here is what govmomi's ProfileIDByName and CAPV look at: the profiles of
// resource type STORAGE in category REQUIREMENT (the ones vSphere's UI lists as VM storage
// policies). Names compare exactly, as they do there.
//
// Holds the caller and the service content only (constant after Connect): thread-safe as the
// caller is.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/pbm/profile.h"
#include "services/vsphere-agent/client/pbm/service_content.h"
#include "services/vsphere-agent/client/soap/caller.h"

namespace eksa::vsphere::pbm {

// At most this many names are listed in FindProfileByName's kNotFound message.
inline constexpr size_t kMaxListedNames = 10;

class Client {
 public:
  // PbmRetrieveServiceContent (RetrieveServiceContent's errors). `caller` must outlive the client.
  // `where` names the server in messages ("vCenter vc1.lab"); empty: not named.
  [[nodiscard]] static absl::StatusOr<Client> Connect(soap::Caller& caller, std::string where = {});

  Client(soap::Caller& caller, ServiceContent content, std::string where = {})
      : caller_(&caller), content_(std::move(content)), where_(std::move(where)) {}

  const ServiceContent& service_content() const { return content_; }

  // The storage requirement profiles, in vCenter's order: PbmQueryProfile(STORAGE, REQUIREMENT),
  // then one PbmRetrieveContent of those ids (none when there are no ids: no second call).
  [[nodiscard]] absl::StatusOr<std::vector<Profile>> StoragePolicies() const;

  // The id of the storage policy named `name` (the first one, should vCenter hold two).
  // kNotFound when there is none: PolicyNotFound(name, the names, where). kInvalidArgument for an
  // empty name. Other errors: the calls'.
  [[nodiscard]] absl::StatusOr<std::string> FindProfileByName(std::string_view name) const;

 private:
  soap::Caller* caller_;
  ServiceContent content_;
  std::string where_;
};

// The kNotFound status for `name` when the policies are `names` (any order):
//   storage policy "gold" not found[ on WHERE]; the storage policies are: A, B, C
// (sorted, at most kMaxListedNames, then " and N more"), or "…; there are no storage policies".
absl::Status PolicyNotFound(std::string_view name, std::vector<std::string> names,
                            std::string_view where = {});

}  // namespace eksa::vsphere::pbm
