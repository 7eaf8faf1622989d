#include "services/vsphere-agent/client/transport/thumbprint.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::transport {
namespace {

using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::ResultOf;

// Made with `openssl req -x509 -newkey rsa:2048`; its fingerprint from
// `openssl x509 -noout -fingerprint -sha1`.
constexpr char kPem[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIDCzCCAfOgAwIBAgIUaM8OeRKj9fRU+oUL0J2W1CqN8dQwDQYJKoZIhvcNAQEL\n"
    "BQAwFDESMBAGA1UEAwwJZWtzYS10ZXN0MCAXDTI2MTEyNTIyNDE1MFoYDzIxMjYx\n"
    "MTAxMjI0MTUwWjAUMRIwEAYDVQQDDAlla3NhLXRlc3QwggEiMA0GCSqGSIb3DQEB\n"
    "AQUAA4IBDwAwggEKAoIBAQCqZ5MaJbDOLZ11w3o4yQylaFhfVpzvfwv/0ibtK3Om\n"
    "hU5ZMxKZvh+py9bEoIzc+BPIBRERQ1OszBEzQzyA8/+aL6CSK35BZ04f/NeVZzj8\n"
    "qQDnKufjNnnikNu/lbr2lv1L/N54h6jJlJFtlveTDKu2yNOumRsimgfnevIncOrg\n"
    "VHcZJWqu+31NpnZwMuXCaFW9/kzlb3bkuJJC031B5ONMitULIGxePCv+dfSMVnt0\n"
    "QhIKXM6S+Lpe7RHWXPo8zsRpgCM34Gjbk7DY5nnFVvIVfdeAdI+/hjbLmomwWk+O\n"
    "ghScYFWbMoJkA3ehqJeKL99aSCPdS/BXKSQiPKCls0yrAgMBAAGjUzBRMB0GA1Ud\n"
    "DgQWBBQs1qPiADF9z3TYcyzOpMHTZ6FKBTAfBgNVHSMEGDAWgBQs1qPiADF9z3TY\n"
    "cyzOpMHTZ6FKBTAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUAA4IBAQBt\n"
    "gh12N+nCgpIe1uKRMs2uXq9o3IqPoBRIDfrb7GmfYOFbelUVWhRtyczNnxTVmgFB\n"
    "exxzDsmBetKYHXF1L7VXHy+2uh1Ju+DXpI68znlMDDRgyj8/tvNa1KyDX+At/M3M\n"
    "xDGe6rOurIhIl+PY1LMoJ+Xt0InYJIv+XKg4zONK6MCKXVtHLVwMjKwk8cS4Um2y\n"
    "CDSDn93ClfNVI3AxN65Gp2yY01/9+zoZ+MynBaZdsSnzEvy5VYMcT+cwsJa62q9l\n"
    "URlifpyPh4iijYVoepieNziBNwoWij2FksbdTOLJ+1recOjFS8cCURvtm0StvmpG\n"
    "yj2qYWc92Jr1UV2eWt87\n"
    "-----END CERTIFICATE-----\n";
constexpr char kPemSha1[] = "A9:53:98:30:97:36:71:82:87:90:1E:F6:18:9C:72:92:A8:22:C4:CD";

auto Formatted() {
  return ResultOf([](const Thumbprint& t) { return FormatThumbprint(t); }, kPemSha1);
}

TEST(ThumbprintTest, ParsesVCenterFormatAnyCase) {
  EXPECT_THAT(ParseThumbprint(kPemSha1), IsOkAndHolds(Formatted()));
  EXPECT_THAT(ParseThumbprint("a9:53:98:30:97:36:71:82:87:90:1e:f6:18:9c:72:92:a8:22:c4:cd"),
              IsOkAndHolds(Formatted()));
  EXPECT_THAT(ParseThumbprint("  A9:53:98:30:97:36:71:82:87:90:1E:F6:18:9C:72:92:A8:22:C4:CD\n"),
              IsOkAndHolds(Formatted()));
}

TEST(ThumbprintTest, RejectsMalformed) {
  EXPECT_THAT(ParseThumbprint(""), StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr("malformed thumbprint: empty")));
  EXPECT_THAT(ParseThumbprint("A9-53-98-30-97-36-71-82-87-90-1E-F6-18-9C-72-92-A8-22-C4-CD"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("expected ':' at 3")));
  EXPECT_THAT(ParseThumbprint("G9:53:98:30:97:36:71:82:87:90:1E:F6:18:9C:72:92:A8:22:C4:CD"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("non-hex character at 1")));
  EXPECT_THAT(ParseThumbprint("A953983097367182"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("16 characters")));
  EXPECT_THAT(
      ParseThumbprint("44:8F:62:8A:8A:65:AA:18:56:0E:53:A8:0C:53:AC:B3:8C:51:B4:27:DF:03:34:08:"
                      "23:49:14:11:47:DC:9B:F6"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("SHA-256")));
}

TEST(ThumbprintTest, OfPemMatchesOpenSslFingerprint) {
  EXPECT_THAT(ThumbprintOfPem(kPem), IsOkAndHolds(Formatted()));
  EXPECT_THAT(ThumbprintOfPem("not a certificate"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no PEM certificate")));
}

TEST(ThumbprintTest, OfDerIsSha1) {
  // SHA-1("abc") = a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d.
  EXPECT_EQ(FormatThumbprint(ThumbprintOfDer("abc")),
            "A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D");
}

}  // namespace
}  // namespace eksa::vsphere::transport
