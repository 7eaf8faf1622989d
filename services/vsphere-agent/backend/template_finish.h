// Turning an imported VM into the template EKS-A makes, each step skipped when already done so
// an interrupted EnsureTemplate completes on retry: Bottlerocket disks sized (one disk → 22
// GiB, or disk 2 → 20 GiB), a snapshot (for linked clones), marked as a template, tagged
// os:<family>, eksdRelease:<release> and the extra tags (categories and tags created when
// missing).
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "eksa/vsphere/v1/vsphere_agent.pb.h"
#include "services/vsphere-agent/backend/rpc_scope.h"
#include "services/vsphere-agent/client/vim/vm_info.h"

namespace eksa::vsphere_agent::backend {

// The disk edits Bottlerocket needs for `vm`'s disks (pure): the capacity in KiB per disk index
// to grow to; empty when none.
std::vector<std::pair<size_t, int64_t>> BottlerocketDiskEdits(
    const std::vector<int64_t>& disks_gib);

// The tags EnsureTemplate puts on its template, "category:name", in order.
std::vector<std::string> TemplateTags(const ::eksa::vsphere::v1::EnsureTemplateRequest& request);

// Runs the steps above on `vm` (not yet a template, or already one: then only the tags).
// Errors: the tasks' and REST calls', annotated with the step.
[[nodiscard]] absl::Status FinishTemplate(RpcScope& rpc,
                                          const ::eksa::vsphere::v1::EnsureTemplateRequest& request,
                                          const vsphere::vim::VmInfo& vm);

// The tags of `attached` that conflict with `wanted`: same category as a wanted tag of the
// categories os and eksdRelease, other name (a template of that name made for another OS or
// release). Pure.
std::vector<std::string> ConflictingTags(const std::vector<std::string>& wanted,
                                         const std::vector<std::string>& attached);

}  // namespace eksa::vsphere_agent::backend
