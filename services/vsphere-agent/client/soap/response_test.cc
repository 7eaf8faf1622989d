#include "services/vsphere-agent/client/soap/response.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <utility>

#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/soap/testing/testdata.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::soap {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::SizeIs;

TEST(ResponseTest, ParsesMethodResponseAndOwnsTheDocument) {
  absl::StatusOr<Response> r = Response::Parse(
      SoapTestdata("retrieve_service_content_response.xml"), "RetrieveServiceContent");
  ASSERT_THAT(r, IsOk());
  Response moved = *std::move(r);  // nodes stay valid: the document moved with them
  EXPECT_EQ(LocalName(moved.body()), "RetrieveServiceContentResponse");
  EXPECT_EQ(ChildText(moved.returnval(), "rootFolder"), "group-d1");
  EXPECT_THAT(moved.returnvals(), SizeIs(1));
}

TEST(ResponseTest, AnyEnvelopePrefixAndRepeatedOrMissingReturnval) {
  absl::StatusOr<Response> r = Response::Parse(
      "<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\"><S:Header/><S:Body>"
      "<RetrieveEntityPermissionsResponse xmlns=\"urn:vim25\"><returnval>1</returnval>"
      "<returnval>2</returnval></RetrieveEntityPermissionsResponse></S:Body></S:Envelope>",
      "RetrieveEntityPermissions");
  ASSERT_THAT(r, IsOk());
  EXPECT_THAT(r->returnvals(), SizeIs(2));
  absl::StatusOr<Response> empty = Response::Parse(
      "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
      "<soapenv:Body><FindByInventoryPathResponse xmlns=\"urn:vim25\"/></soapenv:Body>"
      "</soapenv:Envelope>",
      "FindByInventoryPath");
  ASSERT_THAT(empty, IsOk());
  EXPECT_FALSE(empty->returnval());
}

TEST(ResponseTest, MalformedIsInternal) {
  EXPECT_THAT(Response::Parse("<not xml", "Login"),
              StatusIs(absl::StatusCode::kInternal,
                       HasSubstr("malformed SOAP response to Login: XML does not parse")));
  EXPECT_THAT(Response::Parse("<Envelope/>", "Login"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("no soapenv:Envelope element")));
  // The right local names in the wrong namespace do not count.
  EXPECT_THAT(Response::Parse("<soapenv:Envelope xmlns:soapenv=\"urn:other\"><soapenv:Body/>"
                              "</soapenv:Envelope>",
                              "Login"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("no soapenv:Envelope element")));
  EXPECT_THAT(Response::Parse(SoapTestdata("login_response.xml"), "Logout"),
              StatusIs(absl::StatusCode::kInternal,
                       "malformed SOAP response to Logout: no LogoutResponse element"));
}

TEST(DecodeResponseTest, FaultProxyErrorAndUnexpectedStatus) {
  EXPECT_THAT(
      DecodeResponse(500, SoapTestdata("fault_invalid_login.xml"), "Login", "POST https://vc/sdk"),
      StatusIs(absl::StatusCode::kUnauthenticated,
               HasSubstr("Cannot complete login due to an incorrect user name")));
  EXPECT_THAT(DecodeResponse(503, "Service Unavailable\n", "Login", "POST https://vc/sdk"),
              StatusIs(absl::StatusCode::kUnavailable,
                       "POST https://vc/sdk: HTTP 503: Service Unavailable"));
  EXPECT_THAT(
      DecodeResponse(500, "<html>oops</html>", "Login", "POST https://vc/sdk"),
      StatusIs(absl::StatusCode::kInternal, "POST https://vc/sdk: HTTP 500: <html>oops</html>"));
  EXPECT_THAT(DecodeResponse(302, "", "Login", "POST https://vc/sdk"),
              StatusIs(absl::StatusCode::kInternal,
                       "POST https://vc/sdk: unexpected HTTP 302 to a SOAP call"));
  // A fault in a 200 body (some proxies) is still a fault.
  EXPECT_TRUE(
      IsFault(DecodeResponse(200, SoapTestdata("fault_task_in_progress.xml"), "X", "c").status(),
              "TaskInProgress"));
}

}  // namespace
}  // namespace eksa::vsphere::soap
