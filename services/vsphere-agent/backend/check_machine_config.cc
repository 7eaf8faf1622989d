// CheckMachineConfig, in EKS-A's order (ValidateVCenterSetupMachineConfig, validateTemplates,
// validateMachineConfigTagsExist, validateBRHardDiskSize, then privileges): the datastore, the
// folder (created when missing and asked, as EKS-A's GetFolderPath does), the resource pool
// (exactly one: candidates listed otherwise), the template and its tags, the tag ids, the
// storage policy (found by name through SPBM: storage_policy.h). The datacenter must exist for
// any of them to run; a missing one is reported as a failed "Datacenter validated" check and
// nothing else.
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "libs/common/status_macros.h"
#include "services/vsphere-agent/backend/check_results.h"
#include "services/vsphere-agent/backend/privileges.h"
#include "services/vsphere-agent/backend/rpc_scope.h"
#include "services/vsphere-agent/backend/rpcs.h"
#include "services/vsphere-agent/backend/storage_policy.h"
#include "services/vsphere-agent/backend/template_facts.h"
#include "services/vsphere-agent/backend/vcenter_checks.h"
#include "services/vsphere-agent/backend/vm_reader.h"
#include "services/vsphere-agent/client/vim/folder.h"

namespace eksa::vsphere_agent::backend {
namespace {

namespace vim = vsphere::vim;

struct Run {
  RpcScope& rpc;
  const v1::CheckMachineConfigRequest& req;
  const vim::Datacenter& dc;
  const std::string subject;
  v1::CheckMachineConfigResponse& response;

