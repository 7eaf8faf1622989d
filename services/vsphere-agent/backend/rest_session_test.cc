// RestSession and Tagging over a FakeTransport: the session header, re-login after a 401, vAPI
// error types to codes, no credential in any message; tag lookups by name.
#include "services/vsphere-agent/backend/rest_session.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "services/vsphere-agent/backend/tagging.h"
#include "services/vsphere-agent/client/transport/testing/fake_transport.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent::backend {
namespace {

namespace transport = vsphere::transport;
using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPassword[] = "rest-pa55word";

// Matches a request by method and path (REST GETs have no body to match on).
transport::FakeTransport::Expectation& On(transport::FakeTransport& fake, transport::Method method,
                                          std::string path) {
  return fake.ExpectIf(
      std::string(transport::MethodName(method)) + " " + path,
      [method, path](const transport::Request& r) { return r.method == method && r.path == path; });
}

std::optional<std::string> SessionHeader(const transport::Request& r) {
  auto h = transport::FindHeader(r.headers, "vmware-api-session-id");
  return h ? std::optional<std::string>(std::string(*h)) : std::nullopt;
}

TEST(RestSessionTest, LogsInOnceWithBasicAuthThenSendsTheSessionHeader) {
  transport::FakeTransport fake;
  On(fake, transport::Method::kPost, "/rest/com/vmware/cis/session")
      .Reply(200, R"({"value":"sess-1"})");
  On(fake, transport::Method::kGet, "/rest/com/vmware/cis/tagging/tag")
      .Reply(200, R"({"value":["t1","t2"]})")
      .Times(2);
  RestSession rest(fake, "eksa@vsphere.local", kPassword);
  for (int i = 0; i < 2; ++i) {
    EXPECT_THAT(rest.Call(transport::Method::kGet, "/com/vmware/cis/tagging/tag"),
                IsOkAndHolds(Eq(nlohmann::json::array({"t1", "t2"}))));
  }
  EXPECT_EQ(rest.login_count(), 1);
  std::vector<transport::Request> sent = fake.requests();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(transport::FindHeader(sent[0].headers, "Authorization").value_or(""),
            "Basic " + absl::Base64Escape(std::string("eksa@vsphere.local:") + kPassword));
  EXPECT_EQ(SessionHeader(sent[1]), "sess-1");
  EXPECT_FALSE(transport::FindHeader(sent[1].headers, "Authorization").has_value());
}

TEST(RestSessionTest, LogsInAgainAfterA401) {
  transport::FakeTransport fake;
  On(fake, transport::Method::kPost, "/rest/com/vmware/cis/session")
      .Reply(200, R"({"value":"sess-1"})");
  On(fake, transport::Method::kGet, "/rest/x")
      .Reply(401, R"({"type":"com.vmware.vapi.std.errors.unauthenticated"})");
  On(fake, transport::Method::kPost, "/rest/com/vmware/cis/session")
      .Reply(200, R"({"value":"sess-2"})");
  On(fake, transport::Method::kGet, "/rest/x").Reply(200, "");
  RestSession rest(fake, "u", kPassword);
  EXPECT_THAT(rest.Call(transport::Method::kGet, "/x"), IsOkAndHolds(Eq(nullptr)));
  EXPECT_EQ(rest.login_count(), 2);
  EXPECT_EQ(SessionHeader(fake.requests().back()), "sess-2");
}

TEST(RestSessionTest, WrongCredentialsAreUnauthenticatedWithoutThePassword) {
  transport::FakeTransport fake;
  On(fake, transport::Method::kPost, "/rest/com/vmware/cis/session").Reply(401, "");
  RestSession rest(fake, "eksa@vsphere.local", kPassword);
  absl::StatusOr<nlohmann::json> r = rest.Call(transport::Method::kGet, "/x");
  EXPECT_THAT(r, StatusIs(absl::StatusCode::kUnauthenticated,
                          AllOf(HasSubstr("REST login as eksa@vsphere.local: HTTP 401"),
                                Not(HasSubstr(kPassword)))));
}

TEST(RestErrorToStatusTest, VapiTypesRefineTheCode) {
  EXPECT_THAT(RestErrorToStatus(400, "POST /rest/t",
                                R"({"type":"com.vmware.vapi.std.errors.already_exists"})"),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       "POST /rest/t: HTTP 400: com.vmware.vapi.std.errors.already_exists"));
  EXPECT_THAT(RestErrorToStatus(404, "GET /rest/t", "404 page not found\n"),
              StatusIs(absl::StatusCode::kNotFound, "GET /rest/t: HTTP 404: 404 page not found"));
  EXPECT_THAT(RestErrorToStatus(503, "GET /rest/t", ""),
              StatusIs(absl::StatusCode::kUnavailable, "GET /rest/t: HTTP 503"));
}

