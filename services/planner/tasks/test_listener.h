// Test support: TCP sockets on 127.0.0.x addresses a test owns, for preflight-endpoint.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace eksa::planner::tasks::testing {

// A TCP socket bound to `ip` at a free port. listen(backlog) when `listening`; with backlog 0 and
// one connection left unaccepted the accept queue is full, and Linux drops further SYNs: a dial
// then times out, as for an unused address.
class Listener {
 public:
  Listener(const std::string& ip, bool listening, bool saturated = false) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    inet_pton(AF_INET, ip.c_str(), &addr.sin_addr);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    if (!listening) return;
    EXPECT_EQ(listen(fd_, saturated ? 0 : 16), 0);
    if (saturated) {
      filler_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      EXPECT_EQ(connect(filler_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    }
  }
  ~Listener() {
    if (filler_ >= 0) close(filler_);
    close(fd_);
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int filler_ = -1;
  int port_ = 0;
};

}  // namespace eksa::planner::tasks::testing
