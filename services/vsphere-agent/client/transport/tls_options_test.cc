#include "services/vsphere-agent/client/transport/tls_options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::transport {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kPin[] = "A9:53:98:30:97:36:71:82:87:90:1E:F6:18:9C:72:92:A8:22:C4:CD";

TEST(TlsOptionsTest, OneModeAtMost) {
  EXPECT_THAT(ValidateTlsOptions({}), IsOk());
  EXPECT_THAT(ValidateTlsOptions({.ca_file = "/etc/ca.pem"}), IsOk());
  EXPECT_THAT(ValidateTlsOptions({.ca_pem = "-----BEGIN"}), IsOk());
  EXPECT_THAT(ValidateTlsOptions({.thumbprint = kPin}), IsOk());
  EXPECT_THAT(ValidateTlsOptions({.insecure = true}), IsOk());
  EXPECT_THAT(ValidateTlsOptions({.ca_file = "/etc/ca.pem", .thumbprint = kPin}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("set only one of")));
  EXPECT_THAT(ValidateTlsOptions({.thumbprint = kPin, .insecure = true}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("set only one of")));
}

TEST(TlsOptionsTest, ThumbprintMustParse) {
  EXPECT_THAT(ValidateTlsOptions({.thumbprint = "sha1:abc"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("malformed thumbprint")));
}

}  // namespace
}  // namespace eksa::vsphere::transport
