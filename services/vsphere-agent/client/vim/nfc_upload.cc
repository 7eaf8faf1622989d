#include "services/vsphere-agent/client/vim/nfc_upload.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/client/transport/http_status.h"
#include "services/vsphere-agent/client/vim/absl_view.h"

namespace eksa::vsphere::vim {
namespace {

// "https://host:port/path" → {"host:port", "/path"}.
std::pair<std::string_view, std::string_view> SplitUrl(std::string_view url) {
  size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return {rest, ""};
  return {rest.substr(0, slash), rest.substr(slash)};
}

}  // namespace

absl::StatusOr<std::string> NfcUploadPath(std::string_view url, std::string_view endpoint) {
  auto [host, path] = SplitUrl(url);
  if (path.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("NFC URL ", AbslView(url), " has no path"));
  }
  auto [endpoint_host, unused] = SplitUrl(endpoint);
  if (host != "*" && host != endpoint_host) {
    return absl::FailedPreconditionError(
        absl::StrCat("NFC URL ", AbslView(url), " is on another host than ", AbslView(endpoint),
                     " (uploading to ESXi hosts directly is not supported)"));
  }
  return std::string(path);
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
