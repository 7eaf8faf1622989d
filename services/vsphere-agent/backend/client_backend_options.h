// ClientBackendOptions: how ClientBackend reaches and authenticates one vCenter server.
//
//   ClientBackendOptions o{.server = "vcenter.lab", .thumbprint = "AB:CD:…",
//                          .username = "eksa@vsphere.local", .password = password};
//   absl::StatusOr<std::unique_ptr<VCenterBackend>> b = MakeClientBackend(std::move(o));
//
// TLS, exactly one mode: the system CA certificates (nothing set), a CA bundle (`ca_file`), a
// SHA-1 thumbprint pin (`thumbprint`, vCenter's "AB:CD:…" format) or `insecure`. The server's
// identity is checked in the TLS handshake, before the Login that carries the password.
//
// The password is secret: it is registered with eksa::RegisterSecret when the backend is made,
// sent only in the SOAP Login and the REST session request, and never appears in a status or a
// log line. The struct has no operator<< on purpose.
#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace eksa::vsphere_agent::backend {

struct ClientBackendOptions {
  // The vCenter host as VSphereDatacenterConfig.spec.server writes it ("vcenter.lab",
  // "127.0.10.1"); requests name it in their `server` field.
  std::string server;
  int port = 443;

  // TLS: at most one of these; none means the system's CA certificates.
  std::string ca_file;
  std::string thumbprint;
  bool insecure = false;

  std::string username;
  std::string password;

  // Kept-alive HTTPS connections to the server (at least the agent's concurrency for it, so
  // calls never queue for a connection).
  int max_connections = 8;
  // How long resolved inventory paths (datacenter, folders, pools, datastores, networks,
  // templates) are reused before they are looked up again. A reference that turns out to be
  // gone is dropped at once and the call is retried once.
  absl::Duration inventory_cache_ttl = absl::Minutes(5);
  // Budget of one TLS probe (CheckVCenter's "Connected to server") and of the control-plane IP
  // dial.
  absl::Duration connect_timeout = absl::Seconds(10);
  // Whether WaitForIp accepts loopback guest addresses (127.0.0.0/8, ::1). Unset: only when the
  // server itself is a loopback address — the testbed's simulator, whose DHCP hands out
  // 127.0.100.x; a real vCenter is never on loopback, and a real guest's loopback address is
  // never its node address.
  std::optional<bool> accept_loopback_guest_ips;
};

// OK, or kInvalidArgument naming the field: an empty server or username, an empty password, a
// port outside 1..65535, more than one TLS mode, a malformed thumbprint, max_connections < 1.
[[nodiscard]] absl::Status ValidateClientBackendOptions(const ClientBackendOptions& options);

// "host" for port 443, "host:port" otherwise: what the transport connects to.
std::string ServerAddress(const ClientBackendOptions& options);

// Whether `host` is a loopback address (IsLoopbackIp: 127.0.0.0/8, ::1), "[::1]" or "localhost".
bool IsLoopbackHost(std::string_view host);

}  // namespace eksa::vsphere_agent::backend
