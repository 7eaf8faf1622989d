#include "services/vsphere-agent/client/rest/tagging.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"
#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/vsphere-agent/client/rest/json_fields.h"

namespace eksa::vsphere::rest {
namespace {

using transport::Method;

constexpr std::string_view kCategory = "/com/vmware/cis/tagging/category";
constexpr std::string_view kTag = "/com/vmware/cis/tagging/tag";
constexpr std::string_view kAssociation = "/com/vmware/cis/tagging/tag-association";

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

// GET <base>/id:<id> decoded by `decode`, or what `cache` (guarded by `mu`) holds for `id`.
template <typename T>
absl::StatusOr<T> ReadCached(absl::Mutex& mu, std::map<std::string, T, std::less<>>& cache,
                             RestSession& rest, std::string_view base, std::string_view id,
                             absl::StatusOr<T> (*decode)(const nlohmann::json&),
                             const CallOptions& options) {
  {
    absl::MutexLock lock(&mu);
    if (auto it = cache.find(id); it != cache.end()) return it->second;
  }
  EKSA_ASSIGN_OR_RETURN(
      nlohmann::json v,
      rest.Call(Method::kGet, absl::StrCat(AbslView(base), "/id:", AbslView(id)), {}, options));
  EKSA_ASSIGN_OR_RETURN(T value, decode(v));
  absl::MutexLock lock(&mu);
  cache.emplace(std::string(id), value);
  return value;
}

}  // namespace

absl::StatusOr<std::pair<std::string, std::string>> ParseTagRef(std::string_view ref) {
  const size_t colon = ref.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == ref.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("tag \"", AbslView(ref), "\" is not of the form category:name"));
  }
  return std::make_pair(std::string(ref.substr(0, colon)), std::string(ref.substr(colon + 1)));
}

absl::StatusOr<std::vector<std::string>> Tagging::ListCategoryIds(
    const CallOptions& options) const {
  EKSA_ASSIGN_OR_RETURN(nlohmann::json v, rest_.Call(Method::kGet, kCategory, {}, options));
  return StringArray(v, "category ids");
}

absl::StatusOr<Category> Tagging::GetCategory(std::string_view id,
                                              const CallOptions& options) const {
  return ReadCached(mu_, categories_, rest_, kCategory, id, DecodeCategory, options);
}

