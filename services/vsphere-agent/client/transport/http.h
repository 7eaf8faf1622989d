// HTTP request and response values exchanged with a Transport (transport.h).
//
// Plain data, no I/O. Header names compare case-insensitively (HTTP); values are kept verbatim.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace eksa::vsphere::transport {

enum class Method { kGet, kPost, kPut, kPatch, kDelete };

// "GET", "POST", ...
std::string_view MethodName(Method method);

// Ordered (name, value) pairs; a name may repeat (Set-Cookie).
using Headers = std::vector<std::pair<std::string, std::string>>;

// The first value of header `name` (case-insensitive), or nullopt.
std::optional<std::string_view> FindHeader(const Headers& headers, std::string_view name);

// Streams a request body: called repeatedly with a buffer of `size` bytes; returns how many bytes
// it wrote into it (0 = end of body) or an error, which aborts the request with that status.
using BodyReader = std::function<absl::StatusOr<size_t>(char* buffer, size_t size)>;

struct Request {
  Method method = Method::kGet;
  // Path and query relative to the transport's endpoint, starting with '/':
  // "/sdk", "/rest/com/vmware/cis/session?~action=get", "/nfc/52a3.../disk-0.vmdk".
  std::string path;
  // Sent as given. The transport adds Host, Content-Length (or chunked encoding) and a
  // User-Agent when absent; it never adds cookies (callers manage the session header).
  Headers headers;
  // The body, sent as is (ignored when `body_reader` is set).
  std::string body;
  // Optional streaming body (large uploads, e.g. NFC disk files). `body_size` is the exact
  // length in bytes, or -1 for chunked transfer encoding.
  BodyReader body_reader;
  int64_t body_size = -1;
  // Whole-call budget (connect + send + receive). Zero: the transport's default.
  absl::Duration timeout = absl::ZeroDuration();
  // Optional cancellation hook, polled while the call is in flight (libcurl's progress callback:
  // several times a second); returning true aborts the call with kCancelled. Must be cheap and
  // thread-safe.
  std::function<bool()> cancelled;
};

struct Response {
  int status = 0;   // HTTP status code of the final response (after any 1xx)
  Headers headers;  // headers of the final response, in order
  std::string body;

  std::optional<std::string_view> Header(std::string_view name) const {
    return FindHeader(headers, name);
  }
};

}  // namespace eksa::vsphere::transport
