// preflight-endpoint (local): the control-plane endpoint IP must not be in use yet. EKS-A's check
// (pkg/networkutils IsIPInUse): TCP dial <ip>:80 with a 500 ms timeout; a connection, a refusal
// or a reset all mean something answers at that address ("in use"); a timeout (or an unreachable
// network) means free. The port and timeout come from the runner's options so tests can aim at a
// 127.0.0.x listener they own.
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "libs/common/status_macros.h"
#include "services/planner/tasks/task_env.h"

namespace eksa::planner::tasks {
namespace {

enum class Probe { kAnswered, kSilent };

// One non-blocking connect, waited for with poll().
absl::StatusOr<Probe> Dial(const std::string& ip, int port, absl::Duration timeout) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, ip.c_str(), &addr.sin_addr) != 1) {
    return absl::InvalidArgumentError("control plane endpoint \"" + ip +
                                      "\" is not an IPv4 address");
  }
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::InternalError("creating a socket: " + std::string(strerror(errno)));
  int err = 0;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) err = errno;
  if (err == EINPROGRESS) {
    pollfd p{.fd = fd, .events = POLLOUT, .revents = 0};
    int ready = poll(&p, 1, static_cast<int>(absl::ToInt64Milliseconds(timeout)));
    socklen_t len = sizeof err;
    err = ready == 0 ? ETIMEDOUT : 0;
    if (ready > 0) getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
  }
  close(fd);
  if (err == 0 || err == ECONNREFUSED || err == ECONNRESET) return Probe::kAnswered;
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
