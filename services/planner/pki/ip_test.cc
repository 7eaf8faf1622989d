#include "services/planner/pki/ip.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/testing/status_matchers.h"

namespace eksa::planner::pki {
namespace {

using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::HasSubstr;

TEST(IpTest, ParsesAndFormatsIpv4) {
  EXPECT_THAT(ParseIpv4("10.96.0.1"), IsOkAndHolds(0x0a600001u));
  EXPECT_EQ(FormatIpv4(0x7f00000au), "127.0.0.10");
  EXPECT_THAT(ParseIpv4("10.96.0"), StatusIs(absl::StatusCode::kInvalidArgument,
                                             HasSubstr("\"10.96.0\" is not an IPv4 address")));
  EXPECT_THAT(ParseIpv4("::1"), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("::1")));
}

TEST(IpTest, RecognisesBothFamilies) {
  EXPECT_TRUE(IsIpAddress("127.0.0.1"));
  EXPECT_TRUE(IsIpAddress("fd00::1"));
  EXPECT_FALSE(IsIpAddress("localhost"));
  EXPECT_FALSE(IsIpAddress(""));
}

TEST(IpTest, NthAddressInCidr) {
  struct Case {
    std::string cidr;
    std::uint32_t n;
    std::string want;  // empty: want kInvalidArgument
  };
  const Case cases[] = {
      {"10.96.0.0/12", 1, "10.96.0.1"},
      {"10.96.0.0/12", 10, "10.96.0.10"},
      {"10.100.0.0/16", 1, "10.100.0.1"},
      {"10.96.7.9/12", 1, "10.96.0.1"},
      {"192.168.1.0/30", 3, "192.168.1.3"},
      {"192.168.1.0/30", 4, ""},
      {"10.96.0.0", 1, ""},
      {"10.96.0.0/33", 1, ""},
      {"10.96.0.0/x", 1, ""},
      {"fd00::/108", 1, ""},
      {"0.0.0.0/0", 1, "0.0.0.1"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.cidr + " #" + std::to_string(c.n));
    if (c.want.empty()) {
      EXPECT_THAT(NthAddressInCidr(c.cidr, c.n),
                  StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.cidr.substr(0, 4))));
    } else {
      EXPECT_THAT(NthAddressInCidr(c.cidr, c.n), IsOkAndHolds(c.want));
    }
  }
}

}  // namespace
}  // namespace eksa::planner::pki
