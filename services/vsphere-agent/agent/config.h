// The vSphere agent's configuration file (YAML), read with libs/spec's strict reader so a typo is
// an error with its file:line:column, field path and a did-you-mean.
//
//   listen: 127.0.0.1:50052            # gRPC address (--listen overrides)
//   advertiseAddress: ""               # what the planner dials; default: the bound address
//   agentId: vsphere-a                 # default: $EKSA_AGENT_ID, else vsphere-<hostname>
//   planner:
//     address: 127.0.0.1:50051         # register and heartbeat there; empty: do not register
//   metricsListen: 127.0.0.1:9352      # Prometheus text on http://…/metrics (--metrics-listen)
//   shutdownGrace: 5s                  # how long calls in flight may finish after SIGTERM
//   idempotency:
//     ttl: 15m                         # how long a successful result answers a retry
//     maxEntries: 10000
//   vcenters:
//   - server: vcenter.lab.example      # as in VSphereDatacenterConfig.spec.server
//     port: 443
//     caFile: /etc/eksa/vcenter-ca.pem # TLS: at most one of caFile, thumbprint, insecure: true;
//     # thumbprint: "AB:CD:…"          #   none of them means the system's CA certificates
//     # insecure: true
//     concurrency: 8                   # calls at once on this vCenter; more wait
//     datacenter: dc1                  # used when a request leaves datacenter empty
//     username: eksa@vsphere.local     # or usernameFile:, or the environment (credentials.h)
//     passwordFile: /etc/eksa/vcenter.password
//
// Passwords are never written in this file: a `password:` key is an error (its value is
// registered with Redact first, so even the error cannot print it). Credentials are resolved by
// credentials.h once the file has been parsed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/spec/diagnostic.h"

namespace eksa::vsphere_agent {

inline constexpr std::string_view kDefaultListen = "127.0.0.1:50052";
inline constexpr int kDefaultConcurrency = 8;
inline constexpr int kMaxConcurrency = 256;

// How the agent checks the vCenter server's TLS certificate before it sends a credential.
enum class TlsMode {
  kSystemCa,    // the system's CA certificates
  kCaFile,      // the CA certificates (PEM) in ca_file
  kThumbprint,  // the leaf certificate's SHA-1 thumbprint must equal `thumbprint`
  kInsecure,    // no check (logged as a warning at start)
};

// "system-ca", "ca-file", "thumbprint", "insecure".
std::string_view TlsModeName(TlsMode mode);

// One vCenter server the agent serves.
struct VCenterServerConfig {
  // The routing key: the vCenter host exactly as VSphereDatacenterConfig.spec.server writes it,
  // and the host the agent connects to.
  std::string server;
  int port = 443;
  TlsMode tls_mode = TlsMode::kSystemCa;
  std::string ca_file;     // kCaFile only
  std::string thumbprint;  // kThumbprint only: upper-case hex pairs joined by ':' (20 pairs)
  int concurrency = kDefaultConcurrency;
  std::string datacenter;  // default datacenter; may be empty
  // Where the credentials come from (credentials.h resolves them).
  std::string username;  // written inline (not a secret)
  std::string username_file;
  std::string password_file;
  // Positions for the errors credentials.h reports.
  spec::Position pos;  // the list item
  spec::Position username_file_pos;
  spec::Position password_file_pos;
};

struct AgentConfig {
  std::string file;  // the file it was read from ("" when built from defaults); for messages
  std::string listen = std::string(kDefaultListen);
  std::string advertise_address;  // empty: the bound listen address (see agent_process.h)
  std::string agent_id;           // empty: DefaultAgentId()
  std::string planner_address;    // empty: no registration
  std::string metrics_listen;     // empty: no metrics listener
  absl::Duration shutdown_grace = absl::Seconds(5);
  absl::Duration idempotency_ttl = absl::Minutes(15);
  int idempotency_max_entries = 10000;
  std::vector<VCenterServerConfig> vcenters;
};

// Parses `text` read from `file_name`. kInvalidArgument listing every problem as
// `file:line:col: error: field: message (remediation: …)`, one per line. A config file must name
// at least one vCenter server.
[[nodiscard]] absl::StatusOr<AgentConfig> ParseAgentConfig(std::string_view file_name,
                                                           std::string_view text);

// Reads and parses `path`. kNotFound when it cannot be opened.
[[nodiscard]] absl::StatusOr<AgentConfig> LoadAgentConfig(const std::string& path);

// "vsphere-<hostname>" with characters outside [A-Za-z0-9._-] replaced by '-', or
// `environment_id` when it is not empty (the caller passes $EKSA_AGENT_ID).
[[nodiscard]] std::string DefaultAgentId(std::string_view environment_id);

}  // namespace eksa::vsphere_agent
