#include "services/vsphere-agent/client/vim/folder.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"
#include "services/vsphere-agent/client/vim/inventory_path.h"
#include "services/vsphere-agent/client/vim/property_collector.h"

namespace eksa::vsphere::vim {

absl::StatusOr<soap::MoRef> Folder::CreateFolder(std::string_view name) const {
  soap::XmlWriter w;
  w.This(ref_).Element("name", name);
  absl::StatusOr<soap::Response> r = caller_->Call("CreateFolder", std::move(w).Finish());
  if (!r.ok()) {
    return Annotate(r.status(),
                    absl::StrCat("creating folder \"", AbslView(name), "\" in ", ref_.ToString()));
  }
  return soap::ParseMoRef(r->returnval());
}

absl::StatusOr<EnsuredFolder> Folder::EnsureFolder(std::string_view name) const {
  absl::StatusOr<soap::MoRef> created = CreateFolder(name);
  if (created.ok()) return EnsuredFolder{.ref = *std::move(created), .created = true};
  if (!soap::IsFault(created.status(), "DuplicateName")) return created.status();
  // Taken: adopt it if it is a folder (the DuplicateName's `object` is not reliably the
  // existing child, so look it up).
  absl::StatusOr<soap::MoRef> existing = FindChild(name);
  if (!existing.ok()) return Annotate(existing.status(), "adopting the existing folder");
  if (existing->type != "Folder") {
    return absl::AlreadyExistsError(absl::StrCat("\"", AbslView(name), "\" in ", ref_.ToString(),
                                                 " is a ", existing->type, ", not a folder"));
  }
  return EnsuredFolder{.ref = *std::move(existing), .created = false};
}

absl::StatusOr<soap::MoRef> Folder::FindChild(std::string_view name) const {
  soap::XmlWriter w;
  w.This(search_index_).Ref("entity", ref_).Element("name", name);
  absl::StatusOr<soap::Response> r = caller_->Call("FindChild", std::move(w).Finish());
  if (!r.ok()) return r.status();
  if (!r->returnval()) {
    return absl::NotFoundError(
        absl::StrCat("\"", AbslView(name), "\" not found in ", ref_.ToString()));
  }
  return soap::ParseMoRef(r->returnval());
}

absl::StatusOr<soap::MoRef> Folder::FindVm(std::string_view name) const {
  absl::StatusOr<soap::MoRef> child = FindChild(name);
  if (!child.ok()) return child.status();
  if (child->type != "VirtualMachine") {
    return absl::FailedPreconditionError(absl::StrCat(
        "\"", AbslView(name), "\" in ", ref_.ToString(), " is a ", child->type, ", not a VM"));
  }
  return child;
}

absl::StatusOr<ObjectContents> Folder::ListVms(const std::vector<std::string>& paths,
                                               bool recursive) const {
  SelectionSpec children = TraverseFolderChildren();
  if (recursive) children.select_set.push_back({.name = children.name});
  PropertyFilterSpec spec{
      .prop_set = {{.type = "VirtualMachine", .paths = paths}},
      .object_set = {{.obj = ref_, .skip = true, .select_set = {std::move(children)}}}};
  absl::StatusOr<ObjectContents> vms =
      PropertyCollector(*caller_, property_collector_).Retrieve(spec);
  if (!vms.ok()) return Annotate(vms.status(), absl::StrCat("listing VMs of ", ref_.ToString()));
  return vms;
}

absl::StatusOr<EnsuredFolder> EnsureFolderPath(soap::Caller& caller,
                                               const session::ServiceContent& content,
                                               const Datacenter& dc, std::string_view path) {
  std::string base = dc.object.path + "/vm";
  std::string full = ClassifyPath(path) == PathForm::kAbsolute ? JoinPath(SplitPath(path))
                                                               : ResolvePath(base, path);
  std::vector<std::string> parts = SplitPath(full);
  std::vector<std::string> base_parts = SplitPath(base);
  bool under = parts.size() >= base_parts.size() &&
               std::equal(base_parts.begin(), base_parts.end(), parts.begin());
  if (!under) {
    return absl::InvalidArgumentError(
        absl::StrCat("folder \"", AbslView(path), "\" is not under ", base));
  }
  for (const std::string& p : parts) {
    if (p == ".." || HasGlob(p)) {
      return absl::InvalidArgumentError(
          absl::StrCat("folder \"", AbslView(path), "\": \"", p, "\" is not a folder name"));
    }
  }
  EnsuredFolder at{.ref = dc.vm_folder, .path = base};
  for (size_t i = base_parts.size(); i < parts.size(); ++i) {
    Folder parent(caller, content, at.ref);
    absl::StatusOr<soap::MoRef> child = parent.FindChild(parts[i]);
    if (child.ok() && child->type != "Folder") {
      return absl::AlreadyExistsError(
          absl::StrCat(at.path, "/", parts[i], " is a ", child->type, ", not a folder"));
    }
    absl::StatusOr<EnsuredFolder> next =
        child.ok() ? absl::StatusOr<EnsuredFolder>(EnsuredFolder{.ref = *child})
        : child.status().code() == absl::StatusCode::kNotFound
            ? parent.EnsureFolder(parts[i])
            : absl::StatusOr<EnsuredFolder>(child.status());
    if (!next.ok()) return next.status();
    at = {.ref = next->ref, .path = at.path + "/" + parts[i], .created = next->created};
  }
  return at;
}

}  // namespace eksa::vsphere::vim