TEST(TaggingTest, FindsTagsByCategoryAndNameAndCachesNames) {
  transport::FakeTransport fake;
  On(fake, transport::Method::kPost, "/rest/com/vmware/cis/session").Reply(200, R"({"value":"s"})");
  On(fake, transport::Method::kGet, "/rest/com/vmware/cis/tagging/category")
      .Reply(200, R"({"value":["c-os","c-rel"]})");
  On(fake, transport::Method::kGet, "/rest/com/vmware/cis/tagging/category/id:c-os")
      .Reply(200, R"({"value":{"id":"c-os","name":"os"}})");
  On(fake, transport::Method::kGet, "/rest/com/vmware/cis/tagging/category/id:c-rel")
      .Reply(200, R"({"value":{"id":"c-rel","name":"eksdRelease"}})");
  On(fake, transport::Method::kPost,
     "/rest/com/vmware/cis/tagging/tag/id:c-os?~action=list-tags-for-category")
      .Reply(200, R"({"value":["t-br","t-ub"]})")
      .Times(2);
  On(fake, transport::Method::kGet, "/rest/com/vmware/cis/tagging/tag/id:t-br")
      .Reply(200, R"({"value":{"id":"t-br","name":"bottlerocket","category_id":"c-os"}})");
  On(fake, transport::Method::kGet, "/rest/com/vmware/cis/tagging/tag/id:t-ub")
      .Reply(200, R"({"value":{"id":"t-ub","name":"ubuntu","category_id":"c-os"}})");
  On(fake, transport::Method::kPost,
     "/rest/com/vmware/cis/tagging/tag-association?~action=list-attached-tags")
      .Reply(200, R"({"value":["t-ub"]})");
  RestSession rest(fake, "u", kPassword);
  Tagging tagging(rest);
  EXPECT_THAT(tagging.FindTag("os", "ubuntu"), IsOkAndHolds(Eq("t-ub")));
  EXPECT_THAT(tagging.FindTag("os", "redhat"),
              StatusIs(absl::StatusCode::kNotFound,
                       "tag os:redhat not found: category os has no tag redhat"));
  // Names are cached: the attached tag needs no further reads.
  const size_t before = fake.requests().size();
  EXPECT_THAT(tagging.AttachedTags({.type = "VirtualMachine", .value = "vm-9"}),
              IsOkAndHolds(ElementsAre("os:ubuntu")));
  EXPECT_EQ(fake.requests().size(), before + 1);
  EXPECT_THAT(fake.requests().back().body,
              HasSubstr(R"("object_id":{"id":"vm-9","type":"VirtualMachine"})"));
}

TEST(TaggingTest, MissingCategoryIsNotFound) {
  transport::FakeTransport fake;
  On(fake, transport::Method::kPost, "/rest/com/vmware/cis/session").Reply(200, R"({"value":"s"})");
  On(fake, transport::Method::kGet, "/rest/com/vmware/cis/tagging/category").Reply(200, "{}");
  RestSession rest(fake, "u", kPassword);
  Tagging tagging(rest);
  EXPECT_THAT(tagging.FindTag("os", "ubuntu"),
              StatusIs(absl::StatusCode::kNotFound, "tag os:ubuntu not found: no category os"));
}

TEST(TaggingTest, UnknownTagIdIsNotFound) {
  transport::FakeTransport fake;
  On(fake, transport::Method::kPost, "/rest/com/vmware/cis/session").Reply(200, R"({"value":"s"})");
  On(fake, transport::Method::kGet, "/rest/com/vmware/cis/tagging/tag/id:nope").Reply(404, "");
  RestSession rest(fake, "u", kPassword);
  Tagging tagging(rest);
  EXPECT_THAT(tagging.DescribeTag("nope"),
              StatusIs(absl::StatusCode::kNotFound, "tag nope not found"));
}

}  // namespace
}  // namespace eksa::vsphere_agent::backend
