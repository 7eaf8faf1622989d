// SOAP bodies in logs: guestinfo.* values (a machine's userdata holds its keys and bootstrap
// token) are masked in requests and property-read responses, whatever the value's prefix.
#include "services/vsphere-agent/client/soap/log_masking.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace eksa::vsphere::soap {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(LogMaskingTest, SessionCookieInSoapHeaderIsMasked) {
  EXPECT_EQ(MaskSessionCookieHeader("<soapenv:Header><vcSessionCookie>52c1-secret</vcSessionCookie>"
                                    "</soapenv:Header><x>52c1</x>"),
            "<soapenv:Header><vcSessionCookie>(masked)</vcSessionCookie></soapenv:Header>"
            "<x>52c1</x>");
  EXPECT_EQ(MaskSessionCookieHeader("<vcSessionCookie>52c1-sec"), "<vcSessionCookie>(masked)");
  EXPECT_EQ(MaskSessionCookieHeader("<name>vm-1</name>"), "<name>vm-1</name>");
  EXPECT_THAT(BodyForLog("<vcSessionCookie>52c1-secret</vcSessionCookie>"),
              Not(HasSubstr("52c1-secret")));
}

TEST(LogMaskingTest, CloneRequestUserdataIsMasked) {
  const std::string body =
      "<extraConfig><key>guestinfo.userdata</key><value xsi:type=\"xsd:string\">U0VDUkVU</value>"
      "</extraConfig><extraConfig><key>guestinfo.userdata.encoding</key>"
      "<value xsi:type=\"xsd:string\">base64</value></extraConfig><numCPUs>2</numCPUs>";
  const std::string logged = MaskGuestInfoValues(body);
  EXPECT_THAT(logged, Not(HasSubstr("U0VDUkVU")));
  EXPECT_EQ(logged,
            "<extraConfig><key>guestinfo.userdata</key><value xsi:type=\"xsd:string\">(masked)"
            "</value></extraConfig><extraConfig><key>guestinfo.userdata.encoding</key>"
            "<value xsi:type=\"xsd:string\">(masked)</value></extraConfig><numCPUs>2</numCPUs>");
}

TEST(LogMaskingTest, PropertyReadResponseWithAnotherPrefixIsMasked) {
  const std::string body =
      "<val XMLSchema-instance:type=\"ArrayOfOptionValue\"><OptionValue><key>guestinfo.metadata"
      "</key><value XMLSchema-instance:type=\"xsd:string\">bWV0YQ==</value></OptionValue>"
      "<OptionValue><key>govcsim</key><value>TRUE</value></OptionValue></val>";
  const std::string logged = MaskGuestInfoValues(body);
  EXPECT_THAT(logged, Not(HasSubstr("bWV0YQ==")));
  EXPECT_THAT(logged, HasSubstr("<key>govcsim</key><value>TRUE</value>"));
}

TEST(LogMaskingTest, BodiesWithoutGuestInfoAndTruncatedOnesAreKept) {
  EXPECT_EQ(MaskGuestInfoValues("<name>vm-1</name>"), "<name>vm-1</name>");
  EXPECT_EQ(MaskGuestInfoValues("<key>guestinfo.userdata</key></OptionValue>"),
            "<key>guestinfo.userdata</key></OptionValue>");
  // A body cut at 2 KiB for the log before the value closes: the partial value is masked too.
  EXPECT_EQ(MaskGuestInfoValues("<key>guestinfo.userdata</key><value>U0VD"),
            "<key>guestinfo.userdata</key><value>(masked)");
}

}  // namespace
}  // namespace eksa::vsphere::soap
