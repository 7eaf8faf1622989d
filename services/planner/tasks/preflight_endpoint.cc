// preflight-endpoint (local): the control-plane endpoint IP must not be in use yet. EKS-A's check
// (pkg/networkutils IsIPInUse): TCP dial <ip>:80 with a 500 ms timeout; a connection, a refusal
// or a reset all mean something answers at that address ("in use"); a timeout (or an unreachable
// network) means free. The port and timeout come from the runner's options so tests can aim at a
// 127.0.0.x listener they own.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "libs/common/status_macros.h"
#include "libs/common/tcp_dial.h"
#include "services/planner/tasks/task_env.h"

namespace eksa::planner::tasks {
namespace {

enum class Probe { kAnswered, kSilent };

// One dial of an IPv4 address: a connection, a refusal or a reset answered; a timeout or another
// network error (unreachable) is silence. Running out of sockets or memory here is an error.
absl::StatusOr<Probe> Dial(const std::string& ip, int port, absl::Duration timeout) {
  in_addr v4{};
  if (inet_pton(AF_INET, ip.c_str(), &v4) != 1) {
    return absl::InvalidArgumentError("control plane endpoint \"" + ip +
                                      "\" is not an IPv4 address");
  }
  const TcpDialResult dial = DialTcp(ip, port, timeout);
  switch (dial.outcome) {
    case TcpDialOutcome::kConnected:
    case TcpDialOutcome::kRefused:
    case TcpDialOutcome::kReset:
      return Probe::kAnswered;
    case TcpDialOutcome::kTimedOut:
      return Probe::kSilent;
    case TcpDialOutcome::kError:
      break;
  }
  if (dial.error == EMFILE || dial.error == ENFILE || dial.error == ENOBUFS ||
      dial.error == ENOMEM) {
    return absl::InternalError("dialing " + ip + ": " + std::string(strerror(dial.error)));
  }
  return Probe::kSilent;
}

}  // namespace

absl::StatusOr<dag::TaskOutputs> PreflightEndpoint(TaskEnv& env) {
  std::string host = env.Param("host");
  if (host.empty()) host = env.op.cluster().control_plane.endpoint_host.value;
  const PlannerTaskRunnerOptions& o = env.deps.options;
  EKSA_ASSIGN_OR_RETURN(Probe probe, Dial(host, o.endpoint_check_port, o.endpoint_check_timeout));
  if (probe == Probe::kAnswered) {
    return absl::FailedPreconditionError(
        "control plane endpoint " + host +
        " is already in use; remediation: pick an unused IP for "
        "controlPlaneConfiguration.endpoint.host, or skip the check with --skip-ip-check");
  }
  return dag::TaskOutputs{{"endpoint", host}, {"in-use", "false"}};
}

}  // namespace eksa::planner::tasks
