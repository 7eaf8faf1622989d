// The agent user's vSphere privileges, checked the way EKS-A's vsphere-user-privilege validation
// does: named privilege ids on an entity, through AuthorizationManager.HasPrivilegeOnEntity for
// the session's own user. Missing ones are listed in the check's message.
//
// The lists are the privileges eksa's own operations use on each kind of object (a subset of
// EKS-A's role files: what this agent calls, not what CAPV's controllers need in the cluster).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/session/service_content.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/soap/response.h"

namespace eksa::vsphere_agent::backend {

// On the root folder "/": sessions and tagging.
const std::vector<std::string>& GlobalPrivileges();
// On a datastore: allocate space, browse, low-level file operations.
const std::vector<std::string>& DatastorePrivileges();
// On a resource pool: assign VMs to it.
const std::vector<std::string>& ResourcePoolPrivileges();
// On the VM folder: create, remove, power and reconfigure VMs, create folders.
const std::vector<std::string>& FolderPrivileges();
// On the template: clone it, deploy from it.
const std::vector<std::string>& TemplatePrivileges();

// The entries of `privileges` the answer to HasPrivilegeOnEntity (one boolean <returnval> per
// privilege, in order) says are not granted. kInternal when the count or a value is malformed.
[[nodiscard]] absl::StatusOr<std::vector<std::string>> ParseMissingPrivileges(
    const vsphere::soap::Response& answer, const std::vector<std::string>& privileges);

// Which of `privileges` the session `session_key` lacks on `entity`. Errors: the call's.
[[nodiscard]] absl::StatusOr<std::vector<std::string>> MissingPrivileges(
    vsphere::soap::Caller& caller, const vsphere::session::ServiceContent& content,
    const vsphere::soap::MoRef& entity, const std::string& session_key,
    const std::vector<std::string>& privileges);

}  // namespace eksa::vsphere_agent::backend
