#include "services/vsphere-agent/client/rest/rest_session.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "services/vsphere-agent/client/rest/rest_error.h"
#include "services/vsphere-agent/client/rest/testing/fake_rest.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::rest {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using testing::ExpectRest;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;
using transport::Method;

constexpr std::string_view kSession = "/rest/com/vmware/cis/session";
constexpr std::string_view kCategory = "/rest/com/vmware/cis/tagging/category";

TEST(RestErrorTest, MapsVapiTypesAndFallsBackToHttp) {
  EXPECT_EQ(VapiErrorToCode("com.vmware.vapi.std.errors.already_exists"),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(VapiErrorToCode("not_found"), absl::StatusCode::kNotFound);
  EXPECT_EQ(VapiErrorToCode("com.vmware.vapi.std.errors.unauthorized"),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(VapiErrorToCode("com.vmware.vapi.std.errors.resource_busy"),
            absl::StatusCode::kAborted);
  EXPECT_EQ(VapiErrorToCode("com.example.other"), absl::StatusCode::kUnknown);
  EXPECT_THAT(RestErrorToStatus(400, testing::Fixture("category_create_duplicate.json"), "POST x"),
              StatusIs(absl::StatusCode::kAlreadyExists, "POST x: already_exists"));
  EXPECT_THAT(
      RestErrorToStatus(400,
                        R"({"type":"com.vmware.vapi.std.errors.invalid_argument","value":{)"
                        R"("messages":[{"id":"a","default_message":"bad name"},)"
                        R"({"id":"b","default_message":"too long"}]}})",
                        "POST x"),
      StatusIs(absl::StatusCode::kInvalidArgument, "POST x: invalid_argument: bad name; too long"));
  EXPECT_THAT(RestErrorToStatus(404, testing::Fixture("category_get_missing.json"), "GET y"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("GET y: HTTP 404")));
  EXPECT_THAT(RestErrorToStatus(204, "", "DELETE z"), IsOk());
}

class RestSessionTest : public ::testing::Test {
 protected:
  std::unique_ptr<RestSession> Login() {
    ExpectRest(fake_, Method::kPost, std::string(kSession), "session_create");
    absl::StatusOr<std::unique_ptr<RestSession>> s =
        RestSession::Login(fake_, {"administrator@vsphere.local", "s3cr3t-Pa55"});
    EXPECT_THAT(s, IsOk());
    return s.ok() ? *std::move(s) : nullptr;
  }

  transport::FakeTransport fake_{std::string(testing::kEndpoint)};
};

TEST_F(RestSessionTest, LogsInWithBasicAuthAndSendsTheSessionHeader) {
  std::unique_ptr<RestSession> s = Login();
  ASSERT_NE(s, nullptr);
  const transport::Request login = fake_.requests()[0];
  EXPECT_EQ(login.method, Method::kPost);
  EXPECT_EQ(transport::FindHeader(login.headers, "Authorization"),
            "Basic " + absl::Base64Escape("administrator@vsphere.local:s3cr3t-Pa55"));
  EXPECT_EQ(s->session_id(), "f4b7e36e-71ef-44df-8315-f0898388b815");

  ExpectRest(fake_, Method::kGet, std::string(kCategory), "category_list");
  absl::StatusOr<nlohmann::json> ids = s->Call(Method::kGet, "/com/vmware/cis/tagging/category");
  ASSERT_THAT(ids, IsOk());
  ASSERT_TRUE(ids->is_array());
  EXPECT_THAT(*ids, SizeIs(1));
  const transport::Request call = fake_.requests()[1];
  EXPECT_EQ(call.path, kCategory);
  EXPECT_EQ(transport::FindHeader(call.headers, "vmware-api-session-id"), s->session_id());
  EXPECT_EQ(transport::FindHeader(call.headers, "Authorization"), std::nullopt);
}

TEST_F(RestSessionTest, WrongCredentialsAreUnauthenticatedWithoutThePassword) {
  ExpectRest(fake_, Method::kPost, std::string(kSession), "session_create_noauth");
  absl::StatusOr<std::unique_ptr<RestSession>> s =
      RestSession::Login(fake_, {"administrator@vsphere.local", "s3cr3t-Pa55"});
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kUnauthenticated, Not(HasSubstr("s3cr3t"))));
  EXPECT_THAT(RestSession::Login(fake_, {"", "x"}), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(RestSessionTest, ReLogsInOnceOn401) {
  std::unique_ptr<RestSession> s = Login();
  ASSERT_NE(s, nullptr);
  ExpectRest(fake_, Method::kGet, std::string(kCategory), "session_get_after_delete");  // 401
  ExpectRest(fake_, Method::kPost, std::string(kSession), "session_create");
  ExpectRest(fake_, Method::kGet, std::string(kCategory), "category_list");
  EXPECT_THAT(s->Call(Method::kGet, "/com/vmware/cis/tagging/category"), IsOk());
  EXPECT_EQ(s->login_count(), 2);

  // A second 401 in a row is returned.
  ExpectRest(fake_, Method::kGet, std::string(kCategory), "session_get_after_delete").Times(2);
  ExpectRest(fake_, Method::kPost, std::string(kSession), "session_create");
  EXPECT_THAT(s->Call(Method::kGet, "/com/vmware/cis/tagging/category"),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("GET /rest/com/vmware/cis/tagging/category: HTTP 401")));
}

TEST_F(RestSessionTest, VapiErrorsKeepTheirCode) {
  std::unique_ptr<RestSession> s = Login();
  ASSERT_NE(s, nullptr);
  ExpectRest(fake_, Method::kPost, std::string(kCategory), "category_create_duplicate");
  EXPECT_THAT(s->Call(Method::kPost, "/com/vmware/cis/tagging/category",
                      nlohmann::json{{"create_spec", {{"name", "os"}}}}),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       "POST /rest/com/vmware/cis/tagging/category: already_exists"));
  EXPECT_EQ(transport::FindHeader(fake_.requests().back().headers, "Content-Type"),
            "application/json");
  EXPECT_EQ(fake_.requests().back().body, R"({"create_spec":{"name":"os"}})");
}

