// Uploading one file of an import to its HttpNfcLease device URL (HTTP, not SOAP; no session
// cookie: the URL itself is the capability).
//
// As ovftool and govc do: a disk (OvfFileItem.create = false, a stream-optimized VMDK) is POSTed
// with Content-Type application/x-vnd.vmware-streamVmdk; a file to create (an ISO, ...) is PUT
// with "Overwrite: t". The body is streamed from the package (ovf_package.h), never held whole.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/vsphere-agent/client/transport/transport.h"
#include "services/vsphere-agent/client/vim/ovf_package.h"

namespace eksa::vsphere::vim {

// The request path of device URL `url` on the transport whose endpoint is `endpoint`
// ("https://*/nfc/52a3/disk-0.vmdk" on "https://127.0.10.1" → "/nfc/52a3/disk-0.vmdk"): url_path.h
// PathOnEndpoint, whose kFailedPrecondition (an ESXi host URL, which would need a transport of its
// own) says so.
[[nodiscard]] absl::StatusOr<std::string> NfcUploadPath(std::string_view url,
                                                        std::string_view endpoint);

struct NfcUploadOptions {
  bool create = false;  // OvfFileItem.create: PUT + Overwrite instead of a streamVmdk POST
  // Called with the bytes sent so far of this file, as the body is read.
  std::function<void(uint64_t)> on_bytes;
  absl::Duration timeout = absl::ZeroDuration();  // zero: the transport's default
  std::function<bool()> cancelled;
};

// Sends `source` to `path` on `transport`. Errors: the transport's, the file's (kNotFound,
// kUnavailable), and for a non-2xx answer transport::HttpStatusToStatus ("uploading <path>:
// HTTP 500: ...").
[[nodiscard]] absl::Status UploadNfcFile(transport::Transport& transport, const std::string& path,
                                         const FileSource& source,
                                         const NfcUploadOptions& options = {});

}  // namespace eksa::vsphere::vim
