// vCenter credentials of the agent: where they come from, and how they stay secret.
//
// Credentials live only in the agent (docs/ARCHITECTURE.md §2): never in RPCs, logs, errors or
// metrics. Each vCenter server's username and password are looked up, first found wins:
//   1. the config: `username:` (inline) or `usernameFile:`, and `passwordFile:` (a file whose
//      content, less one trailing newline, is the value; e.g. a mounted Kubernetes Secret);
//   2. the environment, numbered by the server's 1-based position in `vcenters`:
//      EKSA_VSPHERE_<N>_USERNAME and EKSA_VSPHERE_<N>_PASSWORD (several vCenters, each its own);
//   3. the environment, EKS-A's names: EKSA_VSPHERE_USERNAME and EKSA_VSPHERE_PASSWORD (one
//      vCenter, or several that share an SSO account).
// Every password found is registered with RegisterSecret (libs/common/redact.h) before anything
// else happens, so Redact() — which the logger applies to every field — masks it everywhere.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/agent/config.h"

namespace eksa::vsphere_agent {

// A secret string: printing it shows "*****"; its value is reachable only through Reveal(), so
// every place that sends it somewhere is explicit and greppable.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  const std::string& Reveal() const { return value_; }
  bool empty() const { return value_.empty(); }
  friend std::ostream& operator<<(std::ostream& out, const Secret&) { return out << "*****"; }

 private:
  std::string value_;
};

struct Credentials {
  std::string username;
  Secret password;
  // Where each came from, for the start-up log line: "config", "usernameFile", "passwordFile",
  // "EKSA_VSPHERE_2_PASSWORD", … (a source name, never a value).
  std::string username_source;
  std::string password_source;
};

// Reads an environment variable; nullopt when unset.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment (getenv).
[[nodiscard]] Environment ProcessEnvironment();

// Credentials per server (keyed by VCenterServerConfig::server), resolved as described at the top
// of this file; every password is registered with RegisterSecret. kInvalidArgument listing every
// problem as `file:line:col: error: field: message` (a server without a username or password,
// naming where it was looked for; a file that cannot be read; an empty file; a password shorter
// than 4 characters, which redaction could not mask). Messages never hold a value.
[[nodiscard]] absl::StatusOr<std::map<std::string, Credentials>> ResolveCredentials(
    const AgentConfig& config, const Environment& environment);

}  // namespace eksa::vsphere_agent
