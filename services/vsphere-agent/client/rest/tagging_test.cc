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
using ::testing::Pair;
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
  // The next request whose path contains `part`.
  transport::FakeTransport::Expectation& ExpectPath(std::string part) {
    return fake_.ExpectIf(part, [part](const transport::Request& r) {
      return r.path.find(part) != std::string::npos;
    });
  }

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
  EXPECT_EQ(
      nlohmann::json::parse(r[2].body),
      nlohmann::json::parse(R"({"create_spec":{"name":"os","description":"created by eksa",)"
                            R"("cardinality":"MULTIPLE","associable_types":["VirtualMachine"]}})"));
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

TEST_F(TaggingTest, NamesAreReadOnceAndDeletedTagsAreLeftOut) {
  ExpectRest(fake_, Method::kPost, kAssociationPath + "?~action=list-attached-tags",
             "tag_list_attached")
      .Times(2);
  ExpectRest(fake_, Method::kGet, kTagPath + "/id:", "tag_get");
  ExpectRest(fake_, Method::kGet, kCategoryPath + "/id:", "category_get");
  Tagging tags(*rest_);
  soap::MoRef vm{"VirtualMachine", "vm-63"};
  EXPECT_THAT(tags.ListAttachedTagNames(vm), IsOkAndHolds(ElementsAre("os:bottlerocket")));
  const size_t before = fake_.requests().size();
  EXPECT_THAT(tags.ListAttachedTagNames(vm), IsOkAndHolds(ElementsAre("os:bottlerocket")));
  EXPECT_EQ(fake_.requests().size(), before + 1);  // the list only: names come from the cache

  Tagging fresh(*rest_);
  ExpectPath("list-attached-tags").Reply(200, R"({"value":["gone"]})");
  ExpectPath("/tag/id:gone").Reply(404, "");
  EXPECT_THAT(fresh.ListAttachedTagNames(vm), IsOkAndHolds(::testing::IsEmpty()));
}

TEST_F(TaggingTest, DescribeTagNamesItsCategoryOrIsNotFound) {
  ExpectRest(fake_, Method::kGet, kTagPath + "/id:", "tag_get");
  ExpectRest(fake_, Method::kGet, kCategoryPath + "/id:", "category_get");
  Tagging tags(*rest_);
  EXPECT_THAT(tags.DescribeTag(kTagId), IsOkAndHolds("os:bottlerocket"));
  ExpectPath("/tag/id:nope").Reply(404, "");
  EXPECT_THAT(tags.DescribeTag("nope"),
              StatusIs(absl::StatusCode::kNotFound, "tag nope not found"));
}

TEST_F(TaggingTest, ListsTheObjectsATagIsAttachedTo) {
  ExpectPath("?~action=list-attached-objects")
      .Reply(200, R"({"value":[{"type":"VirtualMachine","id":"vm-63"},)"
                  R"({"type":"VirtualMachine","id":"vm-64"}]})");
  absl::StatusOr<std::vector<soap::MoRef>> objects = Tagging(*rest_).ListAttachedObjects(kTagId);
  ASSERT_THAT(objects, IsOk());
  ASSERT_EQ(objects->size(), 2u);
  EXPECT_EQ((*objects)[1].value, "vm-64");
  EXPECT_EQ(fake_.requests().back().path,
            kAssociationPath + "/id:" + kTagId + "?~action=list-attached-objects");
}

TEST(ParseTagRefTest, SplitsAtTheFirstColon) {
  EXPECT_THAT(ParseTagRef("os:bottlerocket"), IsOkAndHolds(Pair("os", "bottlerocket")));
  EXPECT_THAT(ParseTagRef("k:a:b"), IsOkAndHolds(Pair("k", "a:b")));
  for (const char* bad : {"os", ":x", "os:", ""}) {
    EXPECT_THAT(ParseTagRef(bad), StatusIs(absl::StatusCode::kInvalidArgument,
                                           HasSubstr("is not of the form category:name")));
  }
}

}  // namespace
}  // namespace eksa::vsphere::rest
