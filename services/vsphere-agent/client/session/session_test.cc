#include "services/vsphere-agent/client/session/session.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/synchronization/barrier.h"
#include "absl/time/clock.h"
#include "libs/common/redact.h"
#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/soap/testing/testdata.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/transport/testing/fake_transport.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::session {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::eksa::vsphere::soap::SoapTestdata;
using ::eksa::vsphere::transport::FakeTransport;
using ::eksa::vsphere::transport::FindHeader;
using ::eksa::vsphere::transport::Headers;
using ::eksa::vsphere::transport::Request;
using ::eksa::vsphere::transport::SoapMethodIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPassword[] = "s3cr&t<pass>";
constexpr char kFind[] =
    "<_this type=\"SearchIndex\">SearchIndex</_this><inventoryPath>/DC0/vm/web-0</inventoryPath>";
constexpr char kFindResponse[] =
    "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
    "<soapenv:Body><FindByInventoryPathResponse xmlns=\"urn:vim25\"><returnval "
    "type=\"VirtualMachine\">vm-63</returnval></FindByInventoryPathResponse></soapenv:Body>"
    "</soapenv:Envelope>";

Headers Cookie(const std::string& value) {
  return {{"Set-Cookie", "vmware_soap_session=" + value + "; HttpOnly"}};
}

// Whether the request carries session cookie `value`.
bool HasCookie(const Request& r, const std::string& value) {
  std::optional<std::string_view> c = FindHeader(r.headers, "Cookie");
  return c.has_value() && *c == "vmware_soap_session=" + value;
}

class SessionTest : public ::testing::Test {
 protected:
  void ExpectServiceContent() {
    fake_.Expect(SoapMethodIs("RetrieveServiceContent"))
        .Reply(200, SoapTestdata("retrieve_service_content_response.xml"));
  }
  void ExpectLogin(const std::string& cookie) {
    fake_.Expect(SoapMethodIs("Login"))
        .Reply(200, SoapTestdata("login_response.xml"), Cookie(cookie));
  }
  std::unique_ptr<Session> MustLogin() {
    ExpectServiceContent();
    ExpectLogin("first");
    absl::StatusOr<std::unique_ptr<Session>> s =
        Session::Login(client_, {.username = "administrator@vsphere.local", .password = kPassword});
    EXPECT_THAT(s, IsOk());
    return s.ok() ? *std::move(s) : nullptr;
  }
  int Logins() const { return fake_.CountRequests(SoapMethodIs("Login")); }

  FakeTransport fake_;
  soap::Client client_{fake_};
};

TEST_F(SessionTest, LoginCachesServiceContentAndSession) {
  std::unique_ptr<Session> s = MustLogin();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->service_content().root_folder.value, "group-d1");
  EXPECT_EQ(s->user_session().user_name, "administrator@vsphere.local");
  EXPECT_FALSE(s->user_session().key.empty());
  EXPECT_EQ(s->login_count(), 1);
  EXPECT_EQ(client_.session_cookie(), "first");
  const Request login = fake_.requests().at(1);
  EXPECT_THAT(login.body, HasSubstr("<_this type=\"SessionManager\">SessionManager</_this>"
                                    "<userName>administrator@vsphere.local</userName>"
                                    "<password>s3cr&amp;t&lt;pass&gt;</password>"));
  // The password, raw or as it appears in the Login body, is masked in anything logged.
  EXPECT_THAT(Redact(login.body), AllOf(Not(HasSubstr("s3cr")), HasSubstr("<password>*****")));
  EXPECT_THAT(Redact(std::string("pw=") + kPassword), Not(HasSubstr("s3cr")));
}

TEST_F(SessionTest, LocaleIsSentWhenSet) {
  ExpectServiceContent();
  ExpectLogin("c");
  ASSERT_THAT(Session::Login(client_, {.username = "u", .password = "p", .locale = "en"}), IsOk());
  EXPECT_THAT(fake_.requests().at(1).body, HasSubstr("<password>p</password><locale>en</locale>"));
}

TEST_F(SessionTest, WrongPasswordIsUnauthenticatedWithVCentersText) {
  ExpectServiceContent();
  fake_.Expect(SoapMethodIs("Login")).Reply(500, SoapTestdata("fault_invalid_login.xml"));
  absl::StatusOr<std::unique_ptr<Session>> s =
      Session::Login(client_, {.username = "administrator@vsphere.local", .password = kPassword});
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kUnauthenticated,
                          "Login: InvalidLogin: Cannot complete login due to an incorrect user "
                          "name or password."));
  EXPECT_TRUE(soap::IsFault(s.status(), "InvalidLogin"));
  EXPECT_EQ(Logins(), 1);  // never retried
}

TEST_F(SessionTest, EmptyUsernameIsInvalidArgumentAndSendsNothing) {
  EXPECT_THAT(Session::Login(client_, {.username = "", .password = "x"}),
              StatusIs(absl::StatusCode::kInvalidArgument, "vCenter username is empty"));
  EXPECT_TRUE(fake_.requests().empty());
}

