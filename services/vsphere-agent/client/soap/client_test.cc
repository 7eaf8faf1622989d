#include "services/vsphere-agent/client/soap/client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/soap/testing/testdata.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/transport/testing/fake_transport.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::soap {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::eksa::vsphere::transport::FakeTransport;
using ::eksa::vsphere::transport::Method;
using ::eksa::vsphere::transport::Request;
using ::eksa::vsphere::transport::SoapMethodIs;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;

constexpr char kThis[] = "<_this type=\"ServiceInstance\">ServiceInstance</_this>";

TEST(ClientTest, PostsEnvelopeToSdkWithSoapHeaders) {
  FakeTransport fake;
  fake.Expect(SoapMethodIs("RetrieveServiceContent"))
      .Reply(200, SoapTestdata("retrieve_service_content_response.xml"));
  Client client(fake);
  absl::StatusOr<Response> r = client.Call("RetrieveServiceContent", kThis);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(ChildText(r->returnval(), "propertyCollector"), "propertyCollector");
  const Request sent = fake.requests().at(0);
  EXPECT_EQ(sent.method, Method::kPost);
  EXPECT_EQ(sent.path, "/sdk");
  EXPECT_EQ(sent.body, BuildEnvelope("RetrieveServiceContent", kThis));
  EXPECT_THAT(sent.headers, Contains(Pair("SOAPAction", "urn:vim25/6.5")));
  EXPECT_THAT(sent.headers, Contains(Pair("Content-Type", "text/xml; charset=\"utf-8\"")));
  EXPECT_THAT(sent.headers, Not(Contains(Pair("Cookie", ::testing::_))));
  EXPECT_EQ(client.url(), "https://vcenter.test/sdk");
}

TEST(ClientTest, SoapActionAndPathAreConfigurable) {
  FakeTransport fake;
  fake.Expect(SoapMethodIs("CurrentTime")).Reply(200, "x");
  Client client(fake, {.path = "/sdk/vimService", .soap_action = "urn:vim25/7.0"});
  (void)client.Call("CurrentTime", kThis);
  EXPECT_EQ(fake.requests().at(0).path, "/sdk/vimService");
  EXPECT_THAT(fake.requests().at(0).headers, Contains(Pair("SOAPAction", "urn:vim25/7.0")));
}

TEST(ClientTest, KeepsTheSessionCookieFromSetCookie) {
  FakeTransport fake;
  fake.Expect(SoapMethodIs("Login"))
      .Reply(200, SoapTestdata("login_response.xml"),
             {{"Date", "x"}, {"Set-Cookie", "vmware_soap_session=\"52c1\"; Path=/; HttpOnly"}});
  fake.Expect(SoapMethodIs("CurrentTime")).Reply(200, "x").Times(2);
  Client client(fake);
  ASSERT_THAT(client.Call("Login", "<_this type=\"SessionManager\">SessionManager</_this>"),
              IsOk());
  EXPECT_EQ(client.session_cookie(), "\"52c1\"");  // vCenter 6.7+ quotes it; sent back as is
  (void)client.Call("CurrentTime", kThis);
  EXPECT_THAT(fake.requests().at(1).headers,
              Contains(Pair("Cookie", "vmware_soap_session=\"52c1\"")));
  client.set_session_cookie("");
  (void)client.Call("CurrentTime", kThis);
  EXPECT_THAT(fake.requests().at(2).headers, Not(Contains(Pair("Cookie", ::testing::_))));
}

// Another SOAP endpoint of the vCenter (SPBM's shape): its path, namespace and SOAPAction, the
// session cookie both as the Cookie header (verbatim) and in the SOAP header (unquoted,
// escaped); the answer's
// <MethodResponse> is looked for in that namespace.
TEST(ClientTest, OtherEndpointNamespaceAndCookieInSoapHeader) {
  constexpr char kPbmAnswer[] =
      "<?xml version=\"1.0\"?><soapenv:Envelope "
      "xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
      "<PbmQueryProfileResponse xmlns=\"urn:pbm\"><returnval><uniqueId>p-1</uniqueId>"
      "</returnval></PbmQueryProfileResponse></soapenv:Body></soapenv:Envelope>";
  FakeTransport fake;
  fake.Expect("<PbmQueryProfile xmlns=\"urn:pbm\"").Reply(200, kPbmAnswer).Times(2);
  Client client(fake, {.path = "/pbm",
                       .soap_action = "urn:pbm/2.0",
                       .xml_namespace = "urn:pbm",
                       .cookie_header_element = "vcSessionCookie"});
  client.set_session_cookie("\"52c1&\"");
  absl::StatusOr<Response> r = client.Call("PbmQueryProfile", "<x/>");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(ChildText(r->returnval(), "uniqueId"), "p-1");
  const Request sent = fake.requests().at(0);
  EXPECT_EQ(sent.path, "/pbm");
  EXPECT_EQ(sent.body, BuildEnvelope("PbmQueryProfile", "<x/>", "urn:pbm",
                                     "<vcSessionCookie>52c1&amp;</vcSessionCookie>"));
  EXPECT_THAT(sent.headers, Contains(Pair("SOAPAction", "urn:pbm/2.0")));
  EXPECT_THAT(sent.headers, Contains(Pair("Cookie", "vmware_soap_session=\"52c1&\"")));
  EXPECT_EQ(client.url(), "https://vcenter.test/pbm");
  // Without a cookie: no SOAP header at all.
  client.set_session_cookie("");
  ASSERT_THAT(client.Call("PbmQueryProfile", "<x/>"), IsOk());
  EXPECT_EQ(fake.requests().at(1).body, BuildEnvelope("PbmQueryProfile", "<x/>", "urn:pbm", ""));
}

