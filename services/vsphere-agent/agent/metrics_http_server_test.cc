// MetricsHttpServer over a real loopback socket: /metrics, /healthz, 404, 405, bind errors.
#include "services/vsphere-agent/agent/metrics_http_server.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "absl/strings/numbers.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Sends `request` to 127.0.0.1:<port of address> and returns everything the server answered.
std::string Exchange(const std::string& address, const std::string& request) {
  int port = 0;
  if (!absl::SimpleAtoi(address.substr(address.rfind(':') + 1), &port)) return "";
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const timeval timeout = {.tv_sec = 5, .tv_usec = 0};  // never hang the test
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in addr = {};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return "";
  }
  (void)!write(fd, request.data(), request.size());
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof(buf))) > 0;) out.append(buf, static_cast<size_t>(n));
  close(fd);
  return out;
}

TEST(MetricsHttpServerTest, ServesMetricsAndHealthOnLoopback) {
  auto server = MetricsHttpServer::Start("127.0.0.1:0", [] { return std::string("up 1\n"); });
  ASSERT_THAT(server, IsOk());
  const std::string address = (*server)->bound_address();
  ASSERT_THAT(address, StartsWith("127.0.0.1:"));
  std::string metrics = Exchange(address, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_THAT(metrics, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(metrics, HasSubstr("Content-Type: text/plain; version=0.0.4"));
  EXPECT_THAT(metrics, HasSubstr("Content-Length: 5\r\n"));
  EXPECT_THAT(metrics, HasSubstr("\r\n\r\nup 1\n"));
  EXPECT_THAT(Exchange(address, "GET /healthz HTTP/1.0\r\n\r\n"), HasSubstr("\r\n\r\nok\n"));
  EXPECT_THAT(Exchange(address, "GET /other HTTP/1.1\r\n\r\n"), StartsWith("HTTP/1.1 404"));
  EXPECT_THAT(Exchange(address, "POST /metrics HTTP/1.1\r\n\r\n"), StartsWith("HTTP/1.1 405"));
  EXPECT_THAT(Exchange(address, "nonsense\r\n\r\n"), StartsWith("HTTP/1.1 400"));
  (*server)->Stop();
  EXPECT_EQ(Exchange(address, "GET /metrics HTTP/1.1\r\n\r\n"), "");
}

TEST(MetricsHttpServerTest, BadAddressesAreErrorsNamingThem) {
  auto render = [] { return std::string(); };
  EXPECT_THAT(MetricsHttpServer::Start("127.0.0.1", render),
              StatusIs(absl::StatusCode::kInvalidArgument));
  auto first = MetricsHttpServer::Start("127.0.0.1:0", render);
  ASSERT_THAT(first, IsOk());
  auto second = MetricsHttpServer::Start((*first)->bound_address(), render);
  EXPECT_THAT(second, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(std::string(second.status().message()), HasSubstr((*first)->bound_address()));
}

}  // namespace
}  // namespace eksa::vsphere_agent
