// transport + soap + session against the testbed's vCenter simulator (tests/testbed/docs/
// vcenter.md): login in CA and thumbprint modes, wrong password, wrong thumbprint (proven to send
// no Login), wrong CA, re-login after the session is invalidated (Logout through another client,
// an injected NotAuthenticated), a proxy's 503 and a dead port (kUnavailable), and measurements.
//
// The testbed is shared with other tests that may run in parallel: every fault rule is scoped to
// this run with `match` on a unique marker and deleted by id, and "no Login reached the server"
// is proven with such a rule's `seen` counter rather than the global GET /calls.
//
// Needs $EKSA_TESTBED_DIR (set by the CTest fixture `testbed`); without it every test fails with
// the remediation.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/vsphere-agent/client/session/session.h"
#include "services/vsphere-agent/client/soap/client.h"
#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"
#include "services/vsphere-agent/client/transport/curl_transport.h"
#include "services/vsphere-agent/client/transport/testing/loopback_http_server.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/testbed_env.h"

namespace eksa::vsphere {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using session::Session;
using ::testing::AllOf;
using ::testing::HasSubstr;
using transport::CurlTransport;
using transport::CurlTransportOptions;
using transport::TlsOptions;

// A marker unique to this process, for fault-rule `match` strings.
std::string Marker(std::string_view what) {
  return absl::StrCat("vc1-", std::string(what), "-", getpid(), "-",
                      absl::ToUnixMicros(absl::Now()));
}

class VCenterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = new std::map<std::string, std::string>(::eksa::testing::ReadTestbedEnvFromEnvironment());
  }

  void SetUp() override {
    ASSERT_TRUE(env_->count("EKSA_TESTBED_VCENTER_SERVER"))
        << "no testbed: run through CTest (fixture `testbed`) or set EKSA_TESTBED_DIR to a "
           "directory made by tests/testbed/up";
    absl::StatusOr<std::unique_ptr<CurlTransport>> control = CurlTransport::Create(
        {.base_url = Env("EKSA_TESTBED_VCENTER_CONTROL"), .allow_plain_http = true});
    ASSERT_THAT(control, IsOk());
    control_ = *std::move(control);
  }

  void TearDown() override {
    for (int id : rules_) {
      (void)control_->RoundTrip(
          {.method = transport::Method::kDelete, .path = absl::StrCat("/faults/", id)});
    }
  }

  static std::string Env(const std::string& name) { return (*env_)[name]; }

  static std::unique_ptr<CurlTransport> Transport(TlsOptions tls, int max_connections = 4) {
    absl::StatusOr<std::unique_ptr<CurlTransport>> t =
        CurlTransport::Create({.base_url = Env("EKSA_TESTBED_VCENTER_SERVER"),
                               .tls = std::move(tls),
                               .max_connections = max_connections});
    EXPECT_THAT(t, IsOk());
    return t.ok() ? *std::move(t) : nullptr;
  }

  static session::Credentials Creds() {
    return {.username = Env("EKSA_TESTBED_VCENTER_USERNAME"),
            .password = Env("EKSA_TESTBED_VCENTER_PASSWORD")};
  }

  // Adds a fault rule (control API POST /faults), removed in TearDown; returns its id.
  int AddRule(const nlohmann::json& rule) {
    absl::StatusOr<transport::Response> r = control_->RoundTrip(
        {.method = transport::Method::kPost, .path = "/faults", .body = rule.dump()});
    EXPECT_THAT(r, IsOk());
    if (!r.ok()) return -1;
    EXPECT_EQ(r->status, 201) << r->body;
    const int id = nlohmann::json::parse(r->body).value("id", -1);
    rules_.push_back(id);
    return id;
  }

  // The rule's counters (seen, fired).
  nlohmann::json Rule(int id) {
    absl::StatusOr<transport::Response> r = control_->RoundTrip({.path = "/faults"});
    EXPECT_THAT(r, IsOk());
    if (!r.ok()) return {};
    for (const nlohmann::json& rule : nlohmann::json::parse(r->body)) {
      if (rule.value("id", -2) == id) return rule;
    }
    ADD_FAILURE() << "no fault rule " << id;
    return {};
  }

  // A rule that never fires (nth far away) but counts the Logins whose body contains `marker`.
  int CountLoginsWith(const std::string& marker) {
    return AddRule(
        {{"method", "Login"}, {"nth", 1000000}, {"fault", "SystemError"}, {"match", marker}});
  }

  static std::string FindBody(const std::string& path) {
    soap::XmlWriter w;
    w.This({.type = "SearchIndex", .value = "SearchIndex"}).Element("inventoryPath", path);
    return w.str();
  }

  // FindByInventoryPath of `path` through `caller`: the moref, empty when not found.
  static absl::StatusOr<soap::MoRef> Find(soap::Caller& caller, const std::string& path) {
    absl::StatusOr<soap::Response> r = caller.Call("FindByInventoryPath", FindBody(path));
    if (!r.ok()) return r.status();
    if (!r->returnval()) return soap::MoRef{};
    return soap::ParseMoRef(r->returnval());
  }

  static std::map<std::string, std::string>* env_;
  std::unique_ptr<CurlTransport> control_;
  std::vector<int> rules_;
};

