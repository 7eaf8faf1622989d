// CurlTransport: the Transport to one vCenter over libcurl + OpenSSL.
//
// - Keep-alive: a small pool of libcurl easy handles (options.max_connections), each keeping its
//   connection open between calls; a call takes a free handle or waits for one.
// - No cookie engine: callers send the session header themselves (soap::Client manages
//   vmware_soap_session, the REST client vmware-api-session-id), so one transport can serve
//   several sessions and a re-login is just a new header value.
// - TLS per tls_options.h. In thumbprint mode the leaf certificate's SHA-1 is compared by an
//   OpenSSL certificate-verify callback installed through CURLOPT_SSL_CTX_FUNCTION, so a
//   mismatch aborts the handshake before any request byte is written; the error
//   (kFailedPrecondition) names both thumbprints. TLS session resumption is off in that mode so
//   every new connection is checked.
// - Plain http only when `allow_plain_http` (loopback test peers such as the simulator's control
//   API); vCenter is always https.
// - Logs each call at verbosity 6 (method, URL, HTTP status, durationMs); never headers or
//   bodies.
//
// Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/vsphere-agent/client/transport/base_url.h"
#include "services/vsphere-agent/client/transport/thumbprint.h"
#include "services/vsphere-agent/client/transport/tls_options.h"
#include "services/vsphere-agent/client/transport/transport.h"

namespace eksa::vsphere::transport {

struct CurlTransportOptions {
  // "https://host[:port]" (no path, no credentials). See BaseUrlFromServer().
  std::string base_url;
  TlsOptions tls;
  bool allow_plain_http = false;
  absl::Duration connect_timeout = absl::Seconds(10);
  absl::Duration default_timeout = absl::Minutes(5);  // per call, when Request.timeout is zero
  int max_connections = 4;                            // >= 1: easy handles (connections) kept
  std::string user_agent = "eksa-vsphere-agent";
};

class CurlTransport final : public Transport {
 public:
  // kInvalidArgument for a bad base URL, TLS options (ValidateTlsOptions) or pool size;
  // kFailedPrecondition when libcurl is not built on OpenSSL (thumbprint mode needs it) or the
  // CA file cannot be read. Nothing is connected yet.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<CurlTransport>> Create(
      CurlTransportOptions options);

  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  [[nodiscard]] absl::StatusOr<Response> RoundTrip(const Request& request) override;
  std::string Endpoint() const override;

  // Number of TCP connections opened so far (all handles): lets tests and metrics check reuse.
  int64_t ConnectionsOpened() const;

 private:
  class Pool;
  CurlTransport(CurlTransportOptions options, std::optional<Thumbprint> pin);

  CurlTransportOptions options_;
  const std::optional<Thumbprint> pin_;  // options_.tls.thumbprint, parsed once by Create
  std::unique_ptr<Pool> pool_;
};

}  // namespace eksa::vsphere::transport
