// DialTcp: one TCP connect with a deadline, telling a connection from a refusal, a reset, a
// timeout and any other error — what "is something listening at ip:port" checks need (EKS-A's
// control-plane IP check) and the first step of a connection made by hand (a TLS probe).
//
//   TcpDialResult r = DialTcp("10.0.0.9", 80, absl::Milliseconds(500));
//   bool answered = r.outcome != TcpDialOutcome::kTimedOut && r.outcome != TcpDialOutcome::kError;
//
// Thread-safe (no shared state).
#pragma once

#include <sys/socket.h>

#include <string_view>

#include "absl/time/time.h"

namespace eksa {

enum class TcpDialOutcome {
  kConnected,
  kRefused,   // ECONNREFUSED: the host answered, nothing listens on the port
  kReset,     // ECONNRESET
  kTimedOut,  // the deadline passed first (or the kernel gave up: ETIMEDOUT)
  kError,     // anything else: unreachable network or host, a bad address, no socket, …
};

struct TcpDialResult {
  TcpDialOutcome outcome = TcpDialOutcome::kError;
  int error = 0;  // the errno behind any outcome but kConnected (ETIMEDOUT for the deadline)
};

// A non-blocking connect to `addr`, waited for until `deadline`. With kConnected and `connected`
// not null, *connected receives the socket (non-blocking, close-on-exec; the caller closes it);
// otherwise the socket is closed before returning. An interrupted wait resumes.
TcpDialResult DialTcp(const sockaddr* addr, socklen_t addr_len, absl::Time deadline,
                      int* connected = nullptr);

// DialTcp to an IPv4 or IPv6 literal (no name resolution) within `timeout`; the socket is closed.
// kError with EINVAL when `ip` is neither.
TcpDialResult DialTcp(std::string_view ip, int port, absl::Duration timeout);

}  // namespace eksa