TEST_F(SessionTest, UnreachableVCenterIsUnavailable) {
  fake_.Expect(SoapMethodIs("RetrieveServiceContent"))
      .Fail(absl::UnavailableError("POST https://vcenter.test/sdk: Connection refused"));
  EXPECT_THAT(Session::Login(client_, {.username = "u", .password = "p"}),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("Connection refused")));
}

// The session expired: the call fails NotAuthenticated, the session logs in exactly once more and
// the call is retried once, with the new cookie.
TEST_F(SessionTest, ReloginOnceAfterNotAuthenticatedAndRetry) {
  std::unique_ptr<Session> s = MustLogin();
  fake_.Expect(SoapMethodIs("FindByInventoryPath"))
      .Reply(500, SoapTestdata("fault_not_authenticated_vcsim.xml"));
  ExpectLogin("second");
  fake_.Expect(SoapMethodIs("FindByInventoryPath")).Reply(200, kFindResponse);

  absl::StatusOr<soap::Response> r = s->Call("FindByInventoryPath", kFind);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(soap::Text(r->returnval()), "vm-63");
  EXPECT_EQ(Logins(), 2);  // the first Login and exactly one re-login
  EXPECT_EQ(s->login_count(), 2);
  EXPECT_EQ(fake_.CountRequests(SoapMethodIs("FindByInventoryPath")), 2);
  const std::vector<Request> sent = fake_.requests();
  EXPECT_TRUE(HasCookie(sent.at(2), "first"));
  EXPECT_EQ(FindHeader(sent.at(3).headers, "Cookie"), std::nullopt);  // a fresh Login
  EXPECT_TRUE(HasCookie(sent.at(4), "second"));
  EXPECT_EQ(sent.at(2).body, sent.at(4).body);
  EXPECT_THAT(fake_.Unused(), ::testing::IsEmpty());
}

TEST_F(SessionTest, SecondNotAuthenticatedIsReturnedNotLooped) {
  std::unique_ptr<Session> s = MustLogin();
  fake_.Expect(SoapMethodIs("FindByInventoryPath"))
      .Reply(500, SoapTestdata("fault_not_authenticated.xml"))
      .Times(2);
  ExpectLogin("second");
  EXPECT_THAT(s->Call("FindByInventoryPath", kFind),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       "FindByInventoryPath: NotAuthenticated: The session is not authenticated."));
  EXPECT_EQ(Logins(), 2);
}

TEST_F(SessionTest, FailedReloginIsReturnedWithContext) {
  std::unique_ptr<Session> s = MustLogin();
  fake_.Expect(SoapMethodIs("FindByInventoryPath"))
      .Reply(500, SoapTestdata("fault_not_authenticated.xml"));
  fake_.Expect(SoapMethodIs("Login")).Reply(500, SoapTestdata("fault_invalid_login.xml"));
  absl::Status st = s->Call("FindByInventoryPath", kFind).status();
  EXPECT_THAT(st, StatusIs(absl::StatusCode::kUnauthenticated,
                           "FindByInventoryPath: re-logging in after NotAuthenticated: Login: "
                           "InvalidLogin: Cannot complete login due to an incorrect user name or "
                           "password."));
  EXPECT_THAT(st.message(), Not(HasSubstr("s3cr")));
  EXPECT_TRUE(soap::IsFault(st, "InvalidLogin"));
}

TEST_F(SessionTest, OtherFaultsAreNotRetried) {
  std::unique_ptr<Session> s = MustLogin();
  fake_.Expect(SoapMethodIs("FindByInventoryPath"))
      .Reply(500, SoapTestdata("fault_no_permission.xml"));
  EXPECT_THAT(s->Call("FindByInventoryPath", kFind),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("NoPermission")));
  EXPECT_EQ(Logins(), 1);
}

// Eight callers hit the expired session at once: one Login serves them all.
TEST_F(SessionTest, ConcurrentCallersShareOneRelogin) {
  std::unique_ptr<Session> s = MustLogin();
  fake_
      .ExpectIf("find without the new cookie",
                [](const Request& r) {
                  return absl::StrContains(r.body, SoapMethodIs("FindByInventoryPath")) &&
                         !HasCookie(r, "second");
                })
      .Reply(500, SoapTestdata("fault_not_authenticated.xml"))
      .Always();
  fake_
      .ExpectIf("find with the new cookie",
                [](const Request& r) {
                  return absl::StrContains(r.body, SoapMethodIs("FindByInventoryPath")) &&
                         HasCookie(r, "second");
                })
      .Reply(200, kFindResponse)
      .Always();
  // A slow Login, so the other callers' failures arrive while it is in flight.
  fake_.Expect(SoapMethodIs("Login"))
      .Reply(200, SoapTestdata("login_response.xml"), Cookie("second"))
      .OnCall([](const Request&) { absl::SleepFor(absl::Milliseconds(50)); });

  constexpr int kCallers = 8;
  absl::Barrier* start = new absl::Barrier(kCallers);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back([&] {
      if (start->Block()) delete start;
      if (s->Call("FindByInventoryPath", kFind).ok()) ++ok;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), kCallers);
  EXPECT_EQ(Logins(), 2);  // initial + one shared re-login
  EXPECT_EQ(s->login_count(), 2);
}

