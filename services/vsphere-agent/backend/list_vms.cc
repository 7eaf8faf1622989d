// ListVms: the VMs of a folder (and its subfolders when recursive), by name prefix, templates
// only when asked, sorted by name. One RetrievePropertiesEx: the VMs' properties and the
// subfolders' names and parents, from which each VM's path is built.
#include <algorithm>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/vsphere-agent/backend/rpc_scope.h"
#include "services/vsphere-agent/backend/rpcs.h"
#include "services/vsphere-agent/backend/vm_proto.h"
#include "services/vsphere-agent/backend/vm_reader.h"
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

}  // namespace

absl::StatusOr<v1::ListVmsResponse> ListVms(BackendState& state, const v1::ListVmsRequest& request,
                                            const CallContext& context) {
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<RpcScope> rpc, RpcScope::Begin(state, context));
  EKSA_ASSIGN_OR_RETURN(vim::Datacenter dc, rpc->Datacenter(request.datacenter()));
  vim::InventoryObject folder{dc.vm_folder, dc.object.path + "/vm"};
  if (!request.folder().empty()) {
    EKSA_ASSIGN_OR_RETURN(folder, rpc->FindOne(dc, vim::ObjectKind::kFolder, request.folder()));
  }
  absl::StatusOr<vim::ObjectContents> contents =
      rpc->pc().Retrieve(ListSpec(folder, request.recursive()));
  if (!contents.ok()) return Annotate(contents.status(), "listing the VMs of " + folder.path);
  auto shared = std::make_shared<const vim::ObjectContents>(*std::move(contents));
  EKSA_ASSIGN_OR_RETURN(std::vector<vim::InventoryEntity> entities, vim::DecodeEntities(*shared));
  const std::map<vim::MoRef, std::string> paths =
      vim::PathsBelow(entities, folder.ref, folder.path);
  v1::ListVmsResponse response;
  for (const vim::ObjectContent& o : shared->objects()) {
    if (o.obj.type != "VirtualMachine") continue;
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
