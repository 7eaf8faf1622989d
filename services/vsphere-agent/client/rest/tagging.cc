#include "services/vsphere-agent/client/rest/tagging.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/client/rest/json_fields.h"

namespace eksa::vsphere::rest {
namespace {

using transport::Method;

constexpr std::string_view kCategory = "/com/vmware/cis/tagging/category";
constexpr std::string_view kTag = "/com/vmware/cis/tagging/tag";
constexpr std::string_view kAssociation = "/com/vmware/cis/tagging/tag-association";

absl::string_view Absl(std::string_view s) { return {s.data(), s.size()}; }

nlohmann::json ObjectId(const soap::MoRef& obj) {
  return {{"object_id", {{"type", obj.type}, {"id", obj.value}}}};
}

absl::StatusOr<Category> DecodeCategory(const nlohmann::json& v) {
  Category c;
  for (auto [field, key] :
       {std::pair{&c.id, "id"}, std::pair{&c.name, "name"},
        std::pair{&c.description, "description"}, std::pair{&c.cardinality, "cardinality"}}) {
    absl::StatusOr<std::string> s = StringField(v, key, "category");
    if (!s.ok()) return s.status();
    *field = *std::move(s);
  }
  absl::StatusOr<std::vector<std::string>> types = StringArray(
      v.is_object() && v.contains("associable_types") ? v["associable_types"] : nlohmann::json(),
      "category associable_types");
  if (!types.ok()) return types.status();
  c.associable_types = *std::move(types);
  return c;
}

absl::StatusOr<Tag> DecodeTag(const nlohmann::json& v) {
  Tag t;
  for (auto [field, key] :
       {std::pair{&t.id, "id"}, std::pair{&t.name, "name"},
        std::pair{&t.description, "description"}, std::pair{&t.category_id, "category_id"}}) {
    absl::StatusOr<std::string> s = StringField(v, key, "tag");
    if (!s.ok()) return s.status();
    *field = *std::move(s);
  }
  return t;
}

absl::StatusOr<std::string> DecodeId(const absl::StatusOr<nlohmann::json>& v,
                                     std::string_view what) {
  if (!v.ok()) return v.status();
  if (!v->is_string()) {
    return absl::InternalError(absl::StrCat("decoding ", Absl(what), ": no id"));
  }
  return v->get<std::string>();
}

}  // namespace

absl::StatusOr<std::vector<std::string>> Tagging::ListCategoryIds() const {
  absl::StatusOr<nlohmann::json> v = rest_.Call(Method::kGet, kCategory);
  if (!v.ok()) return v.status();
  return StringArray(*v, "category ids");
}

absl::StatusOr<Category> Tagging::GetCategory(std::string_view id) const {
  absl::StatusOr<nlohmann::json> v =
      rest_.Call(Method::kGet, absl::StrCat(Absl(kCategory), "/id:", Absl(id)));
  if (!v.ok()) return v.status();
  return DecodeCategory(*v);
}

absl::StatusOr<std::optional<Category>> Tagging::FindCategory(std::string_view name) const {
  absl::StatusOr<std::vector<std::string>> ids = ListCategoryIds();
  if (!ids.ok()) return ids.status();
  for (const std::string& id : *ids) {
    absl::StatusOr<Category> c = GetCategory(id);
    if (!c.ok()) {
      if (c.status().code() == absl::StatusCode::kNotFound) continue;  // deleted meanwhile
      return c.status();
    }
    if (c->name == name) return std::optional<Category>(*std::move(c));
  }
  return std::optional<Category>();
}

absl::StatusOr<std::string> Tagging::CreateCategory(
    std::string_view name, std::string_view cardinality,
    const std::vector<std::string>& associable_types) const {
  nlohmann::json spec = {{"name", name},
                         {"description", ""},
                         {"cardinality", cardinality},
                         {"associable_types", associable_types}};
  return DecodeId(rest_.Call(Method::kPost, kCategory, nlohmann::json{{"create_spec", spec}}),
                  "created category");
}

absl::StatusOr<std::string> Tagging::EnsureCategory(std::string_view name) const {
  for (int attempt = 0; attempt < 2; ++attempt) {
    absl::StatusOr<std::optional<Category>> found = FindCategory(name);
    if (!found.ok()) return found.status();
    if (found->has_value()) return (*found)->id;
    absl::StatusOr<std::string> created = CreateCategory(name);
    if (created.ok() || created.status().code() != absl::StatusCode::kAlreadyExists) {
      return created;
    }
    // Created by someone else between the lookup and the create: look again.
  }
  return absl::AbortedError(
      absl::StrCat("category \"", Absl(name), "\" exists but could not be found"));
}

absl::StatusOr<std::vector<std::string>> Tagging::ListTagIds() const {
  absl::StatusOr<nlohmann::json> v = rest_.Call(Method::kGet, kTag);
  if (!v.ok()) return v.status();
  return StringArray(*v, "tag ids");
}

absl::StatusOr<std::vector<std::string>> Tagging::ListTagIdsForCategory(
    std::string_view category_id) const {
  absl::StatusOr<nlohmann::json> v = rest_.Call(
      Method::kPost,
      absl::StrCat(Absl(kTag), "/id:", Absl(category_id), "?~action=list-tags-for-category"));
  if (!v.ok()) return v.status();
  return StringArray(*v, "tag ids");
}

absl::StatusOr<Tag> Tagging::GetTag(std::string_view id) const {
  absl::StatusOr<nlohmann::json> v =
      rest_.Call(Method::kGet, absl::StrCat(Absl(kTag), "/id:", Absl(id)));
  if (!v.ok()) return v.status();
  return DecodeTag(*v);
}

absl::StatusOr<std::optional<Tag>> Tagging::FindTag(std::string_view category_id,
                                                    std::string_view name) const {
  absl::StatusOr<std::vector<std::string>> ids = ListTagIdsForCategory(category_id);
  if (!ids.ok()) return ids.status();
  for (const std::string& id : *ids) {
    absl::StatusOr<Tag> t = GetTag(id);
    if (!t.ok()) {
      if (t.status().code() == absl::StatusCode::kNotFound) continue;
      return t.status();
    }
    if (t->name == name) return std::optional<Tag>(*std::move(t));
  }
  return std::optional<Tag>();
}

absl::StatusOr<std::string> Tagging::CreateTag(std::string_view category_id,
                                               std::string_view name) const {
  nlohmann::json spec = {{"name", name}, {"description", ""}, {"category_id", category_id}};
  return DecodeId(rest_.Call(Method::kPost, kTag, nlohmann::json{{"create_spec", spec}}),
                  "created tag");
}

absl::StatusOr<std::string> Tagging::EnsureTag(std::string_view category,
                                               std::string_view tag) const {
  std::string what = absl::StrCat("ensuring tag ", Absl(category), ":", Absl(tag));
  absl::StatusOr<std::string> category_id = EnsureCategory(category);
  if (!category_id.ok()) return Annotate(category_id.status(), what);
  for (int attempt = 0; attempt < 2; ++attempt) {
    absl::StatusOr<std::optional<Tag>> found = FindTag(*category_id, tag);
    if (!found.ok()) return Annotate(found.status(), what);
    if (found->has_value()) return (*found)->id;
    absl::StatusOr<std::string> created = CreateTag(*category_id, tag);
    if (created.ok()) return created;
    if (created.status().code() != absl::StatusCode::kAlreadyExists) {
      return Annotate(created.status(), what);
    }
  }
  return absl::AbortedError(absl::StrCat(what, ": it exists but could not be found"));
}

absl::Status Tagging::Attach(std::string_view tag_id, const soap::MoRef& obj) const {
  return rest_
      .Call(Method::kPost,
            absl::StrCat(Absl(kAssociation), "/id:", Absl(tag_id), "?~action=attach"),
            ObjectId(obj))
      .status();
}

absl::Status Tagging::Detach(std::string_view tag_id, const soap::MoRef& obj) const {
  return rest_
      .Call(Method::kPost,
            absl::StrCat(Absl(kAssociation), "/id:", Absl(tag_id), "?~action=detach"),
            ObjectId(obj))
      .status();
}

absl::StatusOr<std::vector<std::string>> Tagging::ListAttachedTagIds(const soap::MoRef& obj) const {
  absl::StatusOr<nlohmann::json> v =
      rest_.Call(Method::kPost, absl::StrCat(Absl(kAssociation), "?~action=list-attached-tags"),
                 ObjectId(obj));
  if (!v.ok()) return v.status();
  return StringArray(*v, "attached tag ids");
}

absl::StatusOr<std::vector<std::string>> Tagging::ListAttachedTagNames(
    const soap::MoRef& obj) const {
  absl::StatusOr<std::vector<std::string>> ids = ListAttachedTagIds(obj);
  if (!ids.ok()) return ids.status();
  std::map<std::string, std::string> category_names;  // id → name, each read once
  std::vector<std::string> names;
  for (const std::string& id : *ids) {
    absl::StatusOr<Tag> tag = GetTag(id);
    if (!tag.ok()) return tag.status();
    auto it = category_names.find(tag->category_id);
    if (it == category_names.end()) {
      absl::StatusOr<Category> c = GetCategory(tag->category_id);
      if (!c.ok()) return c.status();
      it = category_names.emplace(tag->category_id, c->name).first;
    }
    names.push_back(absl::StrCat(it->second, ":", tag->name));
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace eksa::vsphere::rest
