#include "services/vsphere-agent/backend/client_backend_options.h"

#include <string>

#include "services/vsphere-agent/backend/vm_proto.h"
#include "services/vsphere-agent/client/transport/thumbprint.h"

namespace eksa::vsphere_agent::backend {

absl::Status ValidateClientBackendOptions(const ClientBackendOptions& options) {
  if (options.server.empty()) return absl::InvalidArgumentError("server: empty");
  if (options.port < 1 || options.port > 65535) {
    return absl::InvalidArgumentError("port: " + std::to_string(options.port) +
                                      " is outside 1..65535");
  }
  const int modes =
      !options.ca_file.empty() + !options.thumbprint.empty() + static_cast<int>(options.insecure);
  if (modes > 1) {
    return absl::InvalidArgumentError(
        "tls of " + options.server +
        ": set at most one of ca_file, thumbprint and insecure (the intent is ambiguous)");
  }
  if (!options.thumbprint.empty()) {
    absl::StatusOr<vsphere::transport::Thumbprint> t =
        vsphere::transport::ParseThumbprint(options.thumbprint);
    if (!t.ok()) {
      return absl::InvalidArgumentError("thumbprint of " + options.server + ": " +
                                        std::string(t.status().message()));
    }
  }
  if (options.username.empty()) {
    return absl::InvalidArgumentError("username for " + options.server + ": empty");
  }
  if (options.password.empty()) {
    return absl::InvalidArgumentError("password for " + options.server + ": empty");
  }
  if (options.max_connections < 1) {
    return absl::InvalidArgumentError("max_connections: must be at least 1");
  }
  return absl::OkStatus();
}

std::string ServerAddress(const ClientBackendOptions& options) {
  if (options.port == 443) return options.server;
  const bool ipv6 = options.server.find(':') != std::string::npos;
  return (ipv6 ? "[" + options.server + "]" : options.server) + ":" + std::to_string(options.port);
}

bool IsLoopbackHost(std::string_view host) {
  return host == "localhost" || host == "[::1]" || IsLoopbackIp(host);
}

}  // namespace eksa::vsphere_agent::backend
