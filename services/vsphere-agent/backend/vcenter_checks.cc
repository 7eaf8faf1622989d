#include "services/vsphere-agent/backend/vcenter_checks.h"

#include <string>

#include "absl/strings/str_join.h"
#include "services/vsphere-agent/client/transport/thumbprint.h"

namespace eksa::vsphere_agent::backend {
namespace {

std::string S(std::string_view s) { return std::string(s); }

}  // namespace

CheckResult ConnectedCheck(std::string_view subject, std::string_view address,
                           const absl::StatusOr<ServerProbe>& probe) {
  if (probe.ok()) return Passed(check::kConnected, subject, "connected to " + S(address));
  return Failed(
      check::kConnected, subject, Lowercased(probe.status()),
      "check spec.server and that vCenter is reachable from the agent's host on " + S(address));
}

CheckResult AuthenticatedCheck(std::string_view subject, std::string_view server,
                               std::string_view username, const absl::Status& login,
                               const vsphere::session::AboutInfo& about) {
  if (login.ok()) {
    std::string what = about.full_name.empty() ? about.name : about.full_name;
    return Passed(check::kAuthenticated, subject,
                  "authenticated as " + S(username) + " to " + (what.empty() ? S(server) : what));
  }
  std::string remediation;
  switch (login.code()) {
    case absl::StatusCode::kUnauthenticated:
      remediation = "check the username and password the agent uses for " + S(server) +
                    " (EKSA_VSPHERE_USERNAME / EKSA_VSPHERE_PASSWORD, or the agent's config)";
      break;
    case absl::StatusCode::kFailedPrecondition:
      remediation = "the agent's TLS setting for " + S(server) +
                    " (caFile or thumbprint) does not match the server's certificate: fix its "
                    "vcenters entry; no credential was sent";
      break;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      remediation = "check that vCenter " + S(server) + " is up and reachable from the agent";
      break;
    default:
      remediation = "check vCenter " + S(server) + " and the agent's log";
  }
  return Failed(check::kAuthenticated, subject, Lowercased(login), remediation);
}

CheckResult ThumbprintCheck(std::string_view subject, std::string_view expected, bool insecure,
                            const ServerProbe& probe) {
  namespace transport = vsphere::transport;
  if (insecure) {
    return Warned(
        check::kThumbprint, subject,
        "thumbprint not checked: insecure is true (the server presented " + probe.thumbprint + ")");
  }
  if (probe.ca_trusted) {
    std::string message = "server certificate is trusted by a CA; thumbprint not required";
    if (!expected.empty()) {
      absl::StatusOr<transport::Thumbprint> want = transport::ParseThumbprint(expected);
      if (!want.ok() || transport::FormatThumbprint(*want) != probe.thumbprint) {
        return Warned(check::kThumbprint, subject,
                      message + ", but spec.thumbprint " + S(expected) +
                          " differs from the presented " + probe.thumbprint);
      }
    }
    return Passed(check::kThumbprint, subject, message);
  }
  const std::string set_it = "set spec.thumbprint to " + probe.thumbprint +
                             " once you have checked it is your vCenter's, or set "
                             "spec.insecure: true";
  if (expected.empty()) {
    return Failed(check::kThumbprint, subject,
                  "the server certificate is not trusted (" + probe.verify_error +
                      ") and spec.thumbprint is empty",
                  set_it);
  }
  absl::StatusOr<transport::Thumbprint> want = transport::ParseThumbprint(expected);
  if (!want.ok()) {
    return Failed(check::kThumbprint, subject,
                  "spec.thumbprint " + S(expected) + ": " + Lowercased(want.status()), set_it);
  }
  if (transport::FormatThumbprint(*want) != probe.thumbprint) {
    return Failed(
        check::kThumbprint, subject,
        "thumbprint mismatch detected, expected " + S(expected) + " actual " + probe.thumbprint,
        "check spec.thumbprint against the server's certificate; " + set_it);
  }
  return Passed(check::kThumbprint, subject, "server thumbprint " + probe.thumbprint);
}

CheckResult ControlPlaneIpCheck(std::string_view ip, DialOutcome outcome) {
  const std::string subject = "control plane endpoint " + S(ip);
  if (InUse(outcome)) {
    return Failed(check::kControlPlaneIp, subject,
                  S(ip) + " is in use: a TCP dial of port 80 was " + S(DialOutcomeName(outcome)),
                  "choose an unused address for controlPlaneConfiguration.endpoint.host, or "
                  "skip the check with --skip-ip-check");
  }
  return Passed(check::kControlPlaneIp, subject,
                S(ip) + " is unused: a TCP dial of port 80 " + S(DialOutcomeName(outcome)));
}

CheckResult PrivilegesCheck(std::string_view subject, std::string_view user,
                            std::string_view object,
                            const absl::StatusOr<std::vector<std::string>>& missing) {
  if (!missing.ok()) {
    return Failed(check::kPrivileges, subject,
                  "checking the privileges of " + S(user) + " on " + S(object) + ": " +
                      Lowercased(missing.status()),
                  "check that the agent's user may read its own privileges (System.View)");
  }
  if (missing->empty()) {
    return Passed(check::kPrivileges, subject,
                  S(user) + " holds the privileges eksa needs on " + S(object));
  }
  return Failed(
      check::kPrivileges, subject,
      S(user) + " lacks privileges on " + S(object) + ": " + absl::StrJoin(*missing, ", "),
      "grant them to " + S(user) +
          " (a role assigned on the object), or skip with vsphere-user-privilege");
}

}  // namespace eksa::vsphere_agent::backend
