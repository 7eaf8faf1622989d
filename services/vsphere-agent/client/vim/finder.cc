#include "services/vsphere-agent/client/vim/finder.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/absl_view.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"
#include "services/vsphere-agent/client/vim/inventory_path.h"
#include "services/vsphere-agent/client/vim/values.h"

namespace eksa::vsphere::vim {
namespace {

const std::vector<std::string>& TypesOf(ObjectKind kind) {
  static const auto* const kDatastore = new std::vector<std::string>{"Datastore"};
  static const auto* const kNetwork =
      new std::vector<std::string>{"Network", "DistributedVirtualPortgroup", "OpaqueNetwork"};
  static const auto* const kFolder = new std::vector<std::string>{"Folder"};
  static const auto* const kVm = new std::vector<std::string>{"VirtualMachine"};
  static const auto* const kPool = new std::vector<std::string>{"ResourcePool", "VirtualApp"};
  switch (kind) {
    case ObjectKind::kDatastore:
      return *kDatastore;
    case ObjectKind::kNetwork:
      return *kNetwork;
    case ObjectKind::kFolder:
      return *kFolder;
    case ObjectKind::kVirtualMachine:
      return *kVm;
    case ObjectKind::kResourcePool:
      return *kPool;
  }
  return *kFolder;
}

bool OneOf(const std::string& type, const std::vector<std::string>& types) {
  return std::find(types.begin(), types.end(), type) != types.end();
}

std::string Quote(std::string_view s) { return absl::StrCat("\"", AbslView(s), "\""); }

}  // namespace

std::string_view ObjectKindName(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kDatastore:
      return "datastore";
    case ObjectKind::kNetwork:
      return "network";
    case ObjectKind::kFolder:
      return "folder";
    case ObjectKind::kVirtualMachine:
      return "virtual machine";
    case ObjectKind::kResourcePool:
      return "resource pool";
  }
  return "object";
}

Finder::Finder(soap::Caller& caller, const session::ServiceContent& content)
    : caller_(caller), content_(content), pc_(caller, content.property_collector) {}

absl::StatusOr<soap::MoRef> Finder::FindByInventoryPath(std::string_view path) const {
  soap::XmlWriter w;
  w.This(content_.search_index).Element("inventoryPath", path);
  absl::StatusOr<soap::Response> r = caller_.Call("FindByInventoryPath", std::move(w).Finish());
  if (!r.ok()) return Annotate(r.status(), absl::StrCat("finding ", Quote(path)));
  if (!r->returnval()) return absl::NotFoundError(absl::StrCat(Quote(path), " not found"));
  return soap::ParseMoRef(r->returnval());
}

absl::StatusOr<std::string> Finder::InventoryPath(const soap::MoRef& obj) const {
  return InventoryPathOf(pc_, obj);
}

absl::StatusOr<std::vector<InventoryObject>> Finder::ResolvePath(
    const std::string& path, const std::vector<std::string>& types, std::string_view what) const {
  absl::StatusOr<soap::MoRef> ref = FindByInventoryPath(path);
  if (!ref.ok()) {
    if (ref.status().code() != absl::StatusCode::kNotFound) return ref.status();
    return absl::NotFoundError(absl::StrCat(AbslView(what), " ", Quote(path), " not found"));
  }
  if (!OneOf(ref->type, types)) {
    return absl::NotFoundError(
        absl::StrCat(Quote(path), " is a ", ref->type, ", not a ", AbslView(what)));
  }
  return std::vector<InventoryObject>{{*std::move(ref), path}};
}

