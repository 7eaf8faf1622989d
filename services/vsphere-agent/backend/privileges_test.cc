#include "services/vsphere-agent/backend/privileges.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/vsphere-agent/client/soap/client.h"
#include "services/vsphere-agent/client/transport/testing/fake_transport.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent::backend {
namespace {

using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string Answer(const std::vector<std::string>& values) {
  std::string inner;
  for (const std::string& v : values) inner += "<returnval>" + v + "</returnval>";
  return "<?xml version=\"1.0\"?><soapenv:Envelope xmlns:soapenv="
         "\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
         "<HasPrivilegeOnEntityResponse xmlns=\"urn:vim25\">" +
         inner + "</HasPrivilegeOnEntityResponse></soapenv:Body></soapenv:Envelope>";
}

vsphere::soap::Response Parse(const std::string& xml) {
  absl::StatusOr<vsphere::soap::Response> r =
      vsphere::soap::Response::Parse(xml, "HasPrivilegeOnEntity");
  EXPECT_TRUE(r.ok()) << r.status();
  return *std::move(r);
}

TEST(ParseMissingPrivilegesTest, ListsTheFalseOnesInOrder) {
  EXPECT_THAT(ParseMissingPrivileges(Parse(Answer({"true", "false", "true", "false"})),
                                     {"A.a", "B.b", "C.c", "D.d"}),
              IsOkAndHolds(ElementsAre("B.b", "D.d")));
  EXPECT_THAT(ParseMissingPrivileges(Parse(Answer({"true"})), {"A.a"}), IsOkAndHolds(IsEmpty()));
}

TEST(ParseMissingPrivilegesTest, MalformedAnswers) {
  EXPECT_THAT(ParseMissingPrivileges(Parse(Answer({"true"})), {"A.a", "B.b"}),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("answered 1 values for 2")));
  EXPECT_THAT(ParseMissingPrivileges(Parse(Answer({"maybe"})), {"A.a"}),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("malformed value \"maybe\"")));
}

TEST(MissingPrivilegesTest, AsksForEachPrivilegeWithTheSessionKey) {
  vsphere::transport::FakeTransport fake;
  fake.Expect(vsphere::transport::SoapMethodIs("HasPrivilegeOnEntity"))
      .Reply(200, Answer({"true", "false"}));
  vsphere::soap::Client client(fake);
  vsphere::session::ServiceContent content;
  content.authorization_manager = {.type = "AuthorizationManager", .value = "AuthorizationManager"};
  EXPECT_THAT(MissingPrivileges(client, content, {.type = "Folder", .value = "group-d1"}, "sess-1",
                                {"Sessions.ValidateSession", "Datastore.Browse"}),
              IsOkAndHolds(ElementsAre("Datastore.Browse")));
  ASSERT_EQ(fake.requests().size(), 1u);
  const std::string& body = fake.requests()[0].body;
  EXPECT_THAT(body, HasSubstr("<entity type=\"Folder\">group-d1</entity>"));
  EXPECT_THAT(body, HasSubstr("<sessionId>sess-1</sessionId>"));
  EXPECT_THAT(body, HasSubstr("<privId>Sessions.ValidateSession</privId><privId>Datastore.Browse"));
}

TEST(PrivilegeListsTest, NotEmpty) {
  for (const auto* list : {&GlobalPrivileges(), &DatastorePrivileges(), &ResourcePoolPrivileges(),
                           &FolderPrivileges(), &TemplatePrivileges()}) {
    EXPECT_FALSE(list->empty());
  }
  EXPECT_THAT(GlobalPrivileges(), ::testing::Contains("Sessions.ValidateSession"));
}

}  // namespace
}  // namespace eksa::vsphere_agent::backend
