#include "services/vsphere-agent/client/transport/http_status.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::transport {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;

TEST(HttpStatusTest, MapsCodes) {
  using C = absl::StatusCode;
  const struct {
    int http;
    C code;
  } cases[] = {{200, C::kOk},
               {204, C::kOk},
               {302, C::kOk},
               {400, C::kInvalidArgument},
               {401, C::kUnauthenticated},
               {403, C::kPermissionDenied},
               {404, C::kNotFound},
               {408, C::kDeadlineExceeded},
               {409, C::kAborted},
               {418, C::kFailedPrecondition},
               {429, C::kResourceExhausted},
               {499, C::kCancelled},
               {500, C::kInternal},
               {501, C::kUnimplemented},
               {502, C::kUnavailable},
               {503, C::kUnavailable},
               {504, C::kUnavailable},
               {599, C::kInternal},
               {0, C::kUnknown},
               {100, C::kUnknown}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.http);
    EXPECT_EQ(HttpStatusToCode(c.http), c.code);
  }
}

TEST(HttpStatusTest, MessageNamesCallAndFirstBodyLineRedacted) {
  EXPECT_THAT(HttpStatusToStatus(200, "POST https://vc/sdk", "ok"), IsOk());
  EXPECT_THAT(HttpStatusToStatus(503, "POST https://vc/sdk", "Service Unavailable\nmore"),
              StatusIs(absl::StatusCode::kUnavailable,
                       "POST https://vc/sdk: HTTP 503: Service Unavailable"));
  EXPECT_THAT(HttpStatusToStatus(401, "GET https://vc/rest", "password=hunter22"),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       "GET https://vc/rest: HTTP 401: password=*****"));
  EXPECT_THAT(HttpStatusToStatus(500, "POST https://vc/sdk", ""),
              StatusIs(absl::StatusCode::kInternal, "POST https://vc/sdk: HTTP 500"));
  EXPECT_THAT(HttpStatusToStatus(502, "x", std::string(500, 'a')),
              StatusIs(absl::StatusCode::kUnavailable, "x: HTTP 502: " + std::string(200, 'a')));
}

}  // namespace
}  // namespace eksa::vsphere::transport