absl::StatusOr<std::vector<InventoryObject>> Finder::Resolve(const Base& base,
                                                             const std::vector<std::string>& types,
                                                             std::string_view what,
                                                             std::string_view arg) const {
  if (arg.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("empty ", AbslView(what), " name"));
  }
  PathForm form = ClassifyPath(arg);
  std::string full =
      form == PathForm::kAbsolute ? JoinPath(SplitPath(arg)) : vim::ResolvePath(base.path, arg);
  std::vector<std::string> patterns = SplitPath(full);
  if (std::find(patterns.begin(), patterns.end(), "..") != patterns.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat(AbslView(what), " ", Quote(arg), ": \"..\" is not supported in paths"));
  }
  if (form != PathForm::kName && !HasGlob(full)) return ResolvePath(full, types, what);

  // A name or a glob: list the subtree below the deepest fixed ancestor and match.
  Base start = base;
  if (form != PathForm::kName) {
    std::vector<std::string> fixed;
    for (const std::string& p : patterns) {
      if (HasGlob(p)) break;
      fixed.push_back(p);
    }
    start.path = JoinPath(fixed);
    if (fixed.empty()) {
      start.ref = content_.root_folder;
    } else {
      absl::StatusOr<soap::MoRef> ref = FindByInventoryPath(start.path);
      if (!ref.ok()) {
        if (ref.status().code() != absl::StatusCode::kNotFound) return ref.status();
        return absl::NotFoundError(
            absl::StrCat(AbslView(what), " ", Quote(arg), " not found: ", ref.status().message()));
      }
      start.ref = *std::move(ref);
    }
  }
  absl::StatusOr<std::vector<InventoryEntity>> entities = ListSubtree(pc_, start.ref, start.scope);
  if (!entities.ok()) return entities.status();
  std::map<soap::MoRef, std::string> paths = PathsBelow(*entities, start.ref, start.path);
  std::vector<InventoryObject> found;
  for (const InventoryEntity& e : *entities) {
    auto path = paths.find(e.ref);
    if (!OneOf(e.ref.type, types) || path == paths.end()) continue;
    bool match = form == PathForm::kName ? MatchComponent(arg, e.name)
                                         : MatchPath(patterns, SplitPath(path->second));
    if (match) found.push_back({e.ref, path->second});
  }
  if (found.empty()) {
    std::string where = form == PathForm::kName       ? absl::StrCat(" in ", base.path)
                        : form == PathForm::kRelative ? absl::StrCat(" (", full, ")")
                                                      : "";
    return absl::NotFoundError(absl::StrCat(AbslView(what), " ", Quote(arg), " not found", where));
  }
  std::sort(found.begin(), found.end(),
            [](const InventoryObject& a, const InventoryObject& b) { return a.path < b.path; });
  return found;
}

absl::StatusOr<Datacenter> Finder::FindDatacenter(std::string_view arg) const {
  absl::StatusOr<std::vector<InventoryObject>> all = Resolve(
      {content_.root_folder, "/", SubtreeScope::kFoldersOnly}, {"Datacenter"}, "datacenter", arg);
  if (!all.ok()) return all.status();
  if (all->size() > 1) {
    std::vector<std::string> paths;
    for (const InventoryObject& o : *all) paths.push_back(o.path);
    return absl::FailedPreconditionError(absl::StrCat("datacenter ", Quote(arg), " resolves to ",
                                                      all->size(),
                                                      " objects: ", absl::StrJoin(paths, ", ")));
  }
  Datacenter dc{.object = all->front()};
  absl::StatusOr<ObjectContents> folders = pc_.RetrieveOne(
      dc.object.ref, {"vmFolder", "hostFolder", "datastoreFolder", "networkFolder"});
  if (!folders.ok()) return Annotate(folders.status(), absl::StrCat("reading ", dc.object.path));
  const ObjectContent& c = folders->objects().front();
  for (auto [name, field] :
       {std::pair{"vmFolder", &dc.vm_folder}, std::pair{"hostFolder", &dc.host_folder},
        std::pair{"datastoreFolder", &dc.datastore_folder},
        std::pair{"networkFolder", &dc.network_folder}}) {
    absl::StatusOr<soap::MoRef> ref = DecodeMoRef(c.Get(name));
    if (!ref.ok()) return Annotate(ref.status(), absl::StrCat("reading ", dc.object.path));
    *field = *std::move(ref);
  }
  return dc;
}

absl::StatusOr<std::vector<InventoryObject>> Finder::FindAll(const Datacenter& dc, ObjectKind kind,
                                                             std::string_view arg) const {
  Base base{.scope = SubtreeScope::kEverything};
  switch (kind) {
    case ObjectKind::kDatastore:
      base.ref = dc.datastore_folder;
      base.path = dc.object.path + "/datastore";
      break;
    case ObjectKind::kNetwork:
      base.ref = dc.network_folder;
      base.path = dc.object.path + "/network";
      break;
    case ObjectKind::kFolder:
    case ObjectKind::kVirtualMachine:
      base.ref = dc.vm_folder;
      base.path = dc.object.path + "/vm";
      break;
    case ObjectKind::kResourcePool:
      base.ref = dc.host_folder;
      base.path = dc.object.path + "/host";
      break;
  }
  return Resolve(base, TypesOf(kind), ObjectKindName(kind), arg);
}

absl::StatusOr<InventoryObject> Finder::FindOne(const Datacenter& dc, ObjectKind kind,
                                                std::string_view arg) const {
  absl::StatusOr<std::vector<InventoryObject>> all = FindAll(dc, kind, arg);
  if (!all.ok()) return all.status();
  if (all->size() == 1) return all->front();
  std::vector<std::string> paths;
  for (const InventoryObject& o : *all) paths.push_back(o.path);
  return absl::FailedPreconditionError(absl::StrCat(AbslView(ObjectKindName(kind)), " ", Quote(arg),
                                                    " resolves to ", all->size(),
                                                    " objects: ", absl::StrJoin(paths, ", ")));
}

}  // namespace eksa::vsphere::vim
