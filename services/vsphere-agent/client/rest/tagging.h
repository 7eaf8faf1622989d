// Tagging: vSphere tags and categories over the vAPI REST API (/rest/com/vmware/cis/tagging).
//
//   Tagging tags(*rest);
//   EKSA_ASSIGN_OR_RETURN(std::string os, tags.EnsureTag("os", "bottlerocket"));
//   EKSA_RETURN_IF_ERROR(tags.Attach(os, template_ref));
//   EKSA_ASSIGN_OR_RETURN(auto names, tags.ListAttachedTagNames(template_ref));
//   // names: {"os:bottlerocket"}
//
// vAPI has no lookup by name: categories and a category's tags are listed and read one by one.
// What GetCategory and GetTag read is cached by id (eksa never renames a tag or a category; one
// deleted meanwhile is not found when used), so a template's tags cost one list call plus one
// read per tag never seen before.
//
// Errors: RestSession::Call's (rest_error.h: kNotFound for an unknown id, kAlreadyExists for a
// name taken, ...). Ensure* tolerate a concurrent creator (already_exists → look it up again).
// Every call takes CallOptions (timeout, cancellation) for its REST calls. Thread-safe. The
// session must outlive it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/vsphere-agent/client/rest/rest_session.h"
#include "services/vsphere-agent/client/soap/moref.h"

namespace eksa::vsphere::rest {

struct Category {
  std::string id;  // "urn:vmomi:InventoryServiceCategory:<uuid>:GLOBAL"
  std::string name;
  std::string description;
  std::string cardinality;  // "SINGLE" or "MULTIPLE"
  std::vector<std::string> associable_types;
};

struct Tag {
  std::string id;  // "urn:vmomi:InventoryServiceTag:<uuid>:GLOBAL"
  std::string name;
  std::string description;
  std::string category_id;
};

// "category:name" → {category, name}, split at the first ':'. kInvalidArgument when either part
// is empty or there is no ':'.
[[nodiscard]] absl::StatusOr<std::pair<std::string, std::string>> ParseTagRef(std::string_view ref);

class Tagging {
 public:
  explicit Tagging(RestSession& rest) : rest_(rest) {}

  [[nodiscard]] absl::StatusOr<std::vector<std::string>> ListCategoryIds(
      const CallOptions& options = {}) const;
  [[nodiscard]] absl::StatusOr<Category> GetCategory(std::string_view id,
                                                     const CallOptions& options = {}) const;
  // The category named `name`, or nullopt.
  [[nodiscard]] absl::StatusOr<std::optional<Category>> FindCategory(
      std::string_view name, const CallOptions& options = {}) const;
  // Its id. `associable_types` empty: any type.
  [[nodiscard]] absl::StatusOr<std::string> CreateCategory(
      std::string_view name, std::string_view cardinality = "SINGLE",
      const std::vector<std::string>& associable_types = {}, const CallOptions& options = {}) const;
  // FindCategory, else CreateCategory as eksa's categories are made: cardinality MULTIPLE
  // (several tags of one category on a VM, e.g. two extra tags), associable with VirtualMachine.
  [[nodiscard]] absl::StatusOr<std::string> EnsureCategory(std::string_view name,
                                                           const CallOptions& options = {}) const;

  [[nodiscard]] absl::StatusOr<std::vector<std::string>> ListTagIdsForCategory(
      std::string_view category_id, const CallOptions& options = {}) const;
  [[nodiscard]] absl::StatusOr<Tag> GetTag(std::string_view id,
                                           const CallOptions& options = {}) const;
  // The tag `name` of category `category_id`, or nullopt.
  [[nodiscard]] absl::StatusOr<std::optional<Tag>> FindTag(std::string_view category_id,
                                                           std::string_view name,
                                                           const CallOptions& options = {}) const;
  [[nodiscard]] absl::StatusOr<std::string> CreateTag(std::string_view category_id,
                                                      std::string_view name,
                                                      const CallOptions& options = {}) const;
  // The id of tag `tag` in category `category`, creating either when missing.
  [[nodiscard]] absl::StatusOr<std::string> EnsureTag(std::string_view category,
                                                      std::string_view tag,
                                                      const CallOptions& options = {}) const;
  // "category:name" of tag `tag_id`; kNotFound ("tag <id> not found") when there is none.
  [[nodiscard]] absl::StatusOr<std::string> DescribeTag(std::string_view tag_id,
                                                        const CallOptions& options = {}) const;

  // Attaches / detaches tag `tag_id` to / from object `obj` (a MoRef: {"type","id"} on the wire).
  [[nodiscard]] absl::Status Attach(std::string_view tag_id, const soap::MoRef& obj,
                                    const CallOptions& options = {}) const;
  [[nodiscard]] absl::Status Detach(std::string_view tag_id, const soap::MoRef& obj,
                                    const CallOptions& options = {}) const;
  // The ids of the tags attached to `obj`.
  [[nodiscard]] absl::StatusOr<std::vector<std::string>> ListAttachedTagIds(
      const soap::MoRef& obj, const CallOptions& options = {}) const;
  // The tags attached to `obj` as "category:name", sorted (TemplateInfo.tags); a tag deleted
  // between the list and its read is left out.
  [[nodiscard]] absl::StatusOr<std::vector<std::string>> ListAttachedTagNames(
      const soap::MoRef& obj, const CallOptions& options = {}) const;
  // The objects tag `tag_id` is attached to (tag-association ?~action=list-attached-objects).
  [[nodiscard]] absl::StatusOr<std::vector<soap::MoRef>> ListAttachedObjects(
      std::string_view tag_id, const CallOptions& options = {}) const;

 private:
  // POST tag-association/id:<tag_id>?~action=<action> ("attach", "detach") of `obj`.
  absl::Status Associate(std::string_view action, std::string_view tag_id, const soap::MoRef& obj,
                         const CallOptions& options) const;

  RestSession& rest_;
  mutable absl::Mutex mu_;
  mutable std::map<std::string, Category, std::less<>> categories_ ABSL_GUARDED_BY(mu_);
  mutable std::map<std::string, Tag, std::less<>> tags_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::vsphere::rest
