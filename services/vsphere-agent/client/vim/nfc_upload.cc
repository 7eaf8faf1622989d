#include "services/vsphere-agent/client/vim/nfc_upload.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/client/transport/http_status.h"
#include "services/vsphere-agent/client/vim/url_path.h"

namespace eksa::vsphere::vim {

absl::StatusOr<std::string> NfcUploadPath(std::string_view url, std::string_view endpoint) {
  absl::StatusOr<std::string> path = PathOnEndpoint(url, endpoint);
  if (path.status().code() == absl::StatusCode::kFailedPrecondition) {
    return absl::FailedPreconditionError(absl::StrCat(
        "NFC ", path.status().message(), " (uploading to ESXi hosts directly is not supported)"));
  }
  return path;
}

absl::Status UploadNfcFile(transport::Transport& transport, const std::string& path,
                           const FileSource& source, const NfcUploadOptions& options) {
  std::string what = absl::StrCat("uploading ", path);
  absl::StatusOr<std::unique_ptr<FileSourceReader>> reader = FileSourceReader::Open(source);
  if (!reader.ok()) return Annotate(reader.status(), what);
  transport::Request request{
      .method = options.create ? transport::Method::kPut : transport::Method::kPost,
      .path = path,
      .body_size = static_cast<int64_t>(source.size),
      .timeout = options.timeout,
      .cancelled = options.cancelled};
  if (options.create) {
    request.headers = {{"Overwrite", "t"}, {"Content-Type", "application/octet-stream"}};
  } else {
    request.headers = {{"Content-Type", "application/x-vnd.vmware-streamVmdk"}};
  }
  FileSourceReader* r = reader->get();
  request.body_reader = [r, &options](char* buffer, size_t size) -> absl::StatusOr<size_t> {
    absl::StatusOr<size_t> n = r->Read(buffer, size);
    if (n.ok() && options.on_bytes) options.on_bytes(r->position());
    return n;
  };
  absl::StatusOr<transport::Response> response = transport.RoundTrip(request);
  if (!response.ok()) return Annotate(response.status(), what);
  return transport::HttpStatusToStatus(response->status, what, response->body);
}

}  // namespace eksa::vsphere::vim
