// Storage policies (VSphereMachineConfig.spec.storagePolicyName) on the RPC's vCenter, through
// its SPBM endpoint (client/pbm) with the RPC's vim25 session:
//  - every PBM call goes through a ScopedCaller, so it honours the RPC's deadline and
//    cancellation like the vim25 calls;
//  - a PBM call answered NotAuthenticated (the session expired while the inventory cache spared
//    the RPC any vim25 call) renews the vim25 session (session::Session::Renew, a fresh Login
//    shared with concurrent renewers) and is sent once more;
//  - a policy resolves with PbmRetrieveServiceContent, PbmQueryProfile and PbmRetrieveContent
//    (three round trips); its profile id is then cached by name for the inventory cache's TTL
//    (BackendState::storage_profiles), so a cluster's CreateVms resolve it once.
//
// Datastore compatibility (PbmCheckRequirements) is not checked: the testbed's simulator answers
// every datastore compatible whatever the policy (govmomi pbm/simulator), so no test could tell a
// right answer from a wrong one. vCenter itself refuses a clone whose datastore does not satisfy
// the policy.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/backend/check_results.h"
#include "services/vsphere-agent/backend/rpc_scope.h"

namespace eksa::vsphere_agent::backend {

// The PBM profile id of the storage policy `name` on the RPC's vCenter. kNotFound naming the
// policy, the vCenter and the policies it has (sorted, at most 10):
//   storage policy "gold" not found on vCenter vc1.lab; the storage policies are: A, B
// Other errors (PBM unreachable, faults) are annotated
//   resolving storage policy "gold" on vCenter vc1.lab: …
[[nodiscard]] absl::StatusOr<std::string> ResolveStoragePolicy(RpcScope& rpc,
                                                               std::string_view name);

// The "Storage policy validated" check of `subject` ("VSphereMachineConfig m1") for `name`:
// passed with `storage policy "NAME" (profile ID)`, or failed with ResolveStoragePolicy's message
// and the remediation "check <field>" (+ the names to choose from when it was not found).
// `field` names where the name came from ("spec.storagePolicyName of VSphereMachineConfig m1").
CheckResult StoragePolicyCheck(RpcScope& rpc, std::string_view subject, std::string_view name,
                               std::string_view field);

}  // namespace eksa::vsphere_agent::backend