std::map<std::string, std::string>* VCenterTest::env_ = nullptr;

TEST_F(VCenterTest, LoginWithCaBundle) {
  auto t = Transport({.ca_file = Env("EKSA_TESTBED_VCENTER_CA")});
  soap::Client client(*t);
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Login(client, Creds());
  ASSERT_THAT(s, IsOk());
  const session::ServiceContent& sc = (*s)->service_content();
  EXPECT_EQ(sc.about.api_type, "VirtualCenter");
  EXPECT_FALSE(sc.root_folder.empty());
  EXPECT_FALSE(sc.search_index.empty());
  EXPECT_EQ((*s)->user_session().user_name, Env("EKSA_TESTBED_VCENTER_USERNAME"));
  absl::StatusOr<soap::MoRef> dc = Find(**s, "/" + Env("EKSA_TESTBED_VCENTER_DATACENTER"));
  ASSERT_THAT(dc, IsOk());
  EXPECT_EQ(dc->type, "Datacenter");
  EXPECT_THAT((*s)->Logout(), IsOk());
  // The server ended the session: the old cookie no longer works.
  EXPECT_THAT(Find(client, "/DC0"),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("NotAuthenticated")));
}

TEST_F(VCenterTest, LoginWithCaPemInMemory) {
  std::ifstream in(Env("EKSA_TESTBED_VCENTER_CA"));
  std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto t = Transport({.ca_pem = pem});
  soap::Client client(*t);
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Login(client, Creds());
  ASSERT_THAT(s, IsOk());
  EXPECT_THAT((*s)->Logout(), IsOk());
}

TEST_F(VCenterTest, LoginWithThumbprintAnyCase) {
  for (const std::string& pin : {Env("EKSA_TESTBED_VCENTER_THUMBPRINT"),
                                 absl::AsciiStrToLower(Env("EKSA_TESTBED_VCENTER_THUMBPRINT"))}) {
    auto t = Transport({.thumbprint = pin});
    soap::Client client(*t);
    absl::StatusOr<std::unique_ptr<Session>> s = Session::Login(client, Creds());
    ASSERT_THAT(s, IsOk()) << pin;
    absl::StatusOr<soap::MoRef> vm = Find(**s, Env("EKSA_TESTBED_VCENTER_SOURCE_VM"));
    ASSERT_THAT(vm, IsOk());
    EXPECT_EQ(vm->type, "VirtualMachine");
    EXPECT_THAT((*s)->Logout(), IsOk());
  }
}

TEST_F(VCenterTest, WrongPasswordIsUnauthenticatedWithVCentersMessage) {
  auto t = Transport({.thumbprint = Env("EKSA_TESTBED_VCENTER_THUMBPRINT")});
  soap::Client client(*t);
  const std::string wrong = Marker("wrong-password");
  absl::StatusOr<std::unique_ptr<Session>> s =
      Session::Login(client, {.username = Env("EKSA_TESTBED_VCENTER_USERNAME"), .password = wrong});
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kUnauthenticated,
                          "Login: InvalidLogin: Cannot complete login due to an incorrect user "
                          "name or password."));
  EXPECT_TRUE(soap::IsFault(s.status(), "InvalidLogin"));
  EXPECT_EQ(client.session_cookie(), "");
}

// The pin is checked inside the TLS handshake: the simulator never sees the Login. Proof: a
// never-firing rule counting Logins with this test's user name stays at 0, while the same
// Login through the right pin moves it to 1 (the rule does count).
TEST_F(VCenterTest, WrongThumbprintFailsBeforeAnyLoginReachesTheServer) {
  const std::string user = Marker("pin") + "@vsphere.local";
  const int rule = CountLoginsWith(user);
  std::string wrong = Env("EKSA_TESTBED_VCENTER_THUMBPRINT");
  wrong[0] = wrong[0] == '0' ? '1' : '0';

  auto t = Transport({.thumbprint = wrong});
  soap::Client client(*t);
  absl::StatusOr<std::unique_ptr<Session>> s =
      Session::Login(client, {.username = user, .password = "x"});
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition,
                          AllOf(HasSubstr(absl::StrCat("RetrieveServiceContent: POST https://",
                                                       Env("EKSA_TESTBED_VCENTER_SERVER"),
                                                       "/sdk: TLS certificate thumbprint ",
                                                       Env("EKSA_TESTBED_VCENTER_THUMBPRINT"))),
                                HasSubstr("does not match the configured thumbprint " + wrong))));
  EXPECT_EQ(Rule(rule).value("seen", -1), 0);
  // Even a Login sent directly through the soap client on that transport does not get out.
  soap::XmlWriter login;
  login.This({.type = "SessionManager", .value = "SessionManager"})
      .Element("userName", user)
      .Element("password", "x");
  EXPECT_THAT(client.Call("Login", login.str()), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(Rule(rule).value("seen", -1), 0);

  auto right = Transport({.thumbprint = Env("EKSA_TESTBED_VCENTER_THUMBPRINT")});
  soap::Client right_client(*right);
  EXPECT_THAT(Session::Login(right_client, {.username = user, .password = "x"}),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("InvalidLogin")));
  EXPECT_EQ(Rule(rule).value("seen", -1), 1);
}

