// ListVms: the VMs of a folder (and its subfolders when recursive), by name prefix and tags,
// templates only when asked, sorted by name. One RetrievePropertiesEx: the VMs' properties and the
// subfolders' names and parents, from which each VM's path is built; per tag, the objects it is
// attached to (vAPI tag-association list-attached-objects).
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/vsphere-agent/backend/rpc_scope.h"
#include "services/vsphere-agent/backend/rpcs.h"
#include "services/vsphere-agent/backend/vm_proto.h"
#include "services/vsphere-agent/backend/vm_reader.h"
#include "services/vsphere-agent/client/rest/tagging.h"
#include "services/vsphere-agent/client/vim/inventory_tree.h"
#include "services/vsphere-agent/client/vim/property_spec.h"

namespace eksa::vsphere_agent::backend {
namespace {

namespace vim = vsphere::vim;

vim::PropertyFilterSpec ListSpec(const vim::InventoryObject& folder, bool recursive) {
  vim::SelectionSpec children{
      .name = "eksaFolderChildren", .type = "Folder", .path = "childEntity"};
  if (recursive) children.select_set.push_back({.name = children.name});
  return {.prop_set = {{.type = "VirtualMachine", .paths = VmProtoPaths()},
                       {.type = "Folder", .paths = {"name", "parent"}}},
          .object_set = {{.obj = folder.ref, .skip = true, .select_set = {std::move(children)}}}};
}

// The VMs carrying every tag of `tags` ("category:name"); nullopt when `tags` is empty (no filter).
absl::StatusOr<std::optional<std::set<std::string>>> TaggedVms(
    RpcScope& rpc, const google::protobuf::RepeatedPtrField<std::string>& tags) {
  if (tags.empty()) return std::optional<std::set<std::string>>();
  vsphere::rest::Tagging& tagging = rpc.state().connection->tagging();
  std::optional<std::set<std::string>> vms;
  for (const std::string& tag : tags) {
    EKSA_ASSIGN_OR_RETURN(auto ref, vsphere::rest::ParseTagRef(tag));
    std::set<std::string> carrying;
    EKSA_ASSIGN_OR_RETURN(std::optional<vsphere::rest::Category> category,
                          tagging.FindCategory(ref.first, rpc.RestOptions()));
    std::optional<vsphere::rest::Tag> found;
    if (category.has_value()) {
      EKSA_ASSIGN_OR_RETURN(found, tagging.FindTag(category->id, ref.second, rpc.RestOptions()));
    }
    if (found.has_value()) {
      EKSA_ASSIGN_OR_RETURN(std::vector<vsphere::soap::MoRef> objects,
                            tagging.ListAttachedObjects(found->id, rpc.RestOptions()));
      for (const vsphere::soap::MoRef& o : objects) {
        if (o.type == "VirtualMachine" && (!vms || vms->count(o.value))) carrying.insert(o.value);
      }
    }
    vms = std::move(carrying);
  }
  return vms;
}

}  // namespace

absl::StatusOr<v1::ListVmsResponse> ListVms(BackendState& state, const v1::ListVmsRequest& request,
                                            const CallContext& context) {
  for (int i = 0; i < request.tags_size(); ++i) {
    if (absl::Status s = vsphere::rest::ParseTagRef(request.tags(i)).status(); !s.ok()) {
      return absl::InvalidArgumentError("tags[" + std::to_string(i) +
                                        "]: " + std::string(s.message()));
    }
  }
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<RpcScope> rpc, RpcScope::Begin(state, context));
  EKSA_ASSIGN_OR_RETURN(vim::Datacenter dc, rpc->Datacenter(request.datacenter()));
  vim::InventoryObject folder{dc.vm_folder, dc.object.path + "/vm"};
  if (!request.folder().empty()) {
    EKSA_ASSIGN_OR_RETURN(folder, rpc->FindOne(dc, vim::ObjectKind::kFolder, request.folder()));
  }
  absl::StatusOr<vim::ObjectContents> contents =
      rpc->pc().Retrieve(ListSpec(folder, request.recursive()));
  if (!contents.ok()) return Annotate(contents.status(), "listing the VMs of " + folder.path);
  absl::StatusOr<std::optional<std::set<std::string>>> tagged = TaggedVms(*rpc, request.tags());
  if (!tagged.ok())
    return Annotate(tagged.status(),
                    "listing the VMs tagged " + absl::StrJoin(request.tags(), ", "));
  auto shared = std::make_shared<const vim::ObjectContents>(*std::move(contents));
  EKSA_ASSIGN_OR_RETURN(std::vector<vim::InventoryEntity> entities, vim::DecodeEntities(*shared));
  const std::map<vim::MoRef, std::string> paths =
      vim::PathsBelow(entities, folder.ref, folder.path);
  v1::ListVmsResponse response;
  for (const vim::ObjectContent& o : shared->objects()) {
    if (o.obj.type != "VirtualMachine") continue;
    if (tagged->has_value() && !(*tagged)->count(o.obj.value)) continue;
    EKSA_ASSIGN_OR_RETURN(vim::VmInfo info, vim::DecodeVmInfo(o, shared));
    if (!absl::StartsWith(info.name, request.name_prefix())) continue;
    if (info.is_template && !request.include_templates()) continue;
    auto path = paths.find(o.obj);
    *response.add_vms() =
        ToProtoVm(info, path != paths.end() ? path->second : ChildPath(folder.path, info.name));
  }
  std::sort(response.mutable_vms()->begin(), response.mutable_vms()->end(),
            [](const v1::Vm& a, const v1::Vm& b) {
              return a.name() != b.name() ? a.name() < b.name() : a.path() < b.path();
            });
  return response;
}

}  // namespace eksa::vsphere_agent::backend