// Renew (client/pbm's refresh_session): a fresh Login now, whose cookie later calls carry.
TEST_F(SessionTest, RenewLogsInAgainWithoutTheOldCookie) {
  std::unique_ptr<Session> s = MustLogin();
  ExpectLogin("second");
  EXPECT_THAT(s->Renew(), IsOk());
  EXPECT_EQ(Logins(), 2);
  EXPECT_EQ(s->login_count(), 2);
  EXPECT_EQ(client_.session_cookie(), "second");
  EXPECT_EQ(FindHeader(fake_.requests().back().headers, "Cookie"), std::nullopt);
}

TEST_F(SessionTest, FailedRenewIsLoginsError) {
  std::unique_ptr<Session> s = MustLogin();
  fake_.Expect(SoapMethodIs("Login")).Reply(500, SoapTestdata("fault_invalid_login.xml"));
  absl::Status st = s->Renew();
  EXPECT_THAT(st, StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("Login: InvalidLogin")));
  EXPECT_TRUE(soap::IsFault(st, "InvalidLogin"));
  EXPECT_THAT(st.message(), Not(HasSubstr("s3cr")));
}

// Renews while another one's Login is in flight share that Login.
TEST_F(SessionTest, ConcurrentRenewsShareOneLogin) {
  std::unique_ptr<Session> s = MustLogin();
  fake_.Expect(SoapMethodIs("Login"))
      .Reply(200, SoapTestdata("login_response.xml"), Cookie("second"))
      .OnCall([](const Request&) { absl::SleepFor(absl::Milliseconds(50)); });

  constexpr int kRenewers = 4;
  absl::Barrier* start = new absl::Barrier(kRenewers);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kRenewers; ++i) {
    threads.emplace_back([&] {
      if (start->Block()) delete start;
      if (s->Renew().ok()) ++ok;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), kRenewers);
  EXPECT_EQ(Logins(), 2);  // initial + one shared re-login
  EXPECT_EQ(client_.session_cookie(), "second");
}

TEST_F(SessionTest, RenewAfterLogoutFailsWithoutSending) {
  std::unique_ptr<Session> s = MustLogin();
  fake_.Expect(SoapMethodIs("Logout")).Fail(absl::UnavailableError("reset"));
  (void)s->Logout();
  const size_t sent = fake_.requests().size();
  EXPECT_THAT(s->Renew(), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(fake_.requests().size(), sent);
}

TEST_F(SessionTest, LogoutEndsTheSessionAndLaterCallsFailWithoutSending) {
  std::unique_ptr<Session> s = MustLogin();
  fake_.Expect(SoapMethodIs("Logout"))
      .Reply(200,
             "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
             "<soapenv:Body><LogoutResponse xmlns=\"urn:vim25\"/></soapenv:Body>"
             "</soapenv:Envelope>");
  EXPECT_THAT(s->Logout(), IsOk());
  EXPECT_EQ(client_.session_cookie(), "");
  EXPECT_THAT(fake_.requests().back().body,
              HasSubstr("<Logout xmlns=\"urn:vim25\"><_this type=\"SessionManager\">"));
  const size_t sent = fake_.requests().size();
  EXPECT_THAT(s->Call("FindByInventoryPath", kFind),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "FindByInventoryPath: vCenter session logged out"));
  EXPECT_THAT(s->Logout(), IsOk());  // idempotent
  EXPECT_EQ(fake_.requests().size(), sent);
}

TEST_F(SessionTest, LogoutOfAnExpiredSessionIsOk) {
  std::unique_ptr<Session> s = MustLogin();
  fake_.Expect(SoapMethodIs("Logout"))
      .Reply(500, SoapTestdata("fault_not_authenticated_vcsim.xml"));
  EXPECT_THAT(s->Logout(), IsOk());
  EXPECT_EQ(Logins(), 1);
}

TEST_F(SessionTest, LogoutTransportErrorIsReturned) {
  std::unique_ptr<Session> s = MustLogin();
  fake_.Expect(SoapMethodIs("Logout")).Fail(absl::UnavailableError("reset"));
  EXPECT_THAT(s->Logout(), StatusIs(absl::StatusCode::kUnavailable, "Logout: reset"));
  EXPECT_EQ(client_.session_cookie(), "");
}

}  // namespace
}  // namespace eksa::vsphere::session