TEST_F(VCenterTest, WrongCaFailsVerification) {
  const std::string user = Marker("ca") + "@vsphere.local";
  const int rule = CountLoginsWith(user);
  transport::LoopbackHttpServer other(
      [](const transport::ReceivedRequest&) { return transport::CannedReply{}; }, /*tls=*/true);
  for (const TlsOptions& tls :
       {TlsOptions{.ca_pem = other.certificate_pem()},
        TlsOptions{.ca_file = "/etc/ssl/certs/ca-certificates.crt"}, TlsOptions{}}) {
    auto t = Transport(tls);
    soap::Client client(*t);
    EXPECT_THAT(Session::Login(client, {.username = user, .password = "x"}),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         HasSubstr("TLS certificate verification failed")));
  }
  EXPECT_EQ(Rule(rule).value("seen", -1), 0);
}

// Another client sharing the session's cookie logs it out on the server (an administrator
// terminating it): the next call fails NotAuthenticated, logs in again once, and succeeds.
TEST_F(VCenterTest, ReloginAfterTheSessionWasLoggedOutElsewhere) {
  auto t = Transport({.ca_file = Env("EKSA_TESTBED_VCENTER_CA")});
  soap::Client client(*t);
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Login(client, Creds());
  ASSERT_THAT(s, IsOk());
  const std::string old_key = (*s)->user_session().key;

  soap::Client other(*t);
  other.set_session_cookie(client.session_cookie());
  soap::XmlWriter logout;
  logout.This((*s)->service_content().session_manager);
  ASSERT_THAT(other.Call("Logout", logout.str()), IsOk());
  ASSERT_THAT(Find(other, "/DC0"), StatusIs(absl::StatusCode::kUnauthenticated));

  absl::StatusOr<soap::MoRef> dc = Find(**s, "/DC0");
  ASSERT_THAT(dc, IsOk());
  EXPECT_EQ(dc->type, "Datacenter");
  EXPECT_EQ((*s)->login_count(), 2);
  EXPECT_NE((*s)->user_session().key, old_key);
  EXPECT_THAT((*s)->Logout(), IsOk());
}

TEST_F(VCenterTest, ConcurrentCallersShareOneReloginAgainstTheSimulator) {
  auto t = Transport({.ca_file = Env("EKSA_TESTBED_VCENTER_CA")});
  soap::Client client(*t);
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Login(client, Creds());
  ASSERT_THAT(s, IsOk());
  soap::Client other(*t);
  other.set_session_cookie(client.session_cookie());
  soap::XmlWriter logout;
  logout.This((*s)->service_content().session_manager);
  ASSERT_THAT(other.Call("Logout", logout.str()), IsOk());

  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (Find(**s, "/DC0").ok()) ++ok;
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_EQ((*s)->login_count(), 2);
  EXPECT_THAT((*s)->Logout(), IsOk());
}

// vCenter's own NotAuthenticated fault, injected on this test's call only.
TEST_F(VCenterTest, ReloginAfterInjectedNotAuthenticated) {
  auto t = Transport({.thumbprint = Env("EKSA_TESTBED_VCENTER_THUMBPRINT")});
  soap::Client client(*t);
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Login(client, Creds());
  ASSERT_THAT(s, IsOk());
  const std::string path = "/DC0/vm/" + Marker("relogin");
  const int rule =
      AddRule({{"method", "FindByInventoryPath"}, {"fault", "NotAuthenticated"}, {"match", path}});

  absl::StatusOr<soap::MoRef> found = Find(**s, path);
  ASSERT_THAT(found, IsOk());
  EXPECT_TRUE(found->empty());  // no such VM: an empty answer, after the retry
  EXPECT_EQ((*s)->login_count(), 2);
  const nlohmann::json counters = Rule(rule);
  EXPECT_EQ(counters.value("seen", -1), 2);  // the failed call and its retry
  EXPECT_EQ(counters.value("fired", -1), 1);
  EXPECT_THAT((*s)->Logout(), IsOk());
}

