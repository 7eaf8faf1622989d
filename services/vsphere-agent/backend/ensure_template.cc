// EnsureTemplate: the template folder (default /<dc>/vm/Templates) is made when missing; a VM of
// the template's name in it is adopted, else the OVA is imported — ova_url through the content
// library (content_library.h: vCenter pulls it, as EKS-A's library.import -pull), ova_path by an
// OVF import through an HttpNfcLease (the disks streamed from the agent's host, progress
// reported to vCenter); then
// template_finish.h completes what is not done yet (Bottlerocket disks, snapshot, template flag,
// tags). Requests for the same template path are serialised in this backend (KeyedLock), so
// two request ids import once and the second adopts.
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "libs/common/log.h"
#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/vsphere-agent/backend/file_sha256.h"
#include "services/vsphere-agent/backend/library_import.h"
#include "services/vsphere-agent/backend/rpc_scope.h"
#include "services/vsphere-agent/backend/rpcs.h"
#include "services/vsphere-agent/backend/template_facts.h"
#include "services/vsphere-agent/backend/template_finish.h"
#include "services/vsphere-agent/backend/vm_proto.h"
#include "services/vsphere-agent/backend/vm_reader.h"
#include "services/vsphere-agent/client/vim/folder.h"
#include "services/vsphere-agent/client/vim/ovf_import.h"
#include "services/vsphere-agent/client/vim/ovf_package.h"

