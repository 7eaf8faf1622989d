#include "services/vsphere-agent/client/transport/testing/fake_transport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::transport {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

Request Post(std::string body) {
  return {.method = Method::kPost, .path = "/sdk", .body = std::move(body)};
}

TEST(FakeTransportTest, RepliesInDeclarationOrderOnceEach) {
  FakeTransport fake;
  fake.Expect(SoapMethodIs("Login")).Reply(500, "fault");
  fake.Expect(SoapMethodIs("Login")).Reply(200, "ok", {{"Set-Cookie", "a=b"}});
  absl::StatusOr<Response> first = fake.RoundTrip(Post("<Login xmlns=\"urn:vim25\">"));
  absl::StatusOr<Response> second = fake.RoundTrip(Post("<Login xmlns=\"urn:vim25\">"));
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(first->status, 500);
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(second->Header("set-cookie"), "a=b");
  EXPECT_THAT(fake.Unused(), IsEmpty());
  EXPECT_THAT(fake.RoundTrip(Post("<Login xmlns=\"urn:vim25\">")),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("unexpected request POST /sdk")));
  EXPECT_EQ(fake.requests().size(), 3u);
}

TEST(FakeTransportTest, SoapMethodIsDoesNotMatchLongerNames) {
  FakeTransport fake;
  fake.Expect(SoapMethodIs("Login")).Always();
  EXPECT_THAT(fake.RoundTrip(Post("<LoginExtensionByCertificate xmlns=\"urn:vim25\">")),
              StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(fake.RoundTrip(Post("<Login xmlns=\"urn:vim25\">")), IsOk());
}

TEST(FakeTransportTest, FailTimesAndHooks) {
  FakeTransport fake;
  int hooked = 0;
  fake.Expect("x").Fail(absl::UnavailableError("reset")).Times(2).OnCall([&](const Request& r) {
    EXPECT_EQ(r.body, "x");
    ++hooked;
  });
  fake.ExpectIf("GET /about", [](const Request& r) { return r.method == Method::kGet; });
  EXPECT_THAT(fake.Unused(), ElementsAre("body contains x", "GET /about"));
  EXPECT_THAT(fake.RoundTrip(Post("x")), StatusIs(absl::StatusCode::kUnavailable, "reset"));
  EXPECT_THAT(fake.RoundTrip(Post("x")), StatusIs(absl::StatusCode::kUnavailable, "reset"));
  EXPECT_THAT(fake.RoundTrip({.method = Method::kGet, .path = "/about"}), IsOk());
  EXPECT_EQ(hooked, 2);
  EXPECT_EQ(fake.CountRequests("x"), 2);
  EXPECT_THAT(fake.requests(), ElementsAre(Field(&Request::body, "x"), Field(&Request::body, "x"),
                                           Field(&Request::path, "/about")));
  EXPECT_EQ(fake.Endpoint(), "https://vcenter.test");
}

}  // namespace
}  // namespace eksa::vsphere::transport
