// The checks of CheckVCenter as pure functions of what was observed (the TLS probe, the Login,
// the control-plane dial), so their wording and pass/fail rules are unit-tested without a
// vCenter. check_vcenter.cc gathers the observations and calls these in EKS-A's order.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "eksa/vsphere/v1/vsphere_agent.pb.h"
#include "services/vsphere-agent/backend/check_results.h"
#include "services/vsphere-agent/backend/ip_in_use.h"
#include "services/vsphere-agent/backend/server_probe.h"
#include "services/vsphere-agent/client/session/service_content.h"

namespace eksa::vsphere_agent::backend {

// "Connected to server": the probe reached `address` ("127.0.10.1:443") and did TLS.
CheckResult ConnectedCheck(std::string_view subject, std::string_view address,
                           const absl::StatusOr<ServerProbe>& probe);

// "Authenticated to vSphere": `login` is the session's Login outcome; `about` the server's
// identity when it succeeded. The remediation follows the failure: credentials
// (kUnauthenticated), the agent's TLS pin or CA (kFailedPrecondition), reachability.
CheckResult AuthenticatedCheck(std::string_view subject, std::string_view server,
                               std::string_view username, const absl::Status& login,
                               const vsphere::session::AboutInfo& about);

// The thumbprint check of EKS-A's validateThumbprint: a warning when `insecure`; passed without
// comparing when the certificate is CA-trusted; otherwise spec.thumbprint is required and must
// equal the presented one ("thumbprint mismatch detected, expected … actual …").
CheckResult ThumbprintCheck(std::string_view subject, std::string_view expected, bool insecure,
                            const ServerProbe& probe);

// "Control plane IP available": fails when the dial of <ip>:80 says something answers.
CheckResult ControlPlaneIpCheck(std::string_view ip, DialOutcome outcome);

// "vSphere user privileges validated" for `user` on `object`: passed when `missing` is empty.
CheckResult PrivilegesCheck(std::string_view subject, std::string_view user,
                            std::string_view object,
                            const absl::StatusOr<std::vector<std::string>>& missing);

}  // namespace eksa::vsphere_agent::backend
