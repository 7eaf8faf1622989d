#include "services/vsphere-agent/backend/vm_reader.h"

#include <memory>
#include <utility>

#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"
#include "services/vsphere-agent/client/vim/inventory_tree.h"
#include "services/vsphere-agent/client/vim/property_spec.h"

namespace eksa::vsphere_agent::backend {
namespace {

namespace soap = vsphere::soap;
namespace vim = vsphere::vim;
namespace v1 = ::eksa::vsphere::v1;

absl::Status VmNotFound(const soap::MoRef& vm, const absl::Status& cause) {
  if (cause.code() != absl::StatusCode::kNotFound) return cause;
  return absl::NotFoundError("vm " + vm.value + " not found");
}

absl::StatusOr<soap::MoRef> FindByInstanceUuid(RpcScope& rpc, std::string_view datacenter,
                                               const std::string& uuid) {
  EKSA_ASSIGN_OR_RETURN(vim::Datacenter dc, rpc.Datacenter(datacenter));
  soap::XmlWriter w;
  w.This(rpc.content().search_index)
      .Ref("datacenter", dc.object.ref)
      .Element("uuid", uuid)
      .Element("vmSearch", true)
      .Element("instanceUuid", true);
  EKSA_ASSIGN_OR_RETURN(soap::Response r, rpc.caller().Call("FindByUuid", std::move(w).Finish()));
  if (!r.returnval()) {
    return absl::NotFoundError("no vm with instance uuid " + uuid + " in " + dc.object.path);
  }
  return soap::ParseMoRef(r.returnval());
}

}  // namespace

const std::vector<std::string>& VmProtoPaths() { return vim::VmInfoPaths(false); }

absl::StatusOr<VmLocation> LocateVm(RpcScope& rpc, std::string_view datacenter,
                                    const v1::VmRef& ref) {
  switch (ref.ref_case()) {
    case v1::VmRef::kPath: {
      if (ref.path().empty()) return absl::InvalidArgumentError("vm.path: empty");
      if (ref.path().front() != '/') {
        EKSA_ASSIGN_OR_RETURN(vim::Datacenter dc, rpc.Datacenter(datacenter));
        EKSA_ASSIGN_OR_RETURN(
            vim::InventoryObject o,
            rpc.finder().FindOne(dc, vim::ObjectKind::kVirtualMachine, ref.path()));
        return VmLocation{o.ref, o.path};
      }
      absl::StatusOr<soap::MoRef> found = rpc.finder().FindByInventoryPath(ref.path());
      if (!found.ok()) {
        if (found.status().code() != absl::StatusCode::kNotFound) return found.status();
        return absl::NotFoundError("vm \"" + ref.path() + "\" not found");
      }
      if (found->type != "VirtualMachine") {
        return absl::NotFoundError("\"" + ref.path() + "\" is a " + found->type +
                                   ", not a virtual machine");
      }
      return VmLocation{*std::move(found), ref.path()};
    }
    case v1::VmRef::kMoref:
      if (ref.moref().empty()) return absl::InvalidArgumentError("vm.moref: empty");
      return VmLocation{{.type = "VirtualMachine", .value = ref.moref()}, ""};
    case v1::VmRef::kInstanceUuid: {
      if (ref.instance_uuid().empty()) return absl::InvalidArgumentError("vm.instance_uuid: empty");
      EKSA_ASSIGN_OR_RETURN(soap::MoRef found,
                            FindByInstanceUuid(rpc, datacenter, ref.instance_uuid()));
      return VmLocation{std::move(found), ""};
    }
    case v1::VmRef::REF_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("vm: set one of path, moref and instance_uuid");
}

absl::StatusOr<vim::VmInfo> ReadVm(RpcScope& rpc, const soap::MoRef& vm, bool with_extra_config) {
  std::vector<std::string> paths = VmProtoPaths();
  if (with_extra_config) paths.push_back("config.extraConfig");
  absl::StatusOr<vim::ObjectContents> c = rpc.pc().RetrieveOne(vm, std::move(paths));
  if (!c.ok()) return VmNotFound(vm, c.status());
  auto shared = std::make_shared<const vim::ObjectContents>(*std::move(c));
  return vim::DecodeVmInfo(shared->objects().front(), shared);
}

absl::StatusOr<LocatedVm> ReadVmWithPath(RpcScope& rpc, const soap::MoRef& vm) {
  vim::PropertyFilterSpec spec{
      .prop_set = {{.type = "VirtualMachine", .paths = VmProtoPaths()},
                   {.type = "ManagedEntity", .paths = {"name", "parent"}}},
      .object_set = {{.obj = vm, .skip = false, .select_set = {vim::TraverseParents()}}}};
  absl::StatusOr<vim::ObjectContents> c = rpc.pc().Retrieve(spec);
  if (!c.ok()) return VmNotFound(vm, c.status());
  auto shared = std::make_shared<const vim::ObjectContents>(*std::move(c));
  const vim::ObjectContent* content = shared->Find(vm);
  if (content == nullptr) return absl::NotFoundError("vm " + vm.value + " not found");
  EKSA_ASSIGN_OR_RETURN(vim::VmInfo info, vim::DecodeVmInfo(*content, shared));
  EKSA_ASSIGN_OR_RETURN(std::vector<vim::InventoryEntity> chain, vim::DecodeEntities(*shared));
  EKSA_ASSIGN_OR_RETURN(std::string path, vim::PathFromAncestors(chain, vm));
  return LocatedVm{std::move(info), std::move(path)};
}

absl::StatusOr<LocatedVm> FindVm(RpcScope& rpc, std::string_view datacenter, const v1::VmRef& ref) {
  EKSA_ASSIGN_OR_RETURN(VmLocation where, LocateVm(rpc, datacenter, ref));
  if (where.path.empty()) return ReadVmWithPath(rpc, where.ref);
  EKSA_ASSIGN_OR_RETURN(vim::VmInfo info, ReadVm(rpc, where.ref));
  return LocatedVm{std::move(info), std::move(where.path)};
}

}  // namespace eksa::vsphere_agent::backend
