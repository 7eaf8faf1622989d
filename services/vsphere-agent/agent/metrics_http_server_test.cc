// MetricsHttpServer over a real loopback socket: /metrics, /healthz, 404, 405, bind errors.
#include "services/vsphere-agent/agent/metrics_http_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/testing/loopback_exchange.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::LoopbackExchange;
using ::eksa::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(MetricsHttpServerTest, ServesMetricsAndHealthOnLoopback) {
  auto server = MetricsHttpServer::Start("127.0.0.1:0", [] { return std::string("up 1\n"); });
  ASSERT_THAT(server, IsOk());
  const std::string address = (*server)->bound_address();
  ASSERT_THAT(address, StartsWith("127.0.0.1:"));
  std::string metrics = LoopbackExchange(address, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_THAT(metrics, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(metrics, HasSubstr("Content-Type: text/plain; version=0.0.4"));
  EXPECT_THAT(metrics, HasSubstr("Content-Length: 5\r\n"));
  EXPECT_THAT(metrics, HasSubstr("\r\n\r\nup 1\n"));
  EXPECT_THAT(LoopbackExchange(address, "GET /healthz HTTP/1.0\r\n\r\n"),
              HasSubstr("\r\n\r\nok\n"));
  EXPECT_THAT(LoopbackExchange(address, "GET /other HTTP/1.1\r\n\r\n"), StartsWith("HTTP/1.1 404"));
  EXPECT_THAT(LoopbackExchange(address, "POST /metrics HTTP/1.1\r\n\r\n"),
              StartsWith("HTTP/1.1 405"));
  EXPECT_THAT(LoopbackExchange(address, "nonsense\r\n\r\n"), StartsWith("HTTP/1.1 400"));
  (*server)->Stop();
  EXPECT_EQ(LoopbackExchange(address, "GET /metrics HTTP/1.1\r\n\r\n"), "");
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