TEST(ClientTest, Vim25ClientSendsNoSoapHeaderAndWantsVim25Answers) {
  constexpr char kPbmAnswer[] =
      "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
      "<soapenv:Body><CurrentTimeResponse xmlns=\"urn:pbm\"/></soapenv:Body></soapenv:Envelope>";
  FakeTransport fake;
  fake.Expect(SoapMethodIs("CurrentTime")).Reply(200, kPbmAnswer);
  Client client(fake);
  client.set_session_cookie("52c1");
  EXPECT_THAT(client.Call("CurrentTime", kThis),
              StatusIs(absl::StatusCode::kInternal,
                       "CurrentTime: malformed SOAP response to CurrentTime: no "
                       "CurrentTimeResponse element"));
  EXPECT_EQ(fake.requests().at(0).body, BuildEnvelope("CurrentTime", kThis));
  EXPECT_THAT(fake.requests().at(0).body, Not(HasSubstr("Header")));
}

TEST(ClientTest, FaultsAndTransportErrorsArePrefixedWithTheMethod) {
  FakeTransport fake;
  fake.Expect(SoapMethodIs("Login")).Reply(500, SoapTestdata("fault_invalid_login.xml"));
  fake.Expect(SoapMethodIs("Logout"))
      .Fail(absl::UnavailableError("POST https://vcenter.test/sdk: Connection refused"));
  fake.Expect(SoapMethodIs("CurrentTime")).Reply(200, "<garbage");
  Client client(fake);
  absl::StatusOr<Response> login = client.Call("Login", "");
  EXPECT_THAT(login, StatusIs(absl::StatusCode::kUnauthenticated,
                              "Login: InvalidLogin: Cannot complete login due to an incorrect "
                              "user name or password."));
  EXPECT_TRUE(IsFault(login.status(), "InvalidLogin"));
  EXPECT_THAT(client.Call("Logout", ""),
              StatusIs(absl::StatusCode::kUnavailable,
                       "Logout: POST https://vcenter.test/sdk: Connection refused"));
  EXPECT_THAT(client.Call("CurrentTime", ""),
              StatusIs(absl::StatusCode::kInternal,
                       HasSubstr("CurrentTime: malformed SOAP response to CurrentTime")));
}

TEST(ClientTest, PassesTimeoutAndCancellationToTheTransport) {
  FakeTransport fake;
  fake.Expect(SoapMethodIs("CurrentTime")).Reply(200, "x");
  Client client(fake);
  (void)client.Call("CurrentTime", kThis,
                    {.timeout = absl::Seconds(3), .cancelled = [] { return true; }});
  const Request sent = fake.requests().at(0);
  EXPECT_EQ(sent.timeout, absl::Seconds(3));
  ASSERT_TRUE(sent.cancelled != nullptr);
  EXPECT_TRUE(sent.cancelled());
}

TEST(ClientTest, ConcurrentCallsAreSafe) {
  FakeTransport fake;
  fake.Expect(SoapMethodIs("RetrieveServiceContent"))
      .Reply(200, SoapTestdata("retrieve_service_content_response.xml"),
             {{"Set-Cookie", "vmware_soap_session=s; HttpOnly"}})
      .Always();
  Client client(fake);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 25; ++j) {
        if (client.Call("RetrieveServiceContent", kThis).ok()) ++ok;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 200);
  EXPECT_EQ(client.session_cookie(), "s");
}

}  // namespace
}  // namespace eksa::vsphere::soap
