// Tagging: vSphere tags by name ("category:name", EKS-A's "os:bottlerocket",
// "eksdRelease:kubernetes-1-21-eks-4") over the vAPI tagging service (/rest/com/vmware/cis/
// tagging/…): what is attached to an object, find or create a tag, attach one, check tag ids.
//
// vAPI has no lookup by name: categories and a category's tags are listed and read one by one.
// Category and tag names are cached by id (they do not change under eksa; a tag deleted
// meanwhile is simply not found), so a template's tags cost one list call plus one read per tag
// never seen before.
//
// Thread-safe. The RestSession must outlive it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/vsphere-agent/backend/rest_session.h"
#include "services/vsphere-agent/client/soap/moref.h"

namespace eksa::vsphere_agent::backend {

// "category:name" → {category, name}, split at the first ':'. kInvalidArgument when either part
// is empty or there is no ':'.
[[nodiscard]] absl::StatusOr<std::pair<std::string, std::string>> ParseTagRef(std::string_view ref);

class Tagging {
 public:
  explicit Tagging(RestSession& rest) : rest_(rest) {}

  // "category:name" of each tag attached to `obj`, sorted.
  [[nodiscard]] absl::StatusOr<std::vector<std::string>> AttachedTags(
      const vsphere::soap::MoRef& obj, const vsphere::soap::CallOptions& options = {});

  // The id of tag `name` in category `category`; kNotFound ("tag os:ubuntu not found: no
  // category os" / "…: category os has no tag ubuntu") when either is missing.
  [[nodiscard]] absl::StatusOr<std::string> FindTag(std::string_view category,
                                                    std::string_view name,
                                                    const vsphere::soap::CallOptions& options = {});

  // FindTag, creating the category (cardinality MULTIPLE, associable with VirtualMachine) and the
  // tag when missing. A concurrent creator is tolerated (already_exists → found again).
  [[nodiscard]] absl::StatusOr<std::string> EnsureTag(
      std::string_view category, std::string_view name,
      const vsphere::soap::CallOptions& options = {});

  // Attaches tag `tag_id` to `obj` (idempotent in vSphere). kNotFound for an unknown tag id.
  [[nodiscard]] absl::Status Attach(std::string_view tag_id, const vsphere::soap::MoRef& obj,
                                    const vsphere::soap::CallOptions& options = {});

  // "category:name" of tag `tag_id`; kNotFound when no such tag exists.
  [[nodiscard]] absl::StatusOr<std::string> DescribeTag(
      std::string_view tag_id, const vsphere::soap::CallOptions& options = {});

 private:
  struct TagInfo {
    std::string name;
    std::string category_id;
  };
  absl::StatusOr<TagInfo> Tag(std::string_view tag_id, const vsphere::soap::CallOptions& options);
  absl::StatusOr<std::string> CategoryName(std::string_view category_id,
                                           const vsphere::soap::CallOptions& options);
  // The id of category `name`, or "" when there is none.
  absl::StatusOr<std::string> FindCategory(std::string_view name,
                                           const vsphere::soap::CallOptions& options);

  RestSession& rest_;
  absl::Mutex mu_;
  std::map<std::string, TagInfo, std::less<>> tags_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::string, std::less<>> categories_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::vsphere_agent::backend
