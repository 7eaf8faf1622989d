// Internal to CurlTransport: SHA-1 thumbprint pinning inside the OpenSSL handshake.
//
// InstallPin is a CURLOPT_SSL_CTX_FUNCTION: it sets SSL_VERIFY_PEER and a certificate-verify
// callback (SSL_CTX_set_cert_verify_callback, which replaces the chain check) on the
// connection's SSL_CTX. The callback hashes the peer's leaf certificate and fails the handshake
// unless it equals `PinCheck::expected`, so on a mismatch the client aborts before sending its
// Finished message: no HTTP request byte is ever written to such a server.
#pragma once

#include <curl/curl.h>

#include "services/vsphere-agent/client/transport/thumbprint.h"

namespace eksa::vsphere::transport {

// One connection attempt's pin: what was expected, and what the server presented.
struct PinCheck {
  Thumbprint expected{};
  Thumbprint presented{};
  bool mismatch = false;  // set by the callback when the server's thumbprint differs
};

// CURLOPT_SSL_CTX_FUNCTION; `user` (CURLOPT_SSL_CTX_DATA) is a PinCheck* that outlives the call.
CURLcode InstallPin(CURL* curl, void* ssl_ctx, void* user);

}  // namespace eksa::vsphere::transport
