#include "services/vsphere-agent/client/transport/base_url.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::transport {
namespace {

using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::HasSubstr;

TEST(BaseUrlFromServerTest, Normalizes) {
  EXPECT_THAT(BaseUrlFromServer("vc.example.com"), IsOkAndHolds("https://vc.example.com"));
  EXPECT_THAT(BaseUrlFromServer(" 127.0.10.1 "), IsOkAndHolds("https://127.0.10.1"));
  EXPECT_THAT(BaseUrlFromServer("10.0.0.5:8443"), IsOkAndHolds("https://10.0.0.5:8443"));
  EXPECT_THAT(BaseUrlFromServer("https://vc.example.com/sdk"),
              IsOkAndHolds("https://vc.example.com"));
  EXPECT_THAT(BaseUrlFromServer("HTTPS://user:pw@vc:443/sdk?x=1"), IsOkAndHolds("https://vc:443"));
  EXPECT_THAT(BaseUrlFromServer("[::1]:8443"), IsOkAndHolds("https://[::1]:8443"));
  EXPECT_THAT(BaseUrlFromServer("http://127.0.0.1:8989"), IsOkAndHolds("http://127.0.0.1:8989"));
}

TEST(BaseUrlFromServerTest, RejectsMalformed) {
  EXPECT_THAT(BaseUrlFromServer(""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(BaseUrlFromServer("ftp://vc"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("scheme ftp is not https")));
  EXPECT_THAT(BaseUrlFromServer("vc:0"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("malformed port 0")));
  EXPECT_THAT(BaseUrlFromServer("vc:https"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(BaseUrlFromServer("https:///sdk"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no host name")));
  EXPECT_THAT(BaseUrlFromServer("[::1"), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace eksa::vsphere::transport
