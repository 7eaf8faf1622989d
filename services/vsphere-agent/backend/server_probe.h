// ProbeServer: a TLS handshake with a vCenter server that reads its certificate without trusting
// it yet — what CheckVCenter reports as "Connected to server", the server's SHA-1 thumbprint,
// and whether the certificate is CA-trusted (EKS-A skips the thumbprint check then). No HTTP
// request is sent, so nothing (least of all a credential) reaches an unverified server.
//
// The transport (client/transport) enforces the configured TLS mode on every real call; this
// probe only observes. Not in the transport because it is CheckVCenter's alone.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace eksa::vsphere_agent::backend {

struct ServerProbe {
  // SHA-1 of the leaf certificate, "AB:CD:…" (20 upper-case hex pairs).
  std::string thumbprint;
  // The chain verifies against the CA store and the certificate names `host`.
  bool ca_trusted = false;
  // Why it is not trusted (OpenSSL's reason, e.g. "self-signed certificate in certificate
  // chain"); empty when trusted.
  std::string verify_error;
};

// TCP connect to host:port and a TLS handshake within `timeout`, verifying against `ca_file`
// (PEM) or, when empty, the system's CA certificates, without failing on a verification error.
// Errors: kUnavailable naming host:port and the cause (refused, unreachable, no TLS),
// kDeadlineExceeded when `timeout` passes, kInvalidArgument for a host that does not resolve.
[[nodiscard]] absl::StatusOr<ServerProbe> ProbeServer(std::string_view host, int port,
                                                      const std::string& ca_file,
                                                      absl::Duration timeout);

}  // namespace eksa::vsphere_agent::backend
