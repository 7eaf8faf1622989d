// HttpNfcLease: the upload lease ImportVApp returns — wait until it is ready, report progress,
// complete or abort it. vim.HttpNfcLeaseInfo decoded.
#pragma once

#include <cstdint>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/vim/property_wait.h"

namespace eksa::vsphere::vim {

// One upload (or download) target of a lease (vim.HttpNfcLeaseDeviceUrl).
struct NfcDeviceUrl {
  std::string key;         // "/vm-81/disk:0"
  std::string import_key;  // matches OvfFileItem.deviceId ("/cap-ovf/disk:0")
  std::string url;         // "https://*/nfc/<lease>/disk-0.vmdk" ('*': the vCenter host)
  std::string ssl_thumbprint;
  bool disk = false;
  std::string target_id;
  int64_t file_size = 0;
};

struct NfcLeaseInfo {
  soap::MoRef lease;
  soap::MoRef entity;  // the imported VM (or vApp)
  std::vector<NfcDeviceUrl> device_urls;
  int64_t total_disk_capacity_kb = 0;
  int32_t lease_timeout_seconds = 0;
};

// Decodes an HttpNfcLeaseInfo value. kInternal when `entity` is missing.
[[nodiscard]] absl::StatusOr<NfcLeaseInfo> DecodeNfcLeaseInfo(pugi::xml_node info);

class NfcLease {
 public:
  NfcLease(soap::Caller& caller, soap::MoRef property_collector, soap::MoRef ref)
      : caller_(&caller), pc_(std::move(property_collector)), ref_(std::move(ref)) {}

  const soap::MoRef& ref() const { return ref_; }

  // Waits (on state, info and error) until the lease leaves `initializing`: its info when
  // `ready`; the lease's error (its fault's status, e.g. kNotFound, kInvalidArgument) when
  // `error`; kFailedPrecondition for `done`; WaitForProperties' errors (kDeadlineExceeded).
  [[nodiscard]] absl::StatusOr<NfcLeaseInfo> WaitReady(const PropertyWaitOptions& options) const;

  // HttpNfcLeaseProgress(percent): also keeps the lease alive (report at least every
  // lease_timeout / 2).
  [[nodiscard]] absl::Status Progress(int percent) const;
  // HttpNfcLeaseComplete: the import is done; the VM becomes usable.
  [[nodiscard]] absl::Status Complete() const;
  // HttpNfcLeaseAbort: the import failed; vCenter deletes what it created. `reason` is sent as a
  // SystemError LocalizedMethodFault carrying its message (omitted when OK).
  [[nodiscard]] absl::Status Abort(const absl::Status& reason) const;

 private:
  soap::Caller* caller_;
  soap::MoRef pc_;
  soap::MoRef ref_;
};

}  // namespace eksa::vsphere::vim
