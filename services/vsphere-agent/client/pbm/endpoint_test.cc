// SessionCaller: the PBM envelope (path, namespace, SOAPAction, the vim25 session's cookie in the
// SOAP header and the Cookie header), the cookie followed after a re-login, no request without a
// session, faults through soap/fault.h, and the refresh-then-retry on NotAuthenticated.
#include "services/vsphere-agent/client/pbm/endpoint.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/vsphere-agent/client/pbm/testing/testdata.h"
#include "services/vsphere-agent/client/soap/envelope.h"
#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/transport/testing/fake_transport.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::pbm {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::eksa::vsphere::transport::FakeTransport;
using ::eksa::vsphere::transport::Method;
using ::eksa::vsphere::transport::Request;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Pair;
using testing::PbmMethodIs;
using testing::PbmTestdata;

constexpr char kThis[] = "<_this type=\"PbmServiceInstance\">ServiceInstance</_this>";

TEST(EndpointTest, Options) {
  soap::ClientOptions o = EndpointOptions();
  EXPECT_EQ(o.path, "/pbm");
  EXPECT_EQ(o.xml_namespace, "urn:pbm");
  EXPECT_EQ(o.soap_action, "urn:pbm/2.0");
  EXPECT_EQ(o.cookie_header_element, "vcSessionCookie");
  EXPECT_EQ(EndpointOptions("/pbm/sdk").path, "/pbm/sdk");
}

TEST(SessionCallerTest, SendsTheVimSessionCookieInTheSoapHeaderAndAsCookie) {
  FakeTransport fake;
  fake.Expect(PbmMethodIs("PbmRetrieveServiceContent"))
      .Reply(200, PbmTestdata("retrieve_service_content.xml"));
  soap::Client vim(fake);
  vim.set_session_cookie("\"52c1-abc\"");  // vCenter 6.7+ quotes it
  SessionCaller pbm(vim);
  absl::StatusOr<soap::Response> r = pbm.Call("PbmRetrieveServiceContent", kThis);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(soap::ChildText(soap::Child(r->returnval(), "aboutInfo"), "name"), "PBM");
  const Request sent = fake.requests().at(0);
  EXPECT_EQ(sent.method, Method::kPost);
  EXPECT_EQ(sent.path, "/pbm");
  EXPECT_EQ(sent.body,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
            " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
            " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            "<soapenv:Header><vcSessionCookie>52c1-abc</vcSessionCookie></soapenv:Header>"
            "<soapenv:Body><PbmRetrieveServiceContent xmlns=\"urn:pbm\">"
            "<_this type=\"PbmServiceInstance\">ServiceInstance</_this>"
            "</PbmRetrieveServiceContent></soapenv:Body></soapenv:Envelope>");
  EXPECT_THAT(sent.headers, Contains(Pair("SOAPAction", "urn:pbm/2.0")));
  EXPECT_THAT(sent.headers, Contains(Pair("Cookie", "vmware_soap_session=\"52c1-abc\"")));
  EXPECT_EQ(pbm.url(), "https://vcenter.test/pbm");
  EXPECT_EQ(vim.session_cookie(), "\"52c1-abc\"");  // the vim25 client is left as it was
}

TEST(SessionCallerTest, FollowsTheVimCookieAcrossReloginsAndTakesAnotherPath) {
  FakeTransport fake;
  fake.Expect(PbmMethodIs("PbmRetrieveServiceContent"))
      .Reply(200, PbmTestdata("retrieve_service_content.xml"))
      .Times(2);
  soap::Client vim(fake);
  SessionCaller pbm(vim, {.path = "/pbm/sdk"});
  vim.set_session_cookie("first");
  ASSERT_THAT(pbm.Call("PbmRetrieveServiceContent", kThis), IsOk());
  vim.set_session_cookie("second");
  ASSERT_THAT(pbm.Call("PbmRetrieveServiceContent", kThis), IsOk());
  EXPECT_EQ(fake.requests().at(0).path, "/pbm/sdk");
  EXPECT_THAT(fake.requests().at(0).body, HasSubstr("<vcSessionCookie>first</vcSessionCookie>"));
  EXPECT_THAT(fake.requests().at(1).body, HasSubstr("<vcSessionCookie>second</vcSessionCookie>"));
}