absl::StatusOr<std::optional<Category>> Tagging::FindCategory(std::string_view name,
                                                              const CallOptions& options) const {
  EKSA_ASSIGN_OR_RETURN(std::vector<std::string> ids, ListCategoryIds(options));
  for (const std::string& id : ids) {
    absl::StatusOr<Category> c = GetCategory(id, options);
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
    const std::vector<std::string>& associable_types, const CallOptions& options) const {
  nlohmann::json spec = {{"name", name},
                         {"description", "created by eksa"},
                         {"cardinality", cardinality},
                         {"associable_types", associable_types}};
  return CreatedId(
      rest_.Call(Method::kPost, kCategory, nlohmann::json{{"create_spec", spec}}, options),
      "created category");
}

absl::StatusOr<std::string> Tagging::EnsureCategory(std::string_view name,
                                                    const CallOptions& options) const {
  for (int attempt = 0; attempt < 2; ++attempt) {
    EKSA_ASSIGN_OR_RETURN(std::optional<Category> found, FindCategory(name, options));
    if (found.has_value()) return found->id;
    absl::StatusOr<std::string> created =
        CreateCategory(name, "MULTIPLE", {"VirtualMachine"}, options);
    if (created.ok() || created.status().code() != absl::StatusCode::kAlreadyExists) {
      return created;
    }
    // Created by someone else between the lookup and the create: look again.
  }
  return absl::AbortedError(
      absl::StrCat("category \"", AbslView(name), "\" exists but could not be found"));
}

absl::StatusOr<std::vector<std::string>> Tagging::ListTagIdsForCategory(
    std::string_view category_id, const CallOptions& options) const {
  EKSA_ASSIGN_OR_RETURN(nlohmann::json v,
                        rest_.Call(Method::kPost,
                                   absl::StrCat(AbslView(kTag), "/id:", AbslView(category_id),
                                                "?~action=list-tags-for-category"),
                                   {}, options));
  return StringArray(v, "tag ids");
}

absl::StatusOr<Tag> Tagging::GetTag(std::string_view id, const CallOptions& options) const {
  return ReadCached(mu_, tags_, rest_, kTag, id, DecodeTag, options);
}

absl::StatusOr<std::optional<Tag>> Tagging::FindTag(std::string_view category_id,
                                                    std::string_view name,
                                                    const CallOptions& options) const {
  EKSA_ASSIGN_OR_RETURN(std::vector<std::string> ids, ListTagIdsForCategory(category_id, options));
  for (const std::string& id : ids) {
    absl::StatusOr<Tag> t = GetTag(id, options);
    if (!t.ok()) {
      if (t.status().code() == absl::StatusCode::kNotFound) continue;
      return t.status();
    }
    if (t->name == name) return std::optional<Tag>(*std::move(t));
  }
  return std::optional<Tag>();
}

absl::StatusOr<std::string> Tagging::CreateTag(std::string_view category_id, std::string_view name,
                                               const CallOptions& options) const {
  nlohmann::json spec = {
      {"name", name}, {"description", "created by eksa"}, {"category_id", category_id}};
  return CreatedId(rest_.Call(Method::kPost, kTag, nlohmann::json{{"create_spec", spec}}, options),
                   "created tag");
}

absl::StatusOr<std::string> Tagging::EnsureTag(std::string_view category, std::string_view tag,
                                               const CallOptions& options) const {
  std::string what = absl::StrCat("ensuring tag ", AbslView(category), ":", AbslView(tag));
  absl::StatusOr<std::string> category_id = EnsureCategory(category, options);
  if (!category_id.ok()) return Annotate(category_id.status(), what);
  for (int attempt = 0; attempt < 2; ++attempt) {
    absl::StatusOr<std::optional<Tag>> found = FindTag(*category_id, tag, options);
    if (!found.ok()) return Annotate(found.status(), what);
    if (found->has_value()) return (*found)->id;
    absl::StatusOr<std::string> created = CreateTag(*category_id, tag, options);
    if (created.ok()) return created;
    if (created.status().code() != absl::StatusCode::kAlreadyExists) {
      return Annotate(created.status(), what);
    }
  }
  return absl::AbortedError(absl::StrCat(what, ": it exists but could not be found"));
}

absl::StatusOr<std::string> Tagging::DescribeTag(std::string_view tag_id,
                                                 const CallOptions& options) const {
  absl::StatusOr<Tag> tag = GetTag(tag_id, options);
  if (!tag.ok() && tag.status().code() == absl::StatusCode::kNotFound) {
    return absl::NotFoundError(absl::StrCat("tag ", AbslView(tag_id), " not found"));
  }
  if (!tag.ok()) return tag.status();
  EKSA_ASSIGN_OR_RETURN(Category category, GetCategory(tag->category_id, options));
  return absl::StrCat(category.name, ":", tag->name);
}

absl::Status Tagging::Attach(std::string_view tag_id, const soap::MoRef& obj,
                             const CallOptions& options) const {
  return Associate("attach", tag_id, obj, options);
}

absl::Status Tagging::Detach(std::string_view tag_id, const soap::MoRef& obj,
                             const CallOptions& options) const {
  return Associate("detach", tag_id, obj, options);
}

absl::Status Tagging::Associate(std::string_view action, std::string_view tag_id,
                                const soap::MoRef& obj, const CallOptions& options) const {
  return rest_
      .Call(Method::kPost,
            absl::StrCat(AbslView(kAssociation), "/id:", AbslView(tag_id),
                         "?~action=", AbslView(action)),
            ObjectId(obj), options)
      .status();
}

absl::StatusOr<std::vector<std::string>> Tagging::ListAttachedTagIds(
    const soap::MoRef& obj, const CallOptions& options) const {
  EKSA_ASSIGN_OR_RETURN(
      nlohmann::json v,
      rest_.Call(Method::kPost, absl::StrCat(AbslView(kAssociation), "?~action=list-attached-tags"),
                 ObjectId(obj), options));
  return StringArray(v, "attached tag ids");
}

absl::StatusOr<std::vector<std::string>> Tagging::ListAttachedTagNames(
    const soap::MoRef& obj, const CallOptions& options) const {
  EKSA_ASSIGN_OR_RETURN(std::vector<std::string> ids, ListAttachedTagIds(obj, options));
  std::vector<std::string> names;
  for (const std::string& id : ids) {
    absl::StatusOr<std::string> name = DescribeTag(id, options);
    if (!name.ok() && name.status().code() == absl::StatusCode::kNotFound) continue;
    if (!name.ok()) return name.status();
    names.push_back(*std::move(name));
  }
  std::sort(names.begin(), names.end());
  return names;
}

absl::StatusOr<std::vector<soap::MoRef>> Tagging::ListAttachedObjects(
    std::string_view tag_id, const CallOptions& options) const {
  EKSA_ASSIGN_OR_RETURN(nlohmann::json v,
                        rest_.Call(Method::kPost,
                                   absl::StrCat(AbslView(kAssociation), "/id:", AbslView(tag_id),
                                                "?~action=list-attached-objects"),
                                   nlohmann::json::object(), options));  // vcsim needs a body
  std::vector<soap::MoRef> objects;
  for (const nlohmann::json& o : v.is_array() ? v : nlohmann::json::array()) {
    EKSA_ASSIGN_OR_RETURN(std::string type, StringField(o, "type", "attached object"));
    EKSA_ASSIGN_OR_RETURN(std::string id, StringField(o, "id", "attached object"));
    objects.push_back({std::move(type), std::move(id)});
  }
  return objects;
}

}  // namespace eksa::vsphere::rest
