#include "services/vsphere-agent/client/vim/ovf_import.h"

#include <atomic>
#include <memory>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "libs/common/absl_view.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"
#include "services/vsphere-agent/client/vim/nfc_lease.h"
#include "services/vsphere-agent/client/vim/nfc_upload.h"
#include "services/vsphere-agent/client/vim/xml_copy.h"

namespace eksa::vsphere::vim {
namespace {

// Sends HttpNfcLeaseProgress every `interval` from a thread of its own while files upload.
class ProgressReporter {
 public:
  ProgressReporter(const NfcLease& lease, absl::Duration interval, std::atomic<int>& percent)
      : lease_(lease), interval_(interval), percent_(percent), thread_([this] { Run(); }) {}
  ~ProgressReporter() {
    {
      absl::MutexLock lock(&mu_);
      stop_ = true;
    }
    thread_.join();
  }

 private:
  void Run() {
    for (;;) {
      {
        absl::MutexLock lock(&mu_);
        if (mu_.AwaitWithTimeout(absl::Condition(&stop_), interval_)) return;
      }
      (void)lease_.Progress(percent_.load());  // best effort: a lost report only risks a timeout
    }
  }

  const NfcLease& lease_;
  const absl::Duration interval_;
  std::atomic<int>& percent_;
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

struct Upload {
  std::string path;  // request path on the upload transport
  FileSource source;
  bool create = false;
};

// Pairs each device URL with its file item and the file in the package.
absl::StatusOr<std::vector<Upload>> PlanUploads(const NfcLeaseInfo& info,
                                                const std::vector<OvfFileItem>& items,
                                                const OvfPackage& package,
                                                std::string_view endpoint) {
  std::vector<Upload> uploads;
  for (const OvfFileItem& item : items) {
    const NfcDeviceUrl* url = nullptr;
    for (const NfcDeviceUrl& u : info.device_urls) {
      if (u.import_key == item.device_id) url = &u;
    }
    if (url == nullptr) {
      return absl::InternalError(absl::StrCat("lease has no device URL for OVF file ", item.path,
                                              " (", item.device_id, ")"));
    }
    absl::StatusOr<FileSource> source = package.Find(item.path);
    if (!source.ok()) return source.status();
    absl::StatusOr<std::string> path = NfcUploadPath(url->url, endpoint);
    if (!path.ok()) return path.status();
    uploads.push_back({*std::move(path), *std::move(source), item.create});
  }
  return uploads;
}

}  // namespace

std::string CreateImportSpecBody(const soap::MoRef& ovf_manager, std::string_view descriptor,
                                 const OvfImportSpec& spec) {
  soap::XmlWriter w;
  w.This(ovf_manager)
      .Element("ovfDescriptor", descriptor)
      .Ref("resourcePool", spec.pool)
      .Ref("datastore", spec.datastore);
  w.Open("cisp").Element("locale", "").Element("deploymentOption", "");
  w.Element("entityName", spec.entity_name);
  if (!spec.host.empty()) w.Ref("hostSystem", spec.host);
  for (const auto& [name, network] : spec.network_mappings) {
    w.Open("networkMapping").Element("name", name).Ref("network", network).Close();
  }
  for (const OptionValue& p : spec.property_mappings) {
    w.Open("propertyMapping").Element("key", p.key).Element("value", p.value).Close();
  }
  if (!spec.disk_provisioning.empty()) w.Element("diskProvisioning", spec.disk_provisioning);
  w.Close();
  return std::move(w).Finish();
}

absl::StatusOr<ImportSpecResult> ParseImportSpecResult(pugi::xml_node returnval) {
  std::vector<std::string> errors;
  for (pugi::xml_node e : soap::Children(returnval, "error")) {
    absl::StatusOr<soap::Fault> f = soap::ParseLocalizedMethodFault(e);
    errors.push_back(f.ok() ? (f->message.empty() ? f->type : f->message) : "unreadable error");
  }
  if (!errors.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the OVF descriptor was rejected: ", absl::StrJoin(errors, "; ")));
  }
  ImportSpecResult r{.import_spec = soap::Child(returnval, "importSpec")};
  if (!r.import_spec) return absl::InternalError("CreateImportSpec returned no importSpec");
  for (pugi::xml_node w : soap::Children(returnval, "warning")) {
    r.warnings.emplace_back(soap::ChildText(w, "localizedMessage"));
  }
  for (pugi::xml_node f : soap::Children(returnval, "fileItem")) {
    OvfFileItem item{.device_id = std::string(soap::ChildText(f, "deviceId")),
                     .path = std::string(soap::ChildText(f, "path"))};
    absl::StatusOr<int64_t> size = ChildInt(f, "size");
    absl::StatusOr<bool> create = ChildBool(f, "create");
    if (!size.ok()) return size.status();
    if (!create.ok()) return create.status();
    item.size = *size;
    item.create = *create;
    r.file_items.push_back(std::move(item));
  }
  return r;
}

std::string ImportVAppBody(const soap::MoRef& pool, pugi::xml_node import_spec,
                           const OvfImportSpec& spec) {
  soap::XmlWriter w;
  w.This(pool);
  CopyElement(w, import_spec, "spec");
  if (!spec.folder.empty()) w.Ref("folder", spec.folder);
  if (!spec.host.empty()) w.Ref("host", spec.host);
  return std::move(w).Finish();
}

absl::StatusOr<soap::MoRef> ImportOvf(soap::Caller& caller, const session::ServiceContent& content,
                                      transport::Transport& upload, const OvfPackage& package,
                                      const OvfImportSpec& spec, const OvfImportOptions& options) {
  std::string what = absl::StrCat("importing OVF as \"", spec.entity_name, "\"");
  absl::StatusOr<soap::Response> created = caller.Call(
      "CreateImportSpec", CreateImportSpecBody(content.ovf_manager, package.descriptor(), spec));
  if (!created.ok()) return Annotate(created.status(), what);
  absl::StatusOr<ImportSpecResult> result = ParseImportSpecResult(created->returnval());
  if (!result.ok()) return Annotate(result.status(), what);

  absl::StatusOr<soap::Response> imported =
      caller.Call("ImportVApp", ImportVAppBody(spec.pool, result->import_spec, spec));
  if (!imported.ok()) return Annotate(imported.status(), what);
  absl::StatusOr<soap::MoRef> lease_ref = soap::ParseMoRef(imported->returnval());
  if (!lease_ref.ok()) return Annotate(lease_ref.status(), what);
  NfcLease lease(caller, content.property_collector, *lease_ref);

  // From here on the lease is aborted on failure, so vCenter removes the half-made VM.
  auto fail = [&](const absl::Status& s) {
    (void)lease.Abort(s);
    return Annotate(s, what);
  };
  absl::StatusOr<NfcLeaseInfo> info = lease.WaitReady(
      {.deadline = options.deadline, .clock = options.clock, .cancelled = options.cancelled});
  if (!info.ok()) return fail(info.status());
  absl::StatusOr<std::vector<Upload>> uploads =
      PlanUploads(*info, result->file_items, package, upload.Endpoint());
  if (!uploads.ok()) return fail(uploads.status());

  uint64_t total = 0;
  for (const Upload& u : *uploads) total += u.source.size;
  std::atomic<int> percent{0};
  uint64_t done = 0;
  {
    ProgressReporter reporter(lease, options.progress_interval, percent);
    for (const Upload& u : *uploads) {
      Clock& clock = options.clock != nullptr ? *options.clock : Clock::Real();
      absl::Duration left = options.deadline - clock.Now();
      if (left <= absl::ZeroDuration()) {
        return fail(absl::DeadlineExceededError("deadline exceeded before the upload ended"));
      }
      absl::Status sent = UploadNfcFile(
          upload, u.path, u.source,
          {.create = u.create,
           .on_bytes =
               [&](uint64_t bytes) {
                 int p = total == 0 ? 100 : static_cast<int>((done + bytes) * 100 / total);
                 if (p != percent.exchange(p) && options.on_progress) options.on_progress(p);
               },
           .timeout = options.deadline == absl::InfiniteFuture() ? absl::ZeroDuration() : left,
           .cancelled = options.cancelled});
      if (!sent.ok()) return fail(sent);
      done += u.source.size;
    }
  }
  if (absl::Status s = lease.Progress(100); !s.ok()) return fail(s);
  if (absl::Status s = lease.Complete(); !s.ok()) return Annotate(s, what);
  return info->entity;
}

}  // namespace eksa::vsphere::vim
