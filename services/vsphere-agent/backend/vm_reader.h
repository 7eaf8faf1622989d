// Finding and reading one VM for the VM RPCs: a VmRef (path, moref or instance UUID) to its
// reference, and its properties (and inventory path) read in one RetrievePropertiesEx.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "eksa/vsphere/v1/vsphere_agent.pb.h"
#include "services/vsphere-agent/backend/rpc_scope.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/vim/vm_info.h"

namespace eksa::vsphere_agent::backend {

// The properties a proto Vm needs (vm_proto.h). Not config.extraConfig: it holds the userdata.
const std::vector<std::string>& VmProtoPaths();

// A VM and its full inventory path.
struct LocatedVm {
  vsphere::vim::VmInfo info;
  std::string path;
};

// Where a VmRef points: the reference, and the path when the ref was one ("" otherwise).
struct VmLocation {
  vsphere::soap::MoRef ref;
  std::string path;
};

// Resolves `ref`: a path by SearchIndex.FindByInventoryPath (a relative one below the
// datacenter's vm folder), a moref as given (checked when read), an instance UUID by
// SearchIndex.FindByUuid in the datacenter. Errors: kInvalidArgument when no field is set;
// kNotFound naming the ref ("vm \"/DC0/vm/x\" not found", "no vm with instance uuid …
// in /DC0"), or a path naming something else ("\"/DC0/vm\" is a Folder, not a virtual
// machine"); the calls'.
[[nodiscard]] absl::StatusOr<VmLocation> LocateVm(RpcScope& rpc, std::string_view datacenter,
                                                  const ::eksa::vsphere::v1::VmRef& ref);

// VmProtoPaths of `vm` (plus config.extraConfig when `with_extra_config`). kNotFound ("vm
// vm-99 not found") when it does not exist.
[[nodiscard]] absl::StatusOr<vsphere::vim::VmInfo> ReadVm(RpcScope& rpc,
                                                          const vsphere::soap::MoRef& vm,
                                                          bool with_extra_config = false);

// ReadVm and the VM's inventory path, in one call (the VM's properties and its ancestors' names
// and parents). kNotFound when it does not exist.
[[nodiscard]] absl::StatusOr<LocatedVm> ReadVmWithPath(RpcScope& rpc,
                                                       const vsphere::soap::MoRef& vm);

// LocateVm then ReadVm (or ReadVmWithPath when the ref was not a path).
[[nodiscard]] absl::StatusOr<LocatedVm> FindVm(RpcScope& rpc, std::string_view datacenter,
                                               const ::eksa::vsphere::v1::VmRef& ref);

}  // namespace eksa::vsphere_agent::backend
