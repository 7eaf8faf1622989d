#include "services/vsphere-agent/backend/ip_in_use.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace eksa::vsphere_agent::backend {

std::string_view DialOutcomeName(DialOutcome outcome) {
  switch (outcome) {
    case DialOutcome::kConnected:
      return "connected";
    case DialOutcome::kRefused:
      return "refused";
    case DialOutcome::kReset:
      return "reset";
    case DialOutcome::kTimedOut:
      return "timed out";
    case DialOutcome::kUnreachable:
      return "unreachable";
  }
  return "unknown";
}

bool InUse(DialOutcome outcome) {
  return outcome == DialOutcome::kConnected || outcome == DialOutcome::kRefused ||
         outcome == DialOutcome::kReset;
}

DialOutcome Dial(std::string_view ip_in, int port, absl::Duration timeout) {
  const std::string ip(ip_in);
  sockaddr_storage addr{};
  socklen_t len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&addr);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&addr);
  if (inet_pton(AF_INET, ip.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(port));
    len = sizeof(*v4);
  } else if (inet_pton(AF_INET6, ip.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(port));
    len = sizeof(*v6);
  } else {
    return DialOutcome::kUnreachable;
  }
  int fd = socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return DialOutcome::kUnreachable;
  DialOutcome outcome = DialOutcome::kConnected;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0) {
    int err = errno;
    if (err == EINPROGRESS) {
      pollfd p{.fd = fd, .events = POLLOUT};
      if (poll(&p, 1, static_cast<int>(absl::ToInt64Milliseconds(timeout))) <= 0) {
        close(fd);
        return DialOutcome::kTimedOut;
      }
      socklen_t l = sizeof(err);
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &l);
    }
    if (err == 0 || err == EINPROGRESS) {
      outcome = DialOutcome::kConnected;
    } else if (err == ECONNREFUSED) {
      outcome = DialOutcome::kRefused;
    } else if (err == ECONNRESET) {
      outcome = DialOutcome::kReset;
    } else if (err == ETIMEDOUT) {
      outcome = DialOutcome::kTimedOut;
    } else {
      outcome = DialOutcome::kUnreachable;
    }
  }
  close(fd);
  return outcome;
}

}  // namespace eksa::vsphere_agent::backend