TEST_F(VCenterTest, InjectedFaultsMapToCodes) {
  auto t = Transport({.thumbprint = Env("EKSA_TESTBED_VCENTER_THUMBPRINT")});
  soap::Client client(*t);
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Login(client, Creds());
  ASSERT_THAT(s, IsOk());
  const struct {
    std::string fault;
    absl::StatusCode code;
    std::string text;
  } cases[] = {
      {"ManagedObjectNotFound", absl::StatusCode::kNotFound, "has already been deleted"},
      {"DuplicateName", absl::StatusCode::kAlreadyExists, "already exists"},
      {"NoPermission", absl::StatusCode::kPermissionDenied, "Permission to perform"},
      {"InvalidPowerState", absl::StatusCode::kFailedPrecondition, "cannot be performed"},
      {"TaskInProgress", absl::StatusCode::kAborted, "Another task is already in progress."},
      {"http:503", absl::StatusCode::kUnavailable, "HTTP 503"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.fault);
    const std::string path = "/DC0/vm/" + Marker(c.fault.substr(0, 4));
    AddRule({{"method", "FindByInventoryPath"}, {"fault", c.fault}, {"match", path}});
    absl::StatusOr<soap::MoRef> r = Find(**s, path);
    EXPECT_THAT(r, StatusIs(c.code, AllOf(HasSubstr("FindByInventoryPath: "), HasSubstr(c.text))));
    if (c.fault.rfind("http:", 0) != 0) EXPECT_TRUE(soap::IsFault(r.status(), c.fault));
  }
  EXPECT_EQ((*s)->login_count(), 1);
  EXPECT_THAT((*s)->Logout(), IsOk());
}

TEST_F(VCenterTest, NothingListeningIsUnavailable) {
  const int port = transport::UnusedLoopbackPort();
  absl::StatusOr<std::unique_ptr<CurlTransport>> t =
      CurlTransport::Create({.base_url = absl::StrCat("127.0.0.1:", port),
                             .tls = {.thumbprint = Env("EKSA_TESTBED_VCENTER_THUMBPRINT")}});
  ASSERT_THAT(t, IsOk());
  soap::Client client(**t);
  EXPECT_THAT(Session::Login(client, Creds()),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr(absl::StrCat(
                           "RetrieveServiceContent: POST https://127.0.0.1:", port, "/sdk: "))));
}

// Numbers for the report: login latency, and round trips on one kept-alive connection.
TEST_F(VCenterTest, MeasuresLoginAndRoundTrip) {
  auto t = Transport({.thumbprint = Env("EKSA_TESTBED_VCENTER_THUMBPRINT")}, 1);
  soap::Client client(*t);
  const absl::Time login_start = absl::Now();
  absl::StatusOr<std::unique_ptr<Session>> s = Session::Login(client, Creds());
  const absl::Duration login = absl::Now() - login_start;
  ASSERT_THAT(s, IsOk());
  constexpr int kCalls = 200;
  const absl::Time start = absl::Now();
  for (int i = 0; i < kCalls; ++i) ASSERT_THAT(Find(**s, "/DC0"), IsOk());
  const absl::Duration per_call = (absl::Now() - start) / kCalls;
  EXPECT_EQ(t->ConnectionsOpened(), 1);
  std::cout << "[measure] TLS connect + RetrieveServiceContent + Login: "
            << absl::FormatDuration(login) << "; FindByInventoryPath round trip on one kept-alive "
            << "connection: " << absl::FormatDuration(per_call) << " (" << kCalls
            << " calls, connections opened: " << t->ConnectionsOpened() << ")" << std::endl;

  auto pool = Transport({.thumbprint = Env("EKSA_TESTBED_VCENTER_THUMBPRINT")}, 4);
  soap::Client pooled(*pool);
  absl::StatusOr<std::unique_ptr<Session>> ps = Session::Login(pooled, Creds());
  ASSERT_THAT(ps, IsOk());
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  const absl::Time pstart = absl::Now();
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < kCalls / 4; ++j) ok += Find(**ps, "/DC0").ok();
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(ok.load(), kCalls);
  EXPECT_LE(pool->ConnectionsOpened(), 4);
  std::cout << "[measure] " << kCalls << " calls from 4 threads over " << pool->ConnectionsOpened()
            << " connections: " << absl::FormatDuration(absl::Now() - pstart) << " total"
            << std::endl;
  EXPECT_THAT((*s)->Logout(), IsOk());
  EXPECT_THAT((*ps)->Logout(), IsOk());
}

}  // namespace
}  // namespace eksa::vsphere
