// CurlTransport against LoopbackHttpServer (plain and TLS, on 127.0.0.1): URL handling, keep-alive
// and pooling, methods and bodies, timeouts, cancellation, the TLS modes and the thumbprint pin.
#include "services/vsphere-agent/client/transport/curl_transport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/vsphere-agent/client/transport/testing/loopback_http_server.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::transport {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::SizeIs;

constexpr char kOtherPin[] = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33";

CannedReply Echo(const ReceivedRequest& r) {
  return {.status = 200,
          .headers = {{"Set-Cookie", "vmware_soap_session=abc; HttpOnly"}, {"X-Method", r.method}},
          .body = absl::StrCat(r.method, " ", r.target, " ", r.body)};
}

std::unique_ptr<CurlTransport> MustCreate(CurlTransportOptions options) {
  absl::StatusOr<std::unique_ptr<CurlTransport>> t = CurlTransport::Create(std::move(options));
  EXPECT_THAT(t, IsOk());
  return t.ok() ? *std::move(t) : nullptr;
}

TEST(CurlTransportTest, CreateValidates) {
  EXPECT_THAT(CurlTransport::Create({.base_url = "http://127.0.0.1:1"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("plain http is refused")));
  EXPECT_THAT(CurlTransport::Create({.base_url = "127.0.0.1", .max_connections = 0}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("max_connections")));
  EXPECT_THAT(CurlTransport::Create(
                  {.base_url = "127.0.0.1", .tls = {.thumbprint = kOtherPin, .insecure = true}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("set only one of")));
  EXPECT_THAT(CurlTransport::Create({.base_url = "127.0.0.1", .tls = {.ca_file = "/nonexistent"}}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("cannot read the CA bundle /nonexistent")));
  EXPECT_EQ(MustCreate({.base_url = "https://user:secret@127.0.0.1/sdk"})->Endpoint(),
            "https://127.0.0.1");
}

TEST(CurlTransportTest, NothingListeningIsUnavailableNamingTheEndpoint) {
  const int port = UnusedLoopbackPort();
  auto t =
      MustCreate({.base_url = absl::StrCat("https://127.0.0.1:", port), .tls = {.insecure = true}});
  EXPECT_THAT(t->RoundTrip({.method = Method::kPost, .path = "/sdk", .body = "x"}),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr(absl::StrCat("POST https://127.0.0.1:", port, "/sdk: ")),
                             HasSubstr("onnect"))));
}

TEST(CurlTransportTest, RejectsRelativePath) {
  auto t = MustCreate({.base_url = "127.0.0.1", .tls = {.insecure = true}});
  EXPECT_THAT(t->RoundTrip({.path = "sdk"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("must start with '/'")));
}

TEST(CurlTransportTest, SendsHeadersAndBodyAndReturnsAnyHttpStatus) {
  LoopbackHttpServer server([](const ReceivedRequest& r) {
    if (r.target == "/missing") return CannedReply{.status = 404, .body = "no"};
    return Echo(r);
  });
  auto t = MustCreate({.base_url = server.base_url(), .allow_plain_http = true});
  absl::StatusOr<Response> r = t->RoundTrip(
      {.method = Method::kPost,
       .path = "/sdk",
       .headers = {{"SOAPAction", "urn:vim25/6.5"}, {"Cookie", "vmware_soap_session=s1"}},
       .body = "<Envelope/>"});
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "POST /sdk <Envelope/>");
  EXPECT_EQ(r->Header("set-cookie"), "vmware_soap_session=abc; HttpOnly");
  const ReceivedRequest got = server.requests().back();
  EXPECT_THAT(got.headers, Contains(Pair("SOAPAction", "urn:vim25/6.5")));
  EXPECT_THAT(got.headers, Contains(Pair("Cookie", "vmware_soap_session=s1")));
  EXPECT_THAT(got.headers, Contains(Pair("User-Agent", "eksa-vsphere-agent")));

  absl::StatusOr<Response> missing = t->RoundTrip({.path = "/missing"});
  ASSERT_THAT(missing, IsOk());
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->body, "no");
}

