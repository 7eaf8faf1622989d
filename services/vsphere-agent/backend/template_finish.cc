#include "services/vsphere-agent/backend/template_finish.h"

#include <algorithm>
#include <string>

#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/vsphere-agent/backend/template_facts.h"
#include "services/vsphere-agent/client/rest/tagging.h"
#include "services/vsphere-agent/client/vim/config_spec.h"
#include "services/vsphere-agent/client/vim/device_change.h"
#include "services/vsphere-agent/client/vim/virtual_machine.h"

namespace eksa::vsphere_agent::backend {
namespace {

namespace v1 = ::eksa::vsphere::v1;
namespace vim = vsphere::vim;

constexpr int64_t kKibPerGib = 1024 * 1024;
constexpr char kSnapshotName[] = "eksa-template";

absl::Status ResizeBottlerocketDisks(RpcScope& rpc, const vim::VirtualMachine& handle,
                                     const vim::VmInfo& vm) {
  std::vector<const vim::VirtualDevice*> disks = vim::Disks(vm.devices);
  std::vector<int64_t> sizes;
  for (const vim::VirtualDevice* d : disks) sizes.push_back(d->CapacityGib());
  vim::ConfigSpec spec;
  for (const auto& [index, kib] : BottlerocketDiskEdits(sizes)) {
    spec.device_changes.push_back(vim::EditDiskCapacity(*disks[index], kib));
  }
  if (spec.empty()) return absl::OkStatus();
  EKSA_ASSIGN_OR_RETURN(vim::Task task, handle.Reconfigure(spec));
  return task.Wait(rpc.caller().WaitOptions()).status();
}

absl::Status Tag(RpcScope& rpc, const v1::EnsureTemplateRequest& request, const vim::VmInfo& vm) {
  vsphere::rest::Tagging& tagging = rpc.state().connection->tagging();
  EKSA_ASSIGN_OR_RETURN(std::vector<std::string> attached,
                        tagging.ListAttachedTagNames(vm.ref, rpc.RestOptions()));
  for (const std::string& tag : TemplateTags(request)) {
    if (std::find(attached.begin(), attached.end(), tag) != attached.end()) continue;
    EKSA_ASSIGN_OR_RETURN(auto parts, vsphere::rest::ParseTagRef(tag));
    EKSA_ASSIGN_OR_RETURN(std::string id,
                          tagging.EnsureTag(parts.first, parts.second, rpc.RestOptions()));
    EKSA_RETURN_IF_ERROR(tagging.Attach(id, vm.ref, rpc.RestOptions()));
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<std::pair<size_t, int64_t>> BottlerocketDiskEdits(const std::vector<int64_t>& disks) {
  if (disks.size() == 1 && disks[0] < 22) return {{0, 22 * kKibPerGib}};
  if (disks.size() == 2 && disks[1] < 20) return {{1, 20 * kKibPerGib}};
  return {};
}

std::vector<std::string> TemplateTags(const v1::EnsureTemplateRequest& request) {
  std::vector<std::string> tags;
  if (const std::string os = OsFamilyName(request.os_family()); !os.empty()) {
    tags.push_back("os:" + os);
  }
  if (!request.eksd_release_name().empty()) {
    tags.push_back("eksdRelease:" + request.eksd_release_name());
  }
  for (const std::string& t : request.extra_tags()) tags.push_back(t);
  return tags;
}

std::vector<std::string> ConflictingTags(const std::vector<std::string>& wanted,
                                         const std::vector<std::string>& attached) {
  std::vector<std::string> conflicts;
  for (const std::string& w : wanted) {
    absl::StatusOr<std::pair<std::string, std::string>> want = vsphere::rest::ParseTagRef(w);
    if (!want.ok() || (want->first != "os" && want->first != "eksdRelease")) continue;
    for (const std::string& a : attached) {
      absl::StatusOr<std::pair<std::string, std::string>> have = vsphere::rest::ParseTagRef(a);
      if (have.ok() && have->first == want->first && have->second != want->second) {
        conflicts.push_back(a);
      }
    }
  }
  return conflicts;
}

absl::Status FinishTemplate(RpcScope& rpc, const v1::EnsureTemplateRequest& request,
                            const vim::VmInfo& vm) {
  const vim::VirtualMachine handle(rpc.caller(), rpc.content().property_collector, vm.ref);
  if (!vm.is_template) {
    if (request.os_family() == v1::OS_FAMILY_BOTTLEROCKET) {
      EKSA_RETURN_IF_ERROR(
          Annotate(ResizeBottlerocketDisks(rpc, handle, vm), "resizing the Bottlerocket disks"));
    }
    if (vm.current_snapshot.empty()) {
      absl::StatusOr<vim::Task> snap =
          handle.CreateSnapshot(kSnapshotName, "made by eksa for linked clones");
      absl::Status s = snap.ok() ? snap->Wait(rpc.caller().WaitOptions()).status() : snap.status();
      EKSA_RETURN_IF_ERROR(Annotate(s, "snapshotting"));
    }
    EKSA_RETURN_IF_ERROR(Annotate(handle.MarkAsTemplate(), "marking as a template"));
  }
  return Annotate(Tag(rpc, request, vm), "tagging");
}

}  // namespace eksa::vsphere_agent::backend