TEST_F(RestSessionTest, LogoutDeletesTheSessionOnce) {
  std::unique_ptr<RestSession> s = Login();
  ASSERT_NE(s, nullptr);
  ExpectRest(fake_, Method::kDelete, std::string(kSession), "session_delete");
  EXPECT_THAT(s->Logout(), IsOk());
  EXPECT_THAT(s->Logout(), IsOk());
  EXPECT_EQ(fake_.CountRequests(""), 2);  // login + one DELETE
  EXPECT_THAT(s->Call(Method::kGet, "/com/vmware/cis/tagging/category"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(RestSessionTest, ACreatedSessionLogsInOnItsFirstCallOnly) {
  absl::StatusOr<std::unique_ptr<RestSession>> s =
      RestSession::Create(fake_, {"administrator@vsphere.local", "s3cr3t-Pa55"});
  ASSERT_THAT(s, IsOk());
  EXPECT_TRUE(fake_.requests().empty());
  EXPECT_THAT((*s)->Logout(), IsOk());  // never logged in: nothing to end
  EXPECT_TRUE(fake_.requests().empty());

  s = RestSession::Create(fake_, {"administrator@vsphere.local", "s3cr3t-Pa55"});
  ASSERT_THAT(s, IsOk());
  ExpectRest(fake_, Method::kPost, std::string(kSession), "session_create");
  ExpectRest(fake_, Method::kGet, std::string(kCategory), "category_list").Times(2);
  EXPECT_THAT((*s)->Call(Method::kGet, "/com/vmware/cis/tagging/category"), IsOk());
  EXPECT_THAT((*s)->Call(Method::kGet, "/com/vmware/cis/tagging/category"), IsOk());
  EXPECT_EQ((*s)->login_count(), 1);
  EXPECT_EQ(fake_.requests()[0].path, kSession);
  EXPECT_THAT(RestSession::Create(fake_, {"", "x"}), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(RestSessionTest, ANonJsonAnswerIsInternal) {
  std::unique_ptr<RestSession> s = Login();
  ASSERT_NE(s, nullptr);
  fake_.Expect("").Reply(200, "<html>proxy</html>");
  EXPECT_THAT(s->Call(Method::kGet, "/com/vmware/cis/tagging/category"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("not JSON")));
}

}  // namespace
}  // namespace eksa::vsphere::rest
