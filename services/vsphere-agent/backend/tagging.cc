#include "services/vsphere-agent/backend/tagging.h"

#include <algorithm>
#include <string>

#include "libs/common/status.h"

namespace eksa::vsphere_agent::backend {
namespace {

using vsphere::soap::CallOptions;
using vsphere::transport::Method;

constexpr std::string_view kCategory = "/com/vmware/cis/tagging/category";
constexpr std::string_view kTag = "/com/vmware/cis/tagging/tag";
constexpr std::string_view kAssociation = "/com/vmware/cis/tagging/tag-association";

std::string IdPath(std::string_view base, std::string_view id) {
  return std::string(base) + "/id:" + std::string(id);
}

nlohmann::json ObjectId(const vsphere::soap::MoRef& obj) {
  return {{"object_id", {{"id", obj.value}, {"type", obj.type}}}};
}

// A JSON array of strings (vAPI omits empty lists: null is an empty one).
std::vector<std::string> Strings(const nlohmann::json& value) {
  std::vector<std::string> out;
  if (!value.is_array()) return out;
  for (const nlohmann::json& v : value) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

std::string StringField(const nlohmann::json& value, const char* name) {
  if (!value.is_object() || !value.contains(name) || !value[name].is_string()) return "";
  return value[name].get<std::string>();
}

}  // namespace

absl::StatusOr<std::pair<std::string, std::string>> ParseTagRef(std::string_view ref) {
  const size_t colon = ref.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == ref.size()) {
    return absl::InvalidArgumentError("tag \"" + std::string(ref) +
                                      "\" is not of the form category:name");
  }
  return std::make_pair(std::string(ref.substr(0, colon)), std::string(ref.substr(colon + 1)));
}

absl::StatusOr<Tagging::TagInfo> Tagging::Tag(std::string_view tag_id, const CallOptions& options) {
  {
    absl::MutexLock lock(&mu_);
    if (auto it = tags_.find(tag_id); it != tags_.end()) return it->second;
  }
  absl::StatusOr<nlohmann::json> v =
      rest_.Call(Method::kGet, IdPath(kTag, tag_id), nullptr, options);
  if (!v.ok()) {
    if (v.status().code() == absl::StatusCode::kNotFound) {
      return absl::NotFoundError("tag " + std::string(tag_id) + " not found");
    }
    return v.status();
  }
  TagInfo info{.name = StringField(*v, "name"), .category_id = StringField(*v, "category_id")};
  absl::MutexLock lock(&mu_);
  tags_.emplace(std::string(tag_id), info);
  return info;
}

absl::StatusOr<std::string> Tagging::CategoryName(std::string_view category_id,
                                                  const CallOptions& options) {
  {
    absl::MutexLock lock(&mu_);
    if (auto it = categories_.find(category_id); it != categories_.end()) return it->second;
  }
  absl::StatusOr<nlohmann::json> v =
      rest_.Call(Method::kGet, IdPath(kCategory, category_id), nullptr, options);
  if (!v.ok()) return v.status();
  std::string name = StringField(*v, "name");
  absl::MutexLock lock(&mu_);
  categories_.emplace(std::string(category_id), name);
  return name;
}

absl::StatusOr<std::string> Tagging::FindCategory(std::string_view name,
                                                  const CallOptions& options) {
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [id, n] : categories_) {
      if (n == name) return id;
    }
  }
  absl::StatusOr<nlohmann::json> ids = rest_.Call(Method::kGet, kCategory, nullptr, options);
  if (!ids.ok()) return ids.status();
  for (const std::string& id : Strings(*ids)) {
    absl::StatusOr<std::string> n = CategoryName(id, options);
    if (!n.ok() && n.status().code() == absl::StatusCode::kNotFound) continue;  // deleted since
    if (!n.ok()) return n.status();
    if (*n == name) return id;
  }
  return std::string();
}

absl::StatusOr<std::string> Tagging::DescribeTag(std::string_view tag_id,
                                                 const CallOptions& options) {
  absl::StatusOr<TagInfo> tag = Tag(tag_id, options);
  if (!tag.ok()) return tag.status();
  absl::StatusOr<std::string> category = CategoryName(tag->category_id, options);
  if (!category.ok()) return category.status();
  return *category + ":" + tag->name;
}

