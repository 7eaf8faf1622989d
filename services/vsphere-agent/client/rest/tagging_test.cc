#include "services/vsphere-agent/client/rest/tagging.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/vsphere-agent/client/rest/testing/fake_rest.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::rest {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::ElementsAre;
using testing::ExpectRest;
using ::testing::HasSubstr;
using transport::Method;

const std::string kCategoryPath = "/rest/com/vmware/cis/tagging/category";
const std::string kTagPath = "/rest/com/vmware/cis/tagging/tag";
const std::string kAssociationPath = "/rest/com/vmware/cis/tagging/tag-association";
const std::string kCategoryId =
    nlohmann::json::parse(testing::Fixture("category_create.json"))["value"];
const std::string kTagId = nlohmann::json::parse(testing::Fixture("tag_create.json"))["value"];

class TaggingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ExpectRest(fake_, Method::kPost, "/rest/com/vmware/cis/session", "session_create");
    absl::StatusOr<std::unique_ptr<RestSession>> s = RestSession::Login(fake_, {"u", "p"});
    ASSERT_THAT(s, IsOk());
    rest_ = *std::move(s);
  }
  std::string BodyOf(size_t i) { return fake_.requests().at(i).body; }

  transport::FakeTransport fake_{std::string(testing::kEndpoint)};
  std::unique_ptr<RestSession> rest_;
};

TEST_F(TaggingTest, EnsureTagCreatesTheCategoryAndTheTagWhenMissing) {
  fake_
      .ExpectIf("no categories",
                [&](const transport::Request& r) {
                  return r.method == Method::kGet && r.path == kCategoryPath;
                })
      .Reply(200, R"({"value":[]})");
  ExpectRest(fake_, Method::kPost, kCategoryPath, "category_create");
  fake_
      .ExpectIf("no tags",
                [&](const transport::Request& r) {
                  return r.path.find("list-tags-for-category") != std::string::npos;
                })
      .Reply(200, R"({"value":[]})");
  ExpectRest(fake_, Method::kPost, kTagPath, "tag_create");
  Tagging tags(*rest_);
  EXPECT_THAT(tags.EnsureTag("os", "bottlerocket"), IsOkAndHolds(kTagId));
  std::vector<transport::Request> r = fake_.requests();
  EXPECT_EQ(nlohmann::json::parse(r[2].body),
            nlohmann::json::parse(R"({"create_spec":{"name":"os","description":"",)"
                                  R"("cardinality":"SINGLE","associable_types":[]}})"));
  EXPECT_EQ(r[3].path, kTagPath + "/id:" + kCategoryId + "?~action=list-tags-for-category");
  EXPECT_EQ(nlohmann::json::parse(r[4].body)["create_spec"]["category_id"], kCategoryId);
}

TEST_F(TaggingTest, EnsureTagAdoptsExistingOnes) {
  ExpectRest(fake_, Method::kGet, kCategoryPath + "/id:", "category_get");
  ExpectRest(fake_, Method::kGet, kCategoryPath, "category_list");
  ExpectRest(fake_, Method::kPost, kTagPath + "/id:", "tag_list_for_category");
  ExpectRest(fake_, Method::kGet, kTagPath + "/id:", "tag_get");
  Tagging tags(*rest_);
  EXPECT_THAT(tags.EnsureTag("os", "bottlerocket"), IsOkAndHolds(kTagId));
  EXPECT_EQ(fake_.CountRequests("create_spec"), 0);
}

TEST_F(TaggingTest, ACategoryCreatedConcurrentlyIsFoundAgain) {
  fake_
      .ExpectIf("no categories yet",
                [&](const transport::Request& r) {
                  return r.method == Method::kGet && r.path == kCategoryPath;
                })
      .Reply(200, R"({"value":[]})");
  ExpectRest(fake_, Method::kPost, kCategoryPath, "category_create_duplicate");
  ExpectRest(fake_, Method::kGet, kCategoryPath + "/id:", "category_get");
  ExpectRest(fake_, Method::kGet, kCategoryPath, "category_list");
  Tagging tags(*rest_);
  EXPECT_THAT(tags.EnsureCategory("os"), IsOkAndHolds(kCategoryId));
}

TEST_F(TaggingTest, AttachAndListAttachedNames) {
  ExpectRest(fake_, Method::kPost, kAssociationPath + "/id:", "tag_attach");
  ExpectRest(fake_, Method::kPost, kAssociationPath + "?~action=list-attached-tags",
             "tag_list_attached");
  ExpectRest(fake_, Method::kGet, kTagPath + "/id:", "tag_get");
  ExpectRest(fake_, Method::kGet, kCategoryPath + "/id:", "category_get");
  Tagging tags(*rest_);
  soap::MoRef vm{"VirtualMachine", "vm-63"};
  ASSERT_THAT(tags.Attach(kTagId, vm), IsOk());
  EXPECT_EQ(fake_.requests()[1].path, kAssociationPath + "/id:" + kTagId + "?~action=attach");
  EXPECT_EQ(nlohmann::json::parse(BodyOf(1)),
            nlohmann::json::parse(R"({"object_id":{"type":"VirtualMachine","id":"vm-63"}})"));
  EXPECT_THAT(tags.ListAttachedTagNames(vm), IsOkAndHolds(ElementsAre("os:bottlerocket")));
}

TEST_F(TaggingTest, AttachingAMissingTagIsNotFound) {
  ExpectRest(fake_, Method::kPost, kAssociationPath + "/id:nope", "tag_attach_missing");
  EXPECT_THAT(Tagging(*rest_).Attach("nope", {"VirtualMachine", "vm-63"}),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("HTTP 404")));
}

TEST_F(TaggingTest, DecodesCategoriesAndRejectsMalformedOnes) {
  ExpectRest(fake_, Method::kGet, kCategoryPath + "/id:", "category_get");
  absl::StatusOr<Category> c = Tagging(*rest_).GetCategory(kCategoryId);
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(c->name, "os");
  EXPECT_EQ(c->cardinality, "SINGLE");
  EXPECT_THAT(c->associable_types, ElementsAre("VirtualMachine"));
  fake_.Expect("").Reply(200, R"({"value":{"id":7}})");
  EXPECT_THAT(Tagging(*rest_).GetCategory("x"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("id is not a string")));
}

}  // namespace
}  // namespace eksa::vsphere::rest
