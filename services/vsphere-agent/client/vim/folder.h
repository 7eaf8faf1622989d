// Folder: VM folders — create (adopting an existing one), look a child up by name, list the VMs.
//
//   Folder vms(session, sc, dc.vm_folder);
//   EKSA_ASSIGN_OR_RETURN(EnsuredFolder f, EnsureFolderPath(session, sc, dc, "eksa/homelab"));
//   EKSA_ASSIGN_OR_RETURN(MoRef vm, Folder(session, sc, f.ref).FindVm("homelab-md-0-1"));
//
// A value type; the caller must outlive it. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/session/service_content.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/vim/finder.h"
#include "services/vsphere-agent/client/vim/object_content.h"

namespace eksa::vsphere::vim {

// A folder that exists after an Ensure* call, and whether that call made it.
struct EnsuredFolder {
  soap::MoRef ref;
  std::string path;  // full inventory path, when known ("" from Folder::EnsureFolder)
  bool created = false;
};

class Folder {
 public:
  Folder(soap::Caller& caller, const session::ServiceContent& content, soap::MoRef ref)
      : caller_(&caller),
        property_collector_(content.property_collector),
        search_index_(content.search_index),
        ref_(std::move(ref)) {}

  const soap::MoRef& ref() const { return ref_; }

  // Folder.CreateFolder: the new child folder. A name already taken in this folder is
  // kAlreadyExists carrying the DuplicateName fault (soap::IsFault(s, "DuplicateName")).
  [[nodiscard]] absl::StatusOr<soap::MoRef> CreateFolder(std::string_view name) const;

  // CreateFolder, or on DuplicateName the existing child folder of that name (created = false).
  // kAlreadyExists when the name is taken by something that is not a folder (a VM).
  [[nodiscard]] absl::StatusOr<EnsuredFolder> EnsureFolder(std::string_view name) const;

  // SearchIndex.FindChild: the direct child named `name`, of any type. kNotFound if none.
  [[nodiscard]] absl::StatusOr<soap::MoRef> FindChild(std::string_view name) const;

  // The VM (or template) named `name` directly in this folder. kNotFound if none;
  // kFailedPrecondition when the child of that name is not a VM.
  [[nodiscard]] absl::StatusOr<soap::MoRef> FindVm(std::string_view name) const;

  // The VMs and templates in this folder (and its subfolders, when `recursive`), with
  // properties `paths` (e.g. {"name", "runtime.powerState", "config.template"}).
  [[nodiscard]] absl::StatusOr<ObjectContents> ListVms(const std::vector<std::string>& paths,
                                                       bool recursive = false) const;

 private:
  soap::Caller* caller_;
  soap::MoRef property_collector_;
  soap::MoRef search_index_;
  soap::MoRef ref_;
};

// Makes sure the VM folder `path` exists in `dc`, creating each missing component (govc
// folder.create semantics, plus intermediate folders, as EKS-A does for spec.folder). `path` is
// absolute ("/DC0/vm/eksa/homelab"; it must lie under the datacenter's vm folder) or relative to
// it ("eksa/homelab"). `created` is true when this call made the last component. A concurrent
// creator is tolerated (DuplicateName is adopted). Errors: kInvalidArgument for a path outside
// the vm folder or with globs/".."; kAlreadyExists when a component is taken by a non-folder;
// the calls'.
[[nodiscard]] absl::StatusOr<EnsuredFolder> EnsureFolderPath(soap::Caller& caller,
                                                             const session::ServiceContent& content,
                                                             const Datacenter& dc,
                                                             std::string_view path);

}  // namespace eksa::vsphere::vim
