// Tagging: vSphere tags and categories over the vAPI REST API (/rest/com/vmware/cis/tagging).
//
//   Tagging tags(*rest);
//   EKSA_ASSIGN_OR_RETURN(std::string os, tags.EnsureTag("os", "bottlerocket"));
//   EKSA_RETURN_IF_ERROR(tags.Attach(os, template_ref));
//   EKSA_ASSIGN_OR_RETURN(auto names, tags.ListAttachedTagNames(template_ref));  //
//   "os:bottlerocket"
//
// Errors: RestSession::Call's (rest_error.h: kNotFound for an unknown id, kAlreadyExists for a
// name taken, ...). Ensure* tolerate a concurrent creator (already_exists → look it up again).
// Thread-safe (stateless over the session).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
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

class Tagging {
 public:
  explicit Tagging(RestSession& rest) : rest_(rest) {}

  [[nodiscard]] absl::StatusOr<std::vector<std::string>> ListCategoryIds() const;
  [[nodiscard]] absl::StatusOr<Category> GetCategory(std::string_view id) const;
  // The category named `name` (listing and reading every category: vAPI has no find by name),
  // or nullopt.
  [[nodiscard]] absl::StatusOr<std::optional<Category>> FindCategory(std::string_view name) const;
  // Its id. `associable_types` empty: any type.
  [[nodiscard]] absl::StatusOr<std::string> CreateCategory(
      std::string_view name, std::string_view cardinality = "SINGLE",
      const std::vector<std::string>& associable_types = {}) const;
  // FindCategory, else CreateCategory.
  [[nodiscard]] absl::StatusOr<std::string> EnsureCategory(std::string_view name) const;

  [[nodiscard]] absl::StatusOr<std::vector<std::string>> ListTagIds() const;
  [[nodiscard]] absl::StatusOr<std::vector<std::string>> ListTagIdsForCategory(
      std::string_view category_id) const;
  [[nodiscard]] absl::StatusOr<Tag> GetTag(std::string_view id) const;
  // The tag `name` of category `category_id`, or nullopt.
  [[nodiscard]] absl::StatusOr<std::optional<Tag>> FindTag(std::string_view category_id,
                                                           std::string_view name) const;
  [[nodiscard]] absl::StatusOr<std::string> CreateTag(std::string_view category_id,
                                                      std::string_view name) const;
  // The id of tag `tag` in category `category`, creating either when missing.
  [[nodiscard]] absl::StatusOr<std::string> EnsureTag(std::string_view category,
                                                      std::string_view tag) const;

  // Attaches / detaches tag `tag_id` to / from object `obj` (a MoRef: {"type","id"} on the wire).
  [[nodiscard]] absl::Status Attach(std::string_view tag_id, const soap::MoRef& obj) const;
  [[nodiscard]] absl::Status Detach(std::string_view tag_id, const soap::MoRef& obj) const;
  // The ids of the tags attached to `obj`.
  [[nodiscard]] absl::StatusOr<std::vector<std::string>> ListAttachedTagIds(
      const soap::MoRef& obj) const;
  // The tags attached to `obj` as "category:name", sorted (TemplateInfo.tags).
  [[nodiscard]] absl::StatusOr<std::vector<std::string>> ListAttachedTagNames(
      const soap::MoRef& obj) const;

 private:
  RestSession& rest_;
};

}  // namespace eksa::vsphere::rest
