#include "services/vsphere-agent/client/transport/tls_options.h"

#include "services/vsphere-agent/client/transport/thumbprint.h"

namespace eksa::vsphere::transport {

absl::Status ValidateTlsOptions(const TlsOptions& options) {
  const int modes = !options.ca_file.empty() + !options.ca_pem.empty() +
                    !options.thumbprint.empty() + options.insecure;
  if (modes > 1) {
    return absl::InvalidArgumentError(
        "TLS options: set only one of ca_file, ca_pem, thumbprint, insecure");
  }
  if (!options.thumbprint.empty()) {
    absl::StatusOr<Thumbprint> t = ParseThumbprint(options.thumbprint);
    if (!t.ok()) return t.status();
  }
  return absl::OkStatus();
}

}  // namespace eksa::vsphere::transport