namespace eksa::vsphere_agent::backend {
namespace {

namespace soap = vsphere::soap;
namespace vim = vsphere::vim;

constexpr std::string_view kDefaultLibrary = "eks-a-templates";

absl::Status Validate(const v1::EnsureTemplateRequest& r) {
  if (r.template_name().empty()) return absl::InvalidArgumentError("template_name: empty");
  if (r.template_name().find('/') != std::string::npos) {
    return absl::InvalidArgumentError("template_name: \"" + r.template_name() +
                                      "\" is a path; give the name and template_folder");
  }
  if (r.os_family() == v1::OS_FAMILY_UNSPECIFIED) {
    return absl::InvalidArgumentError("os_family: OS_FAMILY_UNSPECIFIED");
  }
  for (const std::string& tag : r.extra_tags()) {
    if (absl::StatusOr<std::pair<std::string, std::string>> t = vsphere::rest::ParseTagRef(tag);
        !t.ok()) {
      return absl::InvalidArgumentError("extra_tags: " + std::string(t.status().message()));
    }
  }
  return absl::OkStatus();
}

// Imports request.ova_path() as a VM named template_name into `folder`.
absl::StatusOr<soap::MoRef> Import(RpcScope& rpc, const v1::EnsureTemplateRequest& request,
                                   const vim::Datacenter& dc, const vim::EnsuredFolder& folder,
                                   const std::string& path) {
  const bool by_url =
      request.ova_source_case() == v1::EnsureTemplateRequest::kOvaUrl && !request.ova_url().empty();
  const bool by_path = request.ova_source_case() == v1::EnsureTemplateRequest::kOvaPath &&
                       !request.ova_path().empty();
  if (!by_url && !by_path) {
    return absl::NotFoundError("template " + path +
                               " does not exist and the request names no OVA to import it from");
  }
  if (request.datastore().empty() || request.resource_pool().empty()) {
    return absl::InvalidArgumentError(
        "datastore and resource_pool are required to import template " + path);
  }
  EKSA_ASSIGN_OR_RETURN(vim::InventoryObject ds,
                        rpc.FindOne(dc, vim::ObjectKind::kDatastore, request.datastore()));
  EKSA_ASSIGN_OR_RETURN(vim::InventoryObject pool,
                        rpc.FindOne(dc, vim::ObjectKind::kResourcePool, request.resource_pool()));
  const log::Logger logger =
      log::Logger().With("template", path).With("requestId", request.request_id());
  if (by_url) {
    logger.Info(2, "Importing template through the content library", {{"ova", request.ova_url()}});
    return ImportThroughLibrary(
        rpc.state().connection->rest(),
        {.library = request.content_library().empty() ? std::string(kDefaultLibrary)
                                                      : request.content_library(),
         .item = request.template_name(),
         .url = request.ova_url(),
         .sha256 = absl::AsciiStrToLower(request.ova_sha256()),
         .datastore = ds.ref,
         .pool = pool.ref,
         .folder = folder.ref,
         .vm_name = request.template_name()},
        rpc.context().deadline, rpc.context().cancelled);
  }
  if (!request.ova_sha256().empty()) {
    EKSA_RETURN_IF_ERROR(VerifyFileSha256(request.ova_path(), request.ova_sha256()));
  }
  EKSA_ASSIGN_OR_RETURN(vim::OvfPackage package, vim::OvfPackage::Open(request.ova_path()));
  logger.Info(2, "Importing template", {{"ova", request.ova_path()}});
  int last = -10;
  return vim::ImportOvf(
      rpc.caller(), rpc.content(), rpc.state().connection->transport(), package,
      {.entity_name = request.template_name(),
       .pool = pool.ref,
       .folder = folder.ref,
       .datastore = ds.ref},
      {.deadline = rpc.context().deadline,
       .on_progress =
           [&](int percent) {
             if (percent >= last + 10) {
               last = percent;
               logger.Info(4, "Uploading template disks", {{"percent", std::to_string(percent)}});
             }
           },
       .cancelled = rpc.context().cancelled});
}

absl::StatusOr<v1::EnsureTemplateResponse> EnsureOnce(RpcScope& rpc,
                                                      const v1::EnsureTemplateRequest& request) {
  EKSA_ASSIGN_OR_RETURN(vim::Datacenter dc, rpc.Datacenter(request.datacenter()));
  const std::string folder_arg = request.template_folder().empty()
                                     ? dc.object.path + "/vm/Templates"
                                     : request.template_folder();
  EKSA_ASSIGN_OR_RETURN(vim::EnsuredFolder folder,
                        vim::EnsureFolderPath(rpc.caller(), rpc.content(), dc, folder_arg));
  // EnsureFolderPath always returns the folder's full path.
  const std::string path = ChildPath(folder.path, request.template_name());
  const std::string made = "template:" + path;
  KeyedLock::Hold hold = rpc.state().template_locks.Lock(path);

  const vim::Folder templates(rpc.caller(), rpc.content(), folder.ref);
  absl::StatusOr<soap::MoRef> existing = templates.FindChild(request.template_name());
  if (!existing.ok() && existing.status().code() != absl::StatusCode::kNotFound) {
    return existing.status();
  }
  if (existing.ok() && existing->type != "VirtualMachine") {
    return absl::AlreadyExistsError(path + " is a " + existing->type + ", not a template");
  }
  bool imported = rpc.state().requests.Made(request.request_id(), made);
  soap::MoRef vm;
  if (existing.ok()) {
    vm = *existing;
    absl::StatusOr<std::vector<std::string>> attached =
        rpc.state().connection->tagging().ListAttachedTagNames(vm, rpc.RestOptions());
    if (!attached.ok()) return Annotate(attached.status(), "reading the tags of " + path);
    if (std::vector<std::string> c = ConflictingTags(TemplateTags(request), *attached);
        !c.empty()) {
      return absl::AlreadyExistsError(
          path + " exists but is tagged for another OS or release: " + absl::StrJoin(c, ", "));
    }
  } else {
    absl::StatusOr<soap::MoRef> fresh = Import(rpc, request, dc, folder, path);
    if (!fresh.ok()) return Annotate(fresh.status(), "importing template " + path);
    vm = *std::move(fresh);
    imported = true;
    rpc.state().requests.Remember(request.request_id(), made);
  }
  EKSA_ASSIGN_OR_RETURN(vim::VmInfo info, ReadVm(rpc, vm));
  EKSA_RETURN_IF_ERROR(Annotate(FinishTemplate(rpc, request, info), "finishing template " + path));
  v1::EnsureTemplateResponse response;
  EKSA_ASSIGN_OR_RETURN(*response.mutable_template_(), ReadTemplateInfo(rpc, vm, path));
  response.set_imported(imported);
  return response;
}

}  // namespace

absl::StatusOr<v1::EnsureTemplateResponse> EnsureTemplate(BackendState& state,
                                                          const v1::EnsureTemplateRequest& request,
                                                          const CallContext& context) {
  EKSA_RETURN_IF_ERROR(Validate(request));
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<RpcScope> rpc, RpcScope::Begin(state, context));
  return WithFreshInventory<v1::EnsureTemplateResponse>(state,
                                                        [&] { return EnsureOnce(*rpc, request); });
}

}  // namespace eksa::vsphere_agent::backend
