#include "services/vsphere-agent/client/vim/nfc_lease.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"
#include "services/vsphere-agent/client/vim/values.h"

namespace eksa::vsphere::vim {

absl::StatusOr<NfcLeaseInfo> DecodeNfcLeaseInfo(pugi::xml_node info) {
  if (!info) return absl::InternalError("decoding HttpNfcLeaseInfo: absent");
  NfcLeaseInfo out;
  absl::StatusOr<MoRef> lease = soap::ParseOptionalMoRef(info, "lease");
  absl::StatusOr<MoRef> entity = soap::ParseMoRef(soap::Child(info, "entity"));
  if (!lease.ok()) return lease.status();
  if (!entity.ok()) return entity.status();
  out.lease = *std::move(lease);
  out.entity = *std::move(entity);
  for (pugi::xml_node d : soap::Children(info, "deviceUrl")) {
    NfcDeviceUrl u{.key = std::string(soap::ChildText(d, "key")),
                   .import_key = std::string(soap::ChildText(d, "importKey")),
                   .url = std::string(soap::ChildText(d, "url")),
                   .ssl_thumbprint = std::string(soap::ChildText(d, "sslThumbprint")),
                   .target_id = std::string(soap::ChildText(d, "targetId"))};
    absl::StatusOr<bool> disk = ChildBool(d, "disk");
    absl::StatusOr<int64_t> size = ChildInt(d, "fileSize");
    if (!disk.ok()) return disk.status();
    if (!size.ok()) return size.status();
    u.disk = *disk;
    u.file_size = *size;
    out.device_urls.push_back(std::move(u));
  }
  absl::StatusOr<int64_t> total = ChildInt(info, "totalDiskCapacityInKB");
  absl::StatusOr<int64_t> timeout = ChildInt(info, "leaseTimeout");
  if (!total.ok()) return total.status();
  if (!timeout.ok()) return timeout.status();
  out.total_disk_capacity_kb = *total;
  out.lease_timeout_seconds = static_cast<int32_t>(*timeout);
  return out;
}

absl::StatusOr<NfcLeaseInfo> NfcLease::WaitReady(const PropertyWaitOptions& options) const {
  std::string state;
  std::optional<absl::StatusOr<NfcLeaseInfo>> info;
  absl::Status error;
  absl::Status waited = WaitForProperties(
      *caller_, pc_, ref_, {"state", "info", "error"}, options,
      [&](const PropertyValues& values) -> absl::StatusOr<bool> {
        auto s = values.find("state");
        state = s == values.end() ? "" : std::string(soap::Text(s->second));
        if (auto i = values.find("info"); i != values.end()) info = DecodeNfcLeaseInfo(i->second);
        if (auto e = values.find("error"); e != values.end()) {
          absl::StatusOr<soap::Fault> fault = soap::ParseLocalizedMethodFault(e->second);
          error = fault.ok() ? soap::FaultToStatus(*fault) : fault.status();
        }
        return !state.empty() && state != "initializing";
      });
  std::string what = absl::StrCat("waiting for lease ", ref_.value);
  if (!waited.ok()) return Annotate(waited, what);
  if (state == "ready") {
    if (!info.has_value()) return absl::InternalError(absl::StrCat(what, ": ready without info"));
    return *std::move(info);
  }
  if (state == "error") {
    return Annotate(error.ok() ? absl::UnknownError("lease failed without an error") : error, what);
  }
  return absl::FailedPreconditionError(absl::StrCat(what, ": lease is ", state));
}

absl::Status NfcLease::Progress(int percent) const {
  soap::XmlWriter w;
  w.This(ref_).Element("percent", percent);
  return caller_->Call("HttpNfcLeaseProgress", std::move(w).Finish()).status();
}

absl::Status NfcLease::Complete() const {
  soap::XmlWriter w;
  w.This(ref_);
  return caller_->Call("HttpNfcLeaseComplete", std::move(w).Finish()).status();
}

absl::Status NfcLease::Abort(const absl::Status& reason) const {
  soap::XmlWriter w;
  w.This(ref_);
  if (!reason.ok()) {
    w.Open("fault")
        .Open("fault", "SystemError")
        .Element("reason", StdView(reason.message()))
        .Close()
        .Element("localizedMessage", StdView(reason.message()))
        .Close();
  }
  return caller_->Call("HttpNfcLeaseAbort", std::move(w).Finish()).status();
}

}  // namespace eksa::vsphere::vim
