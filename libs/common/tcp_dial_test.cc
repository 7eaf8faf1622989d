#include "libs/common/tcp_dial.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "absl/time/clock.h"

namespace eksa {
namespace {

// A TCP socket bound to 127.0.0.1:<some port>, listening or not (a bound socket that does not
// listen refuses connections).
class LoopbackSocket {
 public:
  explicit LoopbackSocket(bool listening) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    addr_.sin_family = AF_INET;
    addr_.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr_), sizeof(addr_)), 0);
    socklen_t len = sizeof(addr_);
    EXPECT_EQ(getsockname(fd_, reinterpret_cast<sockaddr*>(&addr_), &len), 0);
    if (listening) EXPECT_EQ(listen(fd_, 4), 0);
  }
  ~LoopbackSocket() { close(fd_); }

  int port() const { return ntohs(addr_.sin_port); }
  const sockaddr_in& addr() const { return addr_; }

 private:
  int fd_;
  sockaddr_in addr_{};
};

TEST(DialTcpTest, ListenerIsConnected) {
  LoopbackSocket listener(/*listening=*/true);
  TcpDialResult r = DialTcp("127.0.0.1", listener.port(), absl::Milliseconds(500));
  EXPECT_EQ(r.outcome, TcpDialOutcome::kConnected);
  EXPECT_EQ(r.error, 0);
}

TEST(DialTcpTest, PortWithoutListenerIsRefused) {
  LoopbackSocket bound_only(/*listening=*/false);
  TcpDialResult r = DialTcp("127.0.0.1", bound_only.port(), absl::Milliseconds(500));
  EXPECT_EQ(r.outcome, TcpDialOutcome::kRefused);
  EXPECT_EQ(r.error, ECONNREFUSED);
}

TEST(DialTcpTest, NotAnIpLiteralIsAnError) {
  TcpDialResult r = DialTcp("vc.example.com", 80, absl::Milliseconds(10));
  EXPECT_EQ(r.outcome, TcpDialOutcome::kError);
  EXPECT_EQ(r.error, EINVAL);
}

TEST(DialTcpTest, HandsTheConnectedSocketOverWhenAsked) {
  LoopbackSocket listener(/*listening=*/true);
  int fd = -1;
  TcpDialResult r = DialTcp(reinterpret_cast<const sockaddr*>(&listener.addr()),
                            sizeof(listener.addr()), absl::Now() + absl::Milliseconds(500), &fd);
  ASSERT_EQ(r.outcome, TcpDialOutcome::kConnected);
  ASSERT_GE(fd, 0);
  EXPECT_NE(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
  EXPECT_NE(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
  close(fd);
}

TEST(DialTcpTest, KeepsNoSocketWhenRefused) {
  LoopbackSocket bound_only(/*listening=*/false);
  int fd = -1;
  TcpDialResult r = DialTcp(reinterpret_cast<const sockaddr*>(&bound_only.addr()),
                            sizeof(bound_only.addr()), absl::Now() + absl::Milliseconds(500), &fd);
  EXPECT_EQ(r.outcome, TcpDialOutcome::kRefused);
  EXPECT_EQ(fd, -1);
}

}  // namespace
}  // namespace eksa