TEST(SessionCallerTest, NoSessionMeansNoRequest) {
  FakeTransport fake;
  soap::Client vim(fake);
  SessionCaller pbm(vim);
  EXPECT_THAT(pbm.Call("PbmQueryProfile", "<x/>"),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       "PbmQueryProfile: no vCenter session to send to https://vcenter.test/pbm "
                       "(log in through the vim25 endpoint first)"));
  EXPECT_TRUE(fake.requests().empty());
}

TEST(SessionCallerTest, FaultsMapThroughTheSoapFaultTable) {
  FakeTransport fake;
  fake.Expect(PbmMethodIs("PbmRetrieveContent"))
      .Reply(500, PbmTestdata("fault_invalid_argument.xml"));
  fake.Expect(PbmMethodIs("PbmQueryProfile"))
      .Reply(500, PbmTestdata("fault_not_authenticated.xml"));
  fake.Expect(PbmMethodIs("PbmRetrieveServiceContent"))
      .Fail(absl::UnavailableError("POST https://vcenter.test/pbm: Connection refused"));
  soap::Client vim(fake);
  vim.set_session_cookie("c");
  SessionCaller pbm(vim);
  absl::StatusOr<soap::Response> bad = pbm.Call("PbmRetrieveContent", "<x/>");
  EXPECT_THAT(bad,
              StatusIs(absl::StatusCode::kInvalidArgument, "PbmRetrieveContent: InvalidArgument"));
  ASSERT_TRUE(soap::FaultFromStatus(bad.status()).has_value());
  EXPECT_EQ(soap::FaultFromStatus(bad.status())->fields["invalidProperty"], "profileId");
  absl::StatusOr<soap::Response> noauth = pbm.Call("PbmQueryProfile", "<x/>");
  EXPECT_THAT(noauth,
              StatusIs(absl::StatusCode::kUnauthenticated, "PbmQueryProfile: NotAuthenticated"));
  EXPECT_TRUE(soap::IsFault(noauth.status(), "NotAuthenticated"));
  EXPECT_THAT(pbm.Call("PbmRetrieveServiceContent", kThis),
              StatusIs(absl::StatusCode::kUnavailable,
                       "PbmRetrieveServiceContent: POST https://vcenter.test/pbm: Connection "
                       "refused"));
}

TEST(SessionCallerTest, NotAuthenticatedRefreshesTheSessionAndRetriesOnce) {
  FakeTransport fake;
  fake.Expect(PbmMethodIs("PbmQueryProfile"))
      .Reply(500, PbmTestdata("fault_not_authenticated.xml"));
  fake.Expect(PbmMethodIs("PbmQueryProfile")).Reply(200, PbmTestdata("query_profile.xml"));
  soap::Client vim(fake);
  vim.set_session_cookie("expired");
  int refreshed = 0;
  SessionCaller pbm(vim, {.refresh_session = [&] {
                      ++refreshed;
                      vim.set_session_cookie("renewed");
                      return absl::OkStatus();
                    }});
  ASSERT_THAT(pbm.Call("PbmQueryProfile", "<x/>"), IsOk());
  EXPECT_EQ(refreshed, 1);
  EXPECT_THAT(fake.requests().at(1).body, HasSubstr("<vcSessionCookie>renewed</vcSessionCookie>"));
}

TEST(SessionCallerTest, NotAuthenticatedTwiceOrAFailedRefreshIsReturned) {
  FakeTransport fake;
  fake.Expect(PbmMethodIs("PbmQueryProfile"))
      .Reply(500, PbmTestdata("fault_not_authenticated.xml"))
      .Times(3);
  soap::Client vim(fake);
  vim.set_session_cookie("c");
  int refreshed = 0;
  SessionCaller twice(vim, {.refresh_session = [&] {
                        ++refreshed;
                        return absl::OkStatus();
                      }});
  EXPECT_THAT(twice.Call("PbmQueryProfile", "<x/>"),
              StatusIs(absl::StatusCode::kUnauthenticated, "PbmQueryProfile: NotAuthenticated"));
  EXPECT_EQ(refreshed, 1);
  SessionCaller failing(
      vim, {.refresh_session = [] {
        return absl::UnauthenticatedError("Login: InvalidLogin: Cannot complete login");
      }});
  EXPECT_THAT(failing.Call("PbmQueryProfile", "<x/>"),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       "PbmQueryProfile: the vCenter session was not authenticated; renewing "
                       "it: Login: InvalidLogin: Cannot complete login"));
  EXPECT_EQ(fake.CountRequests("<PbmQueryProfile "), 3);
}

}  // namespace
}  // namespace eksa::vsphere::pbm