TEST(CurlTransportTest, EveryMethodAndStreamedBody) {
  LoopbackHttpServer server(Echo);
  auto t = MustCreate({.base_url = server.base_url(), .allow_plain_http = true});
  EXPECT_THAT(t->RoundTrip({.method = Method::kGet, .path = "/a?b=c"}),
              IsOkAndHolds(Field(&Response::body, "GET /a?b=c ")));
  EXPECT_THAT(t->RoundTrip({.method = Method::kDelete, .path = "/s"}),
              IsOkAndHolds(Field(&Response::body, "DELETE /s ")));
  EXPECT_THAT(t->RoundTrip({.method = Method::kPatch, .path = "/p", .body = "{}"}),
              IsOkAndHolds(Field(&Response::body, "PATCH /p {}")));
  EXPECT_THAT(t->RoundTrip({.method = Method::kPost, .path = "/empty"}),
              IsOkAndHolds(Field(&Response::body, "POST /empty ")));

  const std::string disk(100000, 'd');
  size_t offset = 0;
  absl::StatusOr<Response> put =
      t->RoundTrip({.method = Method::kPut,
                    .path = "/nfc/lease/disk-0.vmdk",
                    .body_reader = [&](char* buf, size_t size) -> absl::StatusOr<size_t> {
                      const size_t n = std::min(size, disk.size() - offset);
                      std::memcpy(buf, disk.data() + offset, n);
                      offset += n;
                      return n;
                    },
                    .body_size = static_cast<int64_t>(disk.size())});
  ASSERT_THAT(put, IsOk());
  EXPECT_EQ(put->body, "PUT /nfc/lease/disk-0.vmdk " + disk);

  EXPECT_THAT(t->RoundTrip({.method = Method::kPut,
                            .path = "/x",
                            .body_reader = [](char*, size_t) -> absl::StatusOr<size_t> {
                              return absl::DataLossError("disk file truncated");
                            },
                            .body_size = 10}),
              StatusIs(absl::StatusCode::kDataLoss, "disk file truncated"));
}

TEST(CurlTransportTest, KeepsOneConnectionAliveAcrossCalls) {
  LoopbackHttpServer server(Echo);
  auto t = MustCreate({.base_url = server.base_url(), .allow_plain_http = true});
  for (int i = 0; i < 50; ++i) {
    ASSERT_THAT(t->RoundTrip({.method = Method::kPost, .path = "/sdk", .body = "x"}), IsOk());
  }
  EXPECT_EQ(server.connections_accepted(), 1);
  EXPECT_EQ(t->ConnectionsOpened(), 1);
}

TEST(CurlTransportTest, AReusedConnectionThatDiesUnansweredIsUnavailableAndNotResent) {
  std::atomic<int> calls{0};
  LoopbackHttpServer server([&calls](const ReceivedRequest& r) {
    CannedReply reply = Echo(r);
    reply.drop = ++calls == 2;  // the kept-alive connection dies with the second request
    return reply;
  });
  auto t = MustCreate({.base_url = server.base_url(), .allow_plain_http = true});
  ASSERT_THAT(t->RoundTrip({.method = Method::kPost, .path = "/sdk", .body = "first"}), IsOk());
  EXPECT_THAT(
      t->RoundTrip({.method = Method::kPost, .path = "/sdk", .body = "second"}),
      StatusIs(absl::StatusCode::kUnavailable,
               absl::StrCat("POST ", server.base_url(),
                            "/sdk: the kept-alive connection closed before an answer; not sent "
                            "again")));
  EXPECT_THAT(server.requests(), SizeIs(2));  // libcurl did not send "second" again
  // The caller's own retry goes out (on a new connection).
  EXPECT_THAT(t->RoundTrip({.method = Method::kPost, .path = "/sdk", .body = "second"}),
              IsOkAndHolds(Field(&Response::body, "POST /sdk second")));
  EXPECT_THAT(server.requests(), SizeIs(3));
}

TEST(CurlTransportTest, ConcurrentCallsUseAtMostThePoolSize) {
  LoopbackHttpServer server([](const ReceivedRequest& r) {
    CannedReply reply = Echo(r);
    reply.delay = absl::Milliseconds(5);
    return reply;
  });
  auto t =
      MustCreate({.base_url = server.base_url(), .allow_plain_http = true, .max_connections = 3});
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      for (int j = 0; j < 10; ++j) {
        absl::StatusOr<Response> r =
            t->RoundTrip({.method = Method::kPost, .path = "/sdk", .body = absl::StrCat(i, j)});
        if (r.ok() && r->body == absl::StrCat("POST /sdk ", i, j)) ++ok;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(ok.load(), 80);
  EXPECT_LE(server.connections_accepted(), 3);
  EXPECT_THAT(server.requests(), SizeIs(80));
}

TEST(CurlTransportTest, TimeoutIsDeadlineExceeded) {
  LoopbackHttpServer server(
      [](const ReceivedRequest&) { return CannedReply{.delay = absl::Seconds(2)}; });
  auto t = MustCreate({.base_url = server.base_url(), .allow_plain_http = true});
  const absl::Time start = absl::Now();
  EXPECT_THAT(
      t->RoundTrip({.path = "/slow", .timeout = absl::Milliseconds(200)}),
      StatusIs(absl::StatusCode::kDeadlineExceeded,
               HasSubstr(absl::StrCat("GET ", server.base_url(), "/slow: timed out after 200ms"))));
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(1500));
}