  void Add(CheckResult c) { *response.add_checks() = std::move(c); }
  std::string Field(std::string_view field) const {
    return "spec." + std::string(field) + " of VSphereMachineConfig " + req.machine_config_name();
  }
};

// The datastore, or nullopt after a failed check.
std::optional<vim::InventoryObject> CheckDatastore(Run& run) {
  if (run.req.datastore().empty()) {
    run.Add(Failed(check::kDatastore, run.subject, "no datastore given", "set spec.datastore"));
    return std::nullopt;
  }
  absl::StatusOr<vim::InventoryObject> ds =
      run.rpc.FindOne(run.dc, vim::ObjectKind::kDatastore, run.req.datastore());
  if (!ds.ok()) {
    run.Add(Failed(check::kDatastore, run.subject, Lowercased(ds.status()),
                   "check " + run.Field("datastore")));
    return std::nullopt;
  }
  run.response.set_datastore_path(ds->path);
  run.Add(Passed(check::kDatastore, run.subject, "datastore " + ds->path));
  return *ds;
}

std::string FolderPath(const vim::Datacenter& dc, const std::string& folder) {
  if (!folder.empty() && folder.front() == '/') return folder;
  return dc.object.path + "/vm/" + folder;
}

std::optional<vim::InventoryObject> CheckFolder(Run& run) {
  const std::string& folder = run.req.folder();
  if (folder.empty()) {
    vim::InventoryObject vm_folder{run.dc.vm_folder, run.dc.object.path + "/vm"};
    run.response.set_folder_path(vm_folder.path);
    run.Add(Passed(check::kFolder, run.subject,
                   "folder " + vm_folder.path + " (no spec.folder: the datacenter's VM folder)"));
    return vm_folder;
  }
  const std::string made = "folder:" + FolderPath(run.dc, folder);
  absl::StatusOr<vim::InventoryObject> found =
      run.rpc.FindOne(run.dc, vim::ObjectKind::kFolder, folder);
  if (found.ok()) {
    run.response.set_folder_path(found->path);
    run.response.set_folder_created(run.rpc.state().requests.Made(run.req.request_id(), made));
    run.Add(Passed(check::kFolder, run.subject, "folder " + found->path));
    return *found;
  }
  if (found.status().code() != absl::StatusCode::kNotFound) {
    run.Add(Failed(check::kFolder, run.subject, Lowercased(found.status()),
                   "check " + run.Field("folder")));
    return std::nullopt;
  }
  if (!run.req.create_missing_folder()) {
    run.Add(Warned(check::kFolder, run.subject,
                   "folder " + FolderPath(run.dc, folder) + " does not exist; it will be created"));
    return std::nullopt;
  }
  absl::StatusOr<vim::EnsuredFolder> ensured =
      vim::EnsureFolderPath(run.rpc.caller(), run.rpc.content(), run.dc, folder);
  if (!ensured.ok()) {
    run.Add(Failed(
        check::kFolder, run.subject,
        "creating folder " + FolderPath(run.dc, folder) + ": " + Lowercased(ensured.status()),
        "check " + run.Field("folder") + " and the agent user's Folder.Create privilege"));
    return std::nullopt;
  }
  const std::string& path = ensured->path;  // EnsureFolderPath always returns it
  if (ensured->created) run.rpc.state().requests.Remember(run.req.request_id(), made);
  run.response.set_folder_path(path);
  run.response.set_folder_created(ensured->created ||
                                  run.rpc.state().requests.Made(run.req.request_id(), made));
  run.Add(Passed(check::kFolder, run.subject,
                 "folder " + path + (ensured->created ? " created" : " (created meanwhile)")));
  return vim::InventoryObject{ensured->ref, path};
}

std::optional<vim::InventoryObject> CheckPool(Run& run) {
  if (run.req.resource_pool().empty()) {
    run.Add(Failed(check::kResourcePool, run.subject, "no resource pool given",
                   "set spec.resourcePool (e.g. \"*/Resources\" on a single cluster)"));
    return std::nullopt;
  }
  absl::StatusOr<vim::InventoryObject> pool =
      run.rpc.FindOne(run.dc, vim::ObjectKind::kResourcePool, run.req.resource_pool());
  if (!pool.ok()) {
    const bool several = pool.status().code() == absl::StatusCode::kFailedPrecondition;
    run.Add(Failed(check::kResourcePool, run.subject, Lowercased(pool.status()),
                   several ? "make " + run.Field("resourcePool") +
                                 " name exactly one pool, e.g. one of the paths listed"
                           : "check " + run.Field("resourcePool")));
    return std::nullopt;
  }
  run.response.set_resource_pool_path(pool->path);
  run.Add(Passed(check::kResourcePool, run.subject, "resource pool " + pool->path));
  return *pool;
}

std::optional<vim::InventoryObject> CheckTemplate(Run& run) {
  absl::StatusOr<vim::InventoryObject> tmpl =
      run.rpc.FindOne(run.dc, vim::ObjectKind::kVirtualMachine, run.req.template_());
  if (!tmpl.ok()) {
    run.Add(Failed(check::kTemplate, run.subject, Lowercased(tmpl.status()),
                   "check " + run.Field("template") +
                       ", or leave it empty for eksa to import one (Bottlerocket)"));
    return std::nullopt;
  }
  absl::StatusOr<vim::VmInfo> info = ReadVm(run.rpc, tmpl->ref);
  if (!info.ok()) {
    run.Add(Failed(check::kTemplate, run.subject,
                   "reading template " + tmpl->path + ": " + Lowercased(info.status()),
                   "check vCenter and the agent's log"));
    return std::nullopt;
  }
  absl::StatusOr<std::vector<std::string>> tags =
      run.rpc.state().connection->tagging().ListAttachedTagNames(tmpl->ref, run.rpc.RestOptions());
  *run.response.mutable_template_() =
      ToTemplateInfo(*info, tmpl->path, tags.ok() ? *tags : std::vector<std::string>{});
  if (info->is_template) {
    run.Add(Passed(check::kTemplate, run.subject, "template " + tmpl->path));
  } else {
    run.Add(Warned(check::kTemplate, run.subject,
                   tmpl->path + " is a VM, not a template; clones of it work, but EKS-A expects a "
                                "template"));
  }
  if (!run.req.required_template_tags().empty()) {
    if (!tags.ok()) {
      run.Add(Failed(check::kTemplateTags, run.subject,
                     "reading the tags of " + tmpl->path + ": " + Lowercased(tags.status()),
                     "check the vCenter tagging service (REST) and the agent's log"));
    } else {
      std::vector<std::string> required(run.req.required_template_tags().begin(),
                                        run.req.required_template_tags().end());
      std::vector<std::string> missing = MissingTags(required, *tags);
      if (missing.empty()) {
        run.Add(Passed(check::kTemplateTags, run.subject,
                       "template " + tmpl->path + " carries " + absl::StrJoin(required, ", ")));
      } else {
        run.Add(Failed(check::kTemplateTags, run.subject,
                       "template " + tmpl->path + " lacks tags " + absl::StrJoin(missing, ", ") +
                           " (it has: " + (tags->empty() ? "none" : absl::StrJoin(*tags, ", ")) +
                           ")",
                       "use a template built for this OS and EKS-D release, or attach the tags "
                       "(category os: the OS family, category eksdRelease: the release name)"));
      }
    }
  }
  if (run.req.os_family() == v1::OS_FAMILY_BOTTLEROCKET) {
    const auto& d = run.response.template_().disks_gib();
    std::vector<int64_t> disks(d.begin(), d.end());
    std::vector<std::string> sizes;
    for (int64_t gib : disks) sizes.push_back(std::to_string(gib) + " GiB");
    const std::string have = sizes.empty() ? "no disk" : absl::StrJoin(sizes, " + ");
    if (BottlerocketDisksValid(disks)) {
      run.Add(Passed(check::kTemplateDisks, run.subject, "bottlerocket template disks: " + have));
    } else {
      run.Add(Failed(check::kTemplateDisks, run.subject,
                     "bottlerocket template " + tmpl->path + " has " + have +
                         "; expected one 22 GiB disk, or 2 GiB + 20 GiB",
                     "use a Bottlerocket OVA from the EKS-A release, or let eksa import it"));
    }
  }
  return *tmpl;
}

void CheckTagIds(Run& run) {
  if (run.req.tag_ids().empty()) return;
  std::vector<std::string> found, missing;
  for (const std::string& id : run.req.tag_ids()) {
    absl::StatusOr<std::string> tag =
        run.rpc.state().connection->tagging().DescribeTag(id, run.rpc.RestOptions());
    if (tag.ok()) {
      found.push_back(*tag);
    } else if (tag.status().code() == absl::StatusCode::kNotFound) {
      missing.push_back(id);
    } else {
      run.Add(Failed(check::kTagIds, run.subject,
                     "reading tag " + id + ": " + Lowercased(tag.status()),
                     "check the vCenter tagging service (REST) and the agent's log"));
      return;
    }
  }
  if (missing.empty()) {
    run.Add(Passed(check::kTagIds, run.subject, "tags exist: " + absl::StrJoin(found, ", ")));
  } else {
    run.Add(Failed(check::kTagIds, run.subject,
                   "tag ids not found in vCenter: " + absl::StrJoin(missing, ", "),
                   "check " + run.Field("tagIDs") + " (govc tags.ls -json lists the ids)"));
  }
}

void CheckPrivileges(
    Run& run,
    const std::vector<std::pair<vim::InventoryObject, const std::vector<std::string>*>>& on) {
  const std::string& user = run.rpc.state().options.username;
  const std::string key = run.rpc.session().user_session().key;
  for (const auto& [object, privileges] : on) {
    run.Add(PrivilegesCheck(
        run.subject, user, object.path,
        MissingPrivileges(run.rpc.caller(), run.rpc.content(), object.ref, key, *privileges)));
  }
}

}  // namespace

absl::StatusOr<v1::CheckMachineConfigResponse> CheckMachineConfig(
    BackendState& state, const v1::CheckMachineConfigRequest& request, const CallContext& context) {
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<RpcScope> rpc, RpcScope::Begin(state, context));
  const std::string subject = "VSphereMachineConfig " + request.machine_config_name();
  v1::CheckMachineConfigResponse response;
  absl::StatusOr<vim::Datacenter> dc = rpc->Datacenter(request.datacenter());
  if (!dc.ok()) {
    EKSA_RETURN_IF_ERROR(rpc->caller().Alive("checking " + subject));
    *response.add_checks() =
        Failed(check::kDatacenter, subject, Lowercased(dc.status()), "check spec.datacenter");
    return response;
  }
  Run run{*rpc, request, *dc, subject, response};
  std::vector<std::pair<vim::InventoryObject, const std::vector<std::string>*>> objects;
  if (auto ds = CheckDatastore(run)) objects.push_back({*ds, &DatastorePrivileges()});
  if (auto folder = CheckFolder(run)) objects.push_back({*folder, &FolderPrivileges()});
  if (auto pool = CheckPool(run)) objects.push_back({*pool, &ResourcePoolPrivileges()});
  if (!request.template_().empty()) {
    if (auto tmpl = CheckTemplate(run)) objects.push_back({*tmpl, &TemplatePrivileges()});
  }
  CheckTagIds(run);
  if (!request.storage_policy_name().empty()) {
    run.Add(StoragePolicyCheck(*rpc, subject, request.storage_policy_name(),
                               run.Field("storagePolicyName")));
  }
  if (request.check_privileges()) CheckPrivileges(run, objects);
  EKSA_RETURN_IF_ERROR(rpc->caller().Alive("checking " + subject));
  return response;
}

}  // namespace eksa::vsphere_agent::backend
