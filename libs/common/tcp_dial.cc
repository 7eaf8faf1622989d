#include "libs/common/tcp_dial.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <limits>
#include <string>

#include "absl/time/clock.h"

namespace eksa {
namespace {

// Milliseconds left until `deadline` for poll(), rounded up so a wait never ends early.
int PollTimeoutMs(absl::Time deadline) {
  const absl::Duration left = deadline - absl::Now();
  if (left <= absl::ZeroDuration()) return 0;
  const int64_t ms = absl::ToInt64Milliseconds(absl::Ceil(left, absl::Milliseconds(1)));
  return static_cast<int>(std::min<int64_t>(ms, std::numeric_limits<int>::max()));
}

TcpDialOutcome OutcomeOf(int err) {
  switch (err) {
    case 0:
      return TcpDialOutcome::kConnected;
    case ECONNREFUSED:
      return TcpDialOutcome::kRefused;
    case ECONNRESET:
      return TcpDialOutcome::kReset;
    case ETIMEDOUT:
      return TcpDialOutcome::kTimedOut;
    default:
      return TcpDialOutcome::kError;
  }
}

// The errno the connect of non-blocking `fd` ended with (0: connected).
int WaitForConnect(int fd, absl::Time deadline) {
  for (;;) {
    pollfd p{.fd = fd, .events = POLLOUT, .revents = 0};
    const int ready = poll(&p, 1, PollTimeoutMs(deadline));
    if (ready == 0) return ETIMEDOUT;
    if (ready < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    int err = 0;
    socklen_t len = sizeof(err);
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return errno;
    return err;
  }
}

}  // namespace

TcpDialResult DialTcp(const sockaddr* addr, socklen_t addr_len, absl::Time deadline,
                      int* connected) {
  const int fd = socket(addr->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return {.outcome = TcpDialOutcome::kError, .error = errno};
  int err = connect(fd, addr, addr_len) == 0 ? 0 : errno;
  if (err == EINPROGRESS) err = WaitForConnect(fd, deadline);
  const TcpDialResult result{.outcome = OutcomeOf(err), .error = err};
  if (result.outcome == TcpDialOutcome::kConnected && connected != nullptr) {
    *connected = fd;
  } else {
    close(fd);
  }
  return result;
}

TcpDialResult DialTcp(std::string_view ip_in, int port, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  const std::string ip(ip_in);
  sockaddr_in v4{};
  sockaddr_in6 v6{};
  if (inet_pton(AF_INET, ip.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    v4.sin_port = htons(static_cast<uint16_t>(port));
    return DialTcp(reinterpret_cast<const sockaddr*>(&v4), sizeof(v4), deadline);
  }
  if (inet_pton(AF_INET6, ip.c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(static_cast<uint16_t>(port));
    return DialTcp(reinterpret_cast<const sockaddr*>(&v6), sizeof(v6), deadline);
  }
  return {.outcome = TcpDialOutcome::kError, .error = EINVAL};
}

}  // namespace eksa