TEST(CurlTransportTest, CancellationHookAbortsTheCall) {
  LoopbackHttpServer server(
      [](const ReceivedRequest&) { return CannedReply{.delay = absl::Seconds(3)}; });
  auto t = MustCreate({.base_url = server.base_url(), .allow_plain_http = true});
  const absl::Time start = absl::Now();
  const absl::Time cancel_at = start + absl::Milliseconds(100);
  EXPECT_THAT(t->RoundTrip({.path = "/slow", .cancelled = [&] { return absl::Now() > cancel_at; }}),
              StatusIs(absl::StatusCode::kCancelled, HasSubstr("/slow: cancelled")));
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(2500));
}

// --- TLS ----------------------------------------------------------------------------------------

TEST(CurlTransportTlsTest, PinnedThumbprintConnectsAnyCase) {
  LoopbackHttpServer server(Echo, /*tls=*/true);
  for (const std::string& pin : {server.thumbprint(), absl::AsciiStrToLower(server.thumbprint())}) {
    auto t = MustCreate({.base_url = server.base_url(), .tls = {.thumbprint = pin}});
    EXPECT_THAT(t->RoundTrip({.method = Method::kPost, .path = "/sdk", .body = "Login"}),
                IsOkAndHolds(Field(&Response::body, "POST /sdk Login")));
  }
}

TEST(CurlTransportTlsTest, WrongThumbprintFailsInTheHandshakeBeforeAnyRequestByte) {
  LoopbackHttpServer server(Echo, /*tls=*/true);
  auto t = MustCreate({.base_url = server.base_url(), .tls = {.thumbprint = kOtherPin}});
  EXPECT_THAT(
      t->RoundTrip({.method = Method::kPost, .path = "/sdk", .body = "<Login>"}),
      StatusIs(
          absl::StatusCode::kFailedPrecondition,
          AllOf(HasSubstr(absl::StrCat("POST ", server.base_url(), "/sdk: ")),
                HasSubstr(absl::StrCat("TLS certificate thumbprint ", server.thumbprint(),
                                       " does not match the configured thumbprint ", kOtherPin)))));
  EXPECT_EQ(server.connections_accepted(), 1);        // it did reach the server's TCP port...
  EXPECT_EQ(server.application_bytes_received(), 0);  // ...but sent nothing after TLS
  EXPECT_THAT(server.requests(), SizeIs(0));
}

TEST(CurlTransportTlsTest, CaBundleModeVerifiesChainAndName) {
  LoopbackHttpServer server(Echo, /*tls=*/true);
  LoopbackHttpServer other(Echo, /*tls=*/true);
  auto good =
      MustCreate({.base_url = server.base_url(), .tls = {.ca_pem = server.certificate_pem()}});
  EXPECT_THAT(good->RoundTrip({.path = "/"}), IsOk());

  auto wrong =
      MustCreate({.base_url = server.base_url(), .tls = {.ca_pem = other.certificate_pem()}});
  EXPECT_THAT(wrong->RoundTrip({.path = "/"}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("TLS certificate verification failed")));
  EXPECT_THAT(server.requests(), SizeIs(1));
}

TEST(CurlTransportTlsTest, SystemTrustStoreRejectsSelfSigned) {
  LoopbackHttpServer server(Echo, /*tls=*/true);
  auto t = MustCreate({.base_url = server.base_url()});
  EXPECT_THAT(t->RoundTrip({.path = "/"}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("TLS certificate verification failed")));
  EXPECT_THAT(server.requests(), SizeIs(0));
}

TEST(CurlTransportTlsTest, InsecureSkipsVerification) {
  LoopbackHttpServer server(Echo, /*tls=*/true);
  auto t = MustCreate({.base_url = server.base_url(), .tls = {.insecure = true}});
  EXPECT_THAT(t->RoundTrip({.path = "/"}), IsOk());
}

}  // namespace
}  // namespace eksa::vsphere::transport
