#include "services/vsphere-agent/client/vim/inventory_tree.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/client/vim/values.h"

namespace eksa::vsphere::vim {
namespace {

// The recursive descent used by ListSubtree. Each TraversalSpec names its type, so a real
// vCenter applies it only to that type (and subtypes); the simulator follows any object with the
// field, with the same result.
std::vector<SelectionSpec> DescendSpecs(SubtreeScope scope) {
  auto ref = [](const char* name) { return SelectionSpec{.name = name}; };
  if (scope == SubtreeScope::kFoldersOnly) {
    return {{.name = "folderChildren",
             .type = "Folder",
             .path = "childEntity",
             .select_set = {ref("folderChildren")}}};
  }
  std::vector<SelectionSpec> all_refs = {ref("folderChildren"), ref("dcVm"),      ref("dcHost"),
                                         ref("dcDatastore"),    ref("dcNetwork"), ref("crPool"),
                                         ref("crHost"),         ref("poolPool")};
  auto spec = [&](const char* name, const char* type, const char* path) {
    return SelectionSpec{.name = name, .type = type, .path = path, .select_set = all_refs};
  };
  return {spec("folderChildren", "Folder", "childEntity"),
          spec("dcVm", "Datacenter", "vmFolder"),
          spec("dcHost", "Datacenter", "hostFolder"),
          spec("dcDatastore", "Datacenter", "datastoreFolder"),
          spec("dcNetwork", "Datacenter", "networkFolder"),
          spec("crPool", "ComputeResource", "resourcePool"),
          spec("crHost", "ComputeResource", "host"),
          spec("poolPool", "ResourcePool", "resourcePool")};
}

PropertySpec NameAndParent() { return {.type = "ManagedEntity", .paths = {"name", "parent"}}; }

}  // namespace

absl::StatusOr<std::vector<InventoryEntity>> DecodeEntities(const ObjectContents& contents) {
  std::vector<InventoryEntity> out;
  for (const ObjectContent& o : contents.objects()) {
    InventoryEntity e{.ref = o.obj};
    absl::StatusOr<std::string> name = DecodeString(o.Get("name"));
    if (!name.ok()) return Annotate(name.status(), o.obj.ToString());
    e.name = *std::move(name);
    if (pugi::xml_node parent = o.Get("parent")) {
      absl::StatusOr<MoRef> p = DecodeMoRef(parent);
      if (!p.ok()) return Annotate(p.status(), o.obj.ToString());
      e.parent = *std::move(p);
    }
    out.push_back(std::move(e));
  }
  return out;
}

absl::StatusOr<std::vector<InventoryEntity>> ListSubtree(const PropertyCollector& pc,
                                                         const soap::MoRef& base,
                                                         SubtreeScope scope) {
  PropertyFilterSpec spec{
      .prop_set = {NameAndParent()},
      .object_set = {{.obj = base, .skip = true, .select_set = DescendSpecs(scope)}}};
  absl::StatusOr<ObjectContents> contents = pc.Retrieve(spec);
  if (!contents.ok()) return Annotate(contents.status(), absl::StrCat("listing ", base.ToString()));
  return DecodeEntities(*contents);
}

std::map<soap::MoRef, std::string> PathsBelow(const std::vector<InventoryEntity>& entities,
                                              const soap::MoRef& base,
                                              const std::string& base_path) {
  std::map<soap::MoRef, const InventoryEntity*> by_ref;
  for (const InventoryEntity& e : entities) by_ref[e.ref] = &e;
  std::map<soap::MoRef, std::string> paths;
  std::string prefix = base_path == "/" ? "" : base_path;
  for (const InventoryEntity& e : entities) {
    std::vector<const std::string*> names;
    const InventoryEntity* cur = &e;
    // Bounded by the number of entities: a cycle (a broken server) cannot loop forever.
    for (size_t steps = 0; cur != nullptr && steps <= entities.size(); ++steps) {
      names.push_back(&cur->name);
      if (cur->parent == base) {
        std::string path = prefix;
        for (auto it = names.rbegin(); it != names.rend(); ++it) absl::StrAppend(&path, "/", **it);
        paths[e.ref] = std::move(path);
        break;
      }
      auto it = by_ref.find(cur->parent);
      cur = it == by_ref.end() ? nullptr : it->second;
    }
  }
  return paths;
}

absl::StatusOr<std::string> PathFromAncestors(const std::vector<InventoryEntity>& chain,
                                              const soap::MoRef& obj) {
  std::map<soap::MoRef, const InventoryEntity*> by_ref;
  for (const InventoryEntity& e : chain) by_ref[e.ref] = &e;
  std::vector<std::string> names;
  soap::MoRef cur = obj;
  for (size_t steps = 0; steps <= chain.size(); ++steps) {
    auto it = by_ref.find(cur);
    if (it == by_ref.end()) {
      return absl::InternalError(absl::StrCat("path of ", obj.ToString(), ": ancestor ",
                                              cur.ToString(), " missing from the answer"));
    }
    if (it->second->parent.empty()) {  // the root folder: not part of the path
      std::reverse(names.begin(), names.end());
      std::string path;
      for (const std::string& n : names) absl::StrAppend(&path, "/", n);
      return path.empty() ? std::string("/") : path;
    }
    names.push_back(it->second->name);
    cur = it->second->parent;
  }
  return absl::InternalError(absl::StrCat("path of ", obj.ToString(), ": parent cycle"));
}

absl::StatusOr<std::string> InventoryPathOf(const PropertyCollector& pc, const soap::MoRef& obj) {
  PropertyFilterSpec spec{.prop_set = {NameAndParent()},
                          .object_set = {{.obj = obj, .select_set = {TraverseParents()}}}};
  absl::StatusOr<ObjectContents> contents = pc.Retrieve(spec);
  if (!contents.ok()) {
    return Annotate(contents.status(), absl::StrCat("finding the path of ", obj.ToString()));
  }
  if (contents->Find(obj) == nullptr) {
    return absl::NotFoundError(absl::StrCat(obj.ToString(), " not found"));
  }
  absl::StatusOr<std::vector<InventoryEntity>> chain = DecodeEntities(*contents);
  if (!chain.ok()) return chain.status();
  return PathFromAncestors(*chain, obj);
}

}  // namespace eksa::vsphere::vim