absl::StatusOr<std::vector<std::string>> Tagging::AttachedTags(const vsphere::soap::MoRef& obj,
                                                               const CallOptions& options) {
  absl::StatusOr<nlohmann::json> ids =
      rest_.Call(Method::kPost, std::string(kAssociation) + "?~action=list-attached-tags",
                 ObjectId(obj), options);
  if (!ids.ok()) return Annotate(ids.status(), "listing the tags of " + obj.ToString());
  std::vector<std::string> out;
  for (const std::string& id : Strings(*ids)) {
    absl::StatusOr<std::string> name = DescribeTag(id, options);
    if (!name.ok() && name.status().code() == absl::StatusCode::kNotFound) continue;
    if (!name.ok()) return name.status();
    out.push_back(*std::move(name));
  }
  std::sort(out.begin(), out.end());
  return out;
}

absl::StatusOr<std::string> Tagging::FindTag(std::string_view category, std::string_view name,
                                             const CallOptions& options) {
  const std::string what = "tag " + std::string(category) + ":" + std::string(name);
  absl::StatusOr<std::string> category_id = FindCategory(category, options);
  if (!category_id.ok()) return category_id.status();
  if (category_id->empty()) {
    return absl::NotFoundError(what + " not found: no category " + std::string(category));
  }
  absl::StatusOr<nlohmann::json> ids =
      rest_.Call(Method::kPost, IdPath(kTag, *category_id) + "?~action=list-tags-for-category",
                 nullptr, options);
  if (!ids.ok()) return ids.status();
  for (const std::string& id : Strings(*ids)) {
    absl::StatusOr<TagInfo> tag = Tag(id, options);
    if (!tag.ok() && tag.status().code() == absl::StatusCode::kNotFound) continue;
    if (!tag.ok()) return tag.status();
    if (tag->name == name) return id;
  }
  return absl::NotFoundError(what + " not found: category " + std::string(category) +
                             " has no tag " + std::string(name));
}

absl::StatusOr<std::string> Tagging::EnsureTag(std::string_view category, std::string_view name,
                                               const CallOptions& options) {
  absl::StatusOr<std::string> found = FindTag(category, name, options);
  if (found.ok() || found.status().code() != absl::StatusCode::kNotFound) return found;
  absl::StatusOr<std::string> category_id = FindCategory(category, options);
  if (!category_id.ok()) return category_id.status();
  if (category_id->empty()) {
    absl::StatusOr<nlohmann::json> made =
        rest_.Call(Method::kPost, kCategory,
                   {{"create_spec",
                     {{"name", category},
                      {"description", "created by eksa"},
                      {"cardinality", "MULTIPLE"},
                      {"associable_types", nlohmann::json::array({"VirtualMachine"})}}}},
                   options);
    if (!made.ok() && made.status().code() != absl::StatusCode::kAlreadyExists) {
      return Annotate(made.status(), "creating tag category " + std::string(category));
    }
    category_id = FindCategory(category, options);  // ours, or a concurrent creator's
    if (!category_id.ok()) return category_id.status();
    if (category_id->empty()) {
      return absl::InternalError("tag category " + std::string(category) +
                                 " not found after creating it");
    }
  }
  absl::StatusOr<nlohmann::json> made = rest_.Call(
      Method::kPost, kTag,
      {{"create_spec",
        {{"name", name}, {"description", "created by eksa"}, {"category_id", *category_id}}}},
      options);
  if (made.ok() && made->is_string()) return made->get<std::string>();
  if (!made.ok() && made.status().code() != absl::StatusCode::kAlreadyExists) {
    return Annotate(made.status(),
                    "creating tag " + std::string(category) + ":" + std::string(name));
  }
  return FindTag(category, name, options);
}

absl::Status Tagging::Attach(std::string_view tag_id, const vsphere::soap::MoRef& obj,
                             const CallOptions& options) {
  absl::StatusOr<nlohmann::json> r = rest_.Call(
      Method::kPost, IdPath(kAssociation, tag_id) + "?~action=attach", ObjectId(obj), options);
  if (!r.ok()) {
    return Annotate(r.status(), "attaching tag " + std::string(tag_id) + " to " + obj.ToString());
  }
  return absl::OkStatus();
}

}  // namespace eksa::vsphere_agent::backend
