// How a transport authenticates the vCenter it connects to. Exactly one mode is in effect:
//
//   mode               set                    checks
//   system CA (default) nothing               chain against the system trust store + host name
//   CA bundle          ca_file or ca_pem      chain against that bundle only + host name
//   thumbprint         thumbprint             SHA-1 of the leaf certificate equals the pin, checked
//                                             inside the TLS handshake (no chain or name check,
//                                             vCenter's convention for self-signed certificates)
//   insecure           insecure = true        nothing (CurlTransport::Create logs a warning)
//
// Setting more than one of ca_file / ca_pem / thumbprint / insecure is kInvalidArgument: the
// intent would be ambiguous.
#pragma once

#include <string>

#include "absl/status/status.h"

namespace eksa::vsphere::transport {

struct TlsOptions {
  std::string ca_file;     // path of a PEM bundle
  std::string ca_pem;      // PEM bundle text (e.g. from a Secret)
  std::string thumbprint;  // "AB:CD:..." SHA-1 (thumbprint.h), case-insensitive
  bool insecure = false;   // skip verification: only when explicitly asked
};

// OK when at most one mode is set and the thumbprint (if any) parses; kInvalidArgument otherwise.
[[nodiscard]] absl::Status ValidateTlsOptions(const TlsOptions& options);

}  // namespace eksa::vsphere::transport
