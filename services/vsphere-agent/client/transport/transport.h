// Transport: one HTTP(S) endpoint (a vCenter) that requests are sent to.
//
// The seam between the vSphere client and the network: soap::Client and the REST client send
// through it; CurlTransport (curl_transport.h) is the real one, FakeTransport
// (testing/fake_transport.h) replays canned responses in unit tests.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/transport/http.h"

namespace eksa::vsphere::transport {

class Transport {
 public:
  virtual ~Transport() = default;

  // Sends `request` to this endpoint and returns the response, whatever its HTTP status: 4xx and
  // 5xx are responses, not errors (the SOAP and REST layers decode them; see http_status.h for a
  // default mapping). Errors are for calls that got no HTTP response:
  //  - kUnavailable: connection refused/reset/closed without a reply, DNS, TLS handshake failure
  //    other than verification; the message names the endpoint ("POST https://host/sdk: ...").
  //  - kFailedPrecondition: the server's certificate failed verification (CA mode) or its SHA-1
  //    thumbprint did not match the pinned one; no request byte was sent.
  //  - kDeadlineExceeded: `request.timeout` (or the default) elapsed.
  //  - kCancelled: `request.cancelled` returned true.
  //  - kInvalidArgument: a malformed request (path not starting with '/').
  //  - the body reader's own status when it fails.
  // Messages never contain headers or bodies (they carry cookies and credentials).
  // Thread-safe: implementations serve concurrent calls.
  [[nodiscard]] virtual absl::StatusOr<Response> RoundTrip(const Request& request) = 0;

  // The endpoint requests go to, for messages and logs: "https://127.0.10.1" (no credentials).
  virtual std::string Endpoint() const = 0;
};

}  // namespace eksa::vsphere::transport
