// CreateVm: find the VM by name in its folder first — a VM there that eksa cloned from the same
// template (its eksa.template key) is adopted, so a retry never clones twice; anything else of
// that name is ALREADY_EXISTS. Otherwise clone the template (clone_plan.h) into the folder, pool
// and datastore, attach the tag ids, and power it on when asked. The folder, pool, datastore,
// networks and the template's facts come from the backend's caches after the first VM, so a
// clone costs FindChild, CloneVM_Task, one task read, PowerOnVM_Task and one read of the task
// and the VM together.
#include <string>
#include <vector>

#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/vsphere-agent/backend/clone_plan.h"
#include "services/vsphere-agent/backend/rpc_scope.h"
#include "services/vsphere-agent/backend/rpcs.h"
#include "services/vsphere-agent/backend/storage_policy.h"
#include "services/vsphere-agent/backend/vm_proto.h"
#include "services/vsphere-agent/backend/vm_reader.h"
#include "services/vsphere-agent/backend/vm_tasks.h"
#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/vim/folder.h"
#include "services/vsphere-agent/client/vim/virtual_machine.h"

namespace eksa::vsphere_agent::backend {
namespace {

namespace soap = vsphere::soap;
namespace vim = vsphere::vim;

absl::StatusOr<vim::InventoryObject> ResolveFolder(RpcScope& rpc, const vim::Datacenter& dc,
                                                   const std::string& folder) {
  if (folder.empty()) return vim::InventoryObject{dc.vm_folder, dc.object.path + "/vm"};
  absl::StatusOr<vim::InventoryObject> found = rpc.FindOne(dc, vim::ObjectKind::kFolder, folder);
  if (!found.ok() && found.status().code() == absl::StatusCode::kNotFound) {
    return Annotate(found.status(), "the VM folder must exist (CheckMachineConfig creates it)");
  }
  return found;
}

// The template's devices and snapshot, read once per cache period.
absl::StatusOr<vim::VmInfo> TemplateFacts(RpcScope& rpc, const vim::InventoryObject& tmpl) {
  return rpc.state().templates.GetOr(tmpl.ref.value, [&] { return ReadVm(rpc, tmpl.ref); });
}

absl::StatusOr<vim::NetworkBacking> Backing(RpcScope& rpc, const vim::InventoryObject& network) {
  return rpc.state().network_backings.GetOr(network.ref.value, [&] {
    const vim::PropertyCollector pc = rpc.pc();
    return vim::ResolveNetworkBacking(pc, network.ref);
  });
}

absl::Status AttachTags(RpcScope& rpc, const v1::CreateVmRequest& request, const soap::MoRef& vm) {
  vsphere::rest::Tagging& tagging = rpc.state().connection->tagging();
  std::vector<std::string> ids(request.tag_ids().begin(), request.tag_ids().end());
  for (const std::string& tag : request.tags()) {
    EKSA_ASSIGN_OR_RETURN(auto ref, vsphere::rest::ParseTagRef(tag));
    EKSA_ASSIGN_OR_RETURN(std::string id,
                          tagging.EnsureTag(ref.first, ref.second, rpc.RestOptions()));
    ids.push_back(std::move(id));
  }
  for (const std::string& tag : ids) {
    EKSA_RETURN_IF_ERROR(
        Annotate(tagging.Attach(tag, vm, rpc.RestOptions()), "attaching tag " + tag));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::CreateVmResponse> Respond(const vim::VmInfo& info, const std::string& path,
                                             bool created) {
  v1::CreateVmResponse response;
  *response.mutable_vm() = ToProtoVm(info, path);
  response.set_created(created);
  return response;
}

// The VM `existing`, named request.vm_name() in `folder`: adopted if eksa cloned it from the
// same template, ALREADY_EXISTS otherwise.
absl::StatusOr<v1::CreateVmResponse> Adopt(RpcScope& rpc, const v1::CreateVmRequest& request,
                                           const vim::Datacenter& dc,
                                           const vim::InventoryObject& folder,
                                           const soap::MoRef& existing) {
  const std::string path = ChildPath(folder.path, request.vm_name());
  if (existing.type != "VirtualMachine") {
    return absl::AlreadyExistsError(path + " is a " + existing.type + ", not a VM");
  }
  EKSA_ASSIGN_OR_RETURN(vim::VmInfo info, ReadVm(rpc, existing, /*with_extra_config=*/true));
  EKSA_ASSIGN_OR_RETURN(vim::InventoryObject tmpl,
                        rpc.FindOne(dc, vim::ObjectKind::kVirtualMachine, request.template_()));
  const std::optional<std::string> source = vim::FindOption(info.extra_config, kTemplateKey);
  if (info.is_template || source != tmpl.ref.value) {
    return absl::AlreadyExistsError(
        path + " already exists and was not cloned from template " + tmpl.path + " (" +
        (info.is_template ? std::string("it is a template")
         : source         ? "its eksa.template is " + *source + ", not " + tmpl.ref.value
                          : std::string("it has no eksa.template key: eksa did not clone it")) +
        ")");
  }
  const bool created = vim::FindOption(info.extra_config, kRequestIdKey) == request.request_id();
  EKSA_RETURN_IF_ERROR(AttachTags(rpc, request, existing));
  if (request.power_on() && info.power_state != "poweredOn") {
    EKSA_ASSIGN_OR_RETURN(info, PowerOn(rpc, existing));
  }
  return Respond(info, path, created);
}

absl::StatusOr<vim::CloneSpec> Plan(RpcScope& rpc, const v1::CreateVmRequest& request,
                                    const vim::Datacenter& dc, const vim::InventoryObject& folder,
                                    const vim::InventoryObject& tmpl, const vim::VmInfo& source,
                                    const std::string& profile_id) {
  CloneInputs in{
      .request = &request, .source = &source, .template_path = tmpl.path, .folder = folder};
  in.storage_profile_id = profile_id;
  EKSA_ASSIGN_OR_RETURN(in.pool,
                        rpc.FindOne(dc, vim::ObjectKind::kResourcePool, request.resource_pool()));
  if (!request.datastore().empty()) {
    EKSA_ASSIGN_OR_RETURN(in.datastore,
                          rpc.FindOne(dc, vim::ObjectKind::kDatastore, request.datastore()));
  }
  for (const std::string& name : request.networks()) {
    EKSA_ASSIGN_OR_RETURN(vim::InventoryObject network,
                          rpc.FindOne(dc, vim::ObjectKind::kNetwork, name));
    EKSA_ASSIGN_OR_RETURN(vim::NetworkBacking backing, Backing(rpc, network));
    in.networks.push_back(std::move(backing));
  }
  return BuildCloneSpec(in);
}

// `profile_id`: the storage policy's PBM profile id, empty for none.
absl::StatusOr<v1::CreateVmResponse> CreateOnce(RpcScope& rpc, const v1::CreateVmRequest& request,
                                                const std::string& profile_id) {
  EKSA_ASSIGN_OR_RETURN(vim::Datacenter dc, rpc.Datacenter(request.datacenter()));
  EKSA_ASSIGN_OR_RETURN(vim::InventoryObject folder, ResolveFolder(rpc, dc, request.folder()));
  const vim::Folder vms(rpc.caller(), rpc.content(), folder.ref);
  absl::StatusOr<soap::MoRef> existing = vms.FindChild(request.vm_name());
  if (existing.ok()) return Adopt(rpc, request, dc, folder, *existing);
  if (existing.status().code() != absl::StatusCode::kNotFound) return existing.status();

  EKSA_ASSIGN_OR_RETURN(vim::InventoryObject tmpl,
                        rpc.FindOne(dc, vim::ObjectKind::kVirtualMachine, request.template_()));
  EKSA_ASSIGN_OR_RETURN(vim::VmInfo source, TemplateFacts(rpc, tmpl));
  EKSA_ASSIGN_OR_RETURN(vim::CloneSpec spec,
                        Plan(rpc, request, dc, folder, tmpl, source, profile_id));
  const std::string path = ChildPath(folder.path, request.vm_name());
  const std::string what = "cloning template " + tmpl.path + " to " + path;
  vim::VirtualMachine from(rpc.caller(), rpc.content().property_collector, tmpl.ref);
  absl::StatusOr<vim::Task> task = from.Clone(spec);
  absl::StatusOr<vim::TaskInfo> done = task.ok() ? task->Wait(rpc.caller().WaitOptions())
                                                 : absl::StatusOr<vim::TaskInfo>(task.status());
  if (!done.ok() && soap::IsFault(done.status(), "DuplicateName")) {
    // A concurrent request cloned the same name first: adopt it like a retry would.
    EKSA_ASSIGN_OR_RETURN(soap::MoRef raced, vms.FindChild(request.vm_name()));
    return Adopt(rpc, request, dc, folder, raced);
  }
  if (!done.ok()) return Annotate(done.status(), what);
  const soap::MoRef vm = done->result;
  if (vm.empty()) return absl::InternalError(what + ": the clone task returned no VM");
  EKSA_RETURN_IF_ERROR(Annotate(AttachTags(rpc, request, vm), "tagging " + path));
  absl::StatusOr<vim::VmInfo> info = request.power_on() ? PowerOn(rpc, vm) : ReadVm(rpc, vm);
  if (!info.ok()) return Annotate(info.status(), path + " was cloned");
  return Respond(*info, path, /*created=*/true);
}

}  // namespace

absl::StatusOr<v1::CreateVmResponse> CreateVm(BackendState& state,
                                              const v1::CreateVmRequest& request,
                                              const CallContext& context) {
  EKSA_RETURN_IF_ERROR(ValidateCreateVm(request));
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<RpcScope> rpc, RpcScope::Begin(state, context));
  // The storage policy resolves (SPBM) before anything is looked up or cloned: an unknown name is
  // NOT_FOUND naming the policy, the vCenter and the policies it has.
  std::string profile_id;
  if (!request.storage_policy_name().empty()) {
    absl::StatusOr<std::string> id = ResolveStoragePolicy(*rpc, request.storage_policy_name());
    if (!id.ok()) return Annotate(id.status(), "storage_policy_name");
    profile_id = *std::move(id);
  }
  return WithFreshInventory<v1::CreateVmResponse>(
      state, [&] { return CreateOnce(*rpc, request, profile_id); });
}

}  // namespace eksa::vsphere_agent::backend
