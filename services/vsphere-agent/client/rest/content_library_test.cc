#include "services/vsphere-agent/client/rest/content_library.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/vsphere-agent/client/rest/testing/fake_rest.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::rest {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using testing::ExpectRest;
using ::testing::HasSubstr;
using transport::Method;

const std::string kLibraryId =
    nlohmann::json::parse(testing::Fixture("library_create.json"))["value"];
const std::string kItemId = nlohmann::json::parse(testing::Fixture("item_create.json"))["value"];

class ContentLibraryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ExpectRest(fake_, Method::kPost, "/rest/com/vmware/cis/session", "session_create");
    absl::StatusOr<std::unique_ptr<RestSession>> s = RestSession::Login(fake_, {"u", "p"});
    ASSERT_THAT(s, IsOk());
    rest_ = *std::move(s);
  }

  transport::FakeTransport fake_{std::string(testing::kEndpoint)};
  std::unique_ptr<RestSession> rest_;
};

TEST_F(ContentLibraryTest, EnsureLocalLibraryCreatesOnTheDatastore) {
  fake_.Expect(R"({"spec":{"name":"eks-a-templates"}})").Reply(200, R"({"value":[]})");
  ExpectRest(fake_, Method::kPost, "/rest/com/vmware/content/local-library", "library_create");
  ContentLibrary cl(*rest_);
  EXPECT_THAT(cl.EnsureLocalLibrary("eks-a-templates", "datastore-1"), IsOkAndHolds(kLibraryId));
  EXPECT_EQ(nlohmann::json::parse(fake_.requests()[2].body),
            nlohmann::json::parse(R"({"create_spec":{"name":"eks-a-templates","type":"LOCAL",)"
                                  R"("storage_backings":[{"type":"DATASTORE",)"
                                  R"("datastore_id":"datastore-1"}]}})"));
}

TEST_F(ContentLibraryTest, EnsureLocalLibraryAdoptsAnExistingOne) {
  ExpectRest(fake_, Method::kPost, "/rest/com/vmware/content/library?~action=find", "library_find");
  ExpectRest(fake_, Method::kGet, "/rest/com/vmware/content/library/id:", "library_get");
  ContentLibrary cl(*rest_);
  EXPECT_THAT(cl.EnsureLocalLibrary("eks-a-templates", "datastore-1"), IsOkAndHolds(kLibraryId));
  EXPECT_EQ(fake_.CountRequests("create_spec"), 0);
}

TEST_F(ContentLibraryTest, FindsAndCreatesItems) {
  ExpectRest(fake_, Method::kPost, "/rest/com/vmware/content/library/item?~action=find",
             "item_find");
  ExpectRest(fake_, Method::kGet, "/rest/com/vmware/content/library/item/id:", "item_get");
  ExpectRest(fake_, Method::kPost, "/rest/com/vmware/content/library/item",
             "item_create_duplicate");
  ContentLibrary cl(*rest_);
  absl::StatusOr<std::optional<LibraryItem>> item = cl.FindItem(kLibraryId, "tiny");
  ASSERT_THAT(item, IsOk());
  ASSERT_TRUE(item->has_value());
  EXPECT_EQ((*item)->id, kItemId);
  EXPECT_EQ((*item)->type, "ovf");
  EXPECT_THAT(cl.CreateItem(kLibraryId, "tiny"),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("already_exists")));
}

TEST_F(ContentLibraryTest, DeploysAnOvfItemWithProperties) {
  ExpectRest(fake_, Method::kPost, "/rest/com/vmware/vcenter/ovf/library-item/id:", "ovf_deploy");
  absl::StatusOr<soap::MoRef> vm = ContentLibrary(*rest_).DeployOvf(
      kItemId, {.name = "tiny-vm",
                .resource_pool = "resgroup-26",
                .folder = "folder-3",
                .properties = {{"guestinfo.userdata", "I2Nsb3VkLWNvbmZpZwo="}}});
  ASSERT_THAT(vm, IsOk());
  EXPECT_EQ(vm->type, "VirtualMachine");
  EXPECT_THAT(vm->value, ::testing::StartsWith("vm-"));
  nlohmann::json sent = nlohmann::json::parse(fake_.requests().back().body);
  EXPECT_EQ(sent["target"],
            nlohmann::json::parse(R"({"resource_pool_id":"resgroup-26","folder_id":"folder-3"})"));
  EXPECT_EQ(sent["deployment_spec"]["accept_all_EULA"], true);
  EXPECT_EQ(sent["deployment_spec"]["additional_parameters"][0]["properties"][0]["id"],
            "guestinfo.userdata");
}

TEST_F(ContentLibraryTest, AFailedDeploymentCarriesTheServersMessages) {
  ExpectRest(fake_, Method::kPost,
             "/rest/com/vmware/vcenter/ovf/library-item/id:", "ovf_deploy_bad_pool");
  EXPECT_THAT(ContentLibrary(*rest_).DeployOvf(kItemId, {.name = "x", .resource_pool = "rp"}),
              StatusIs(absl::StatusCode::kInternal,
                       HasSubstr("deploying library item " + kItemId + " as \"x\": Post")));
}

TEST_F(ContentLibraryTest, PullFileWaitsForTheTransferThenForTheSession) {
  ExpectRest(fake_, Method::kPost, "/rest/com/vmware/content/library/item/update-session",
             "update_session_create");
  fake_.Expect("\"source_type\":\"PULL\"").Reply(200, R"({"value":{"name":"x.ova"}})");
  auto files = [](const transport::Request& r) {
    return r.path.find("update_session_id=") != std::string::npos;
  };
  fake_.ExpectIf("files", files)
      .Reply(200, R"({"value":[{"name":"x.ova","status":"WAITING_FOR_TRANSFER"}]})");
  fake_.ExpectIf("files", files).Reply(200, R"({"value":[{"name":"x.ova","status":"READY"}]})");
  ExpectRest(fake_, Method::kPost,
             "/rest/com/vmware/content/library/item/update-session/id:", "update_session_complete");
  auto state = [](const transport::Request& r) {
    return r.method == Method::kGet && r.path.find("/update-session/id:") != std::string::npos;
  };
  fake_.ExpectIf("state", state).Reply(200, R"({"value":{"state":"ACTIVE"}})");
  fake_.ExpectIf("state", state).Reply(200, R"({"value":{"state":"DONE"}})");
  EXPECT_THAT(ContentLibrary(*rest_).PullFile(
                  kItemId, {.file_name = "x.ova", .url = "https://mirror/x.ova", .sha256 = "ab12"},
                  absl::Now() + absl::Seconds(10)),
              IsOk());
  nlohmann::json add = nlohmann::json::parse(fake_.requests()[2].body);
  EXPECT_EQ(add["file_spec"]["source_endpoint"]["uri"], "https://mirror/x.ova");
  EXPECT_EQ(add["file_spec"]["checksum_info"],
            nlohmann::json::parse(R"({"algorithm":"SHA256","checksum":"ab12"})"));
  EXPECT_THAT(fake_.Unused(), ::testing::IsEmpty());
}

TEST_F(ContentLibraryTest, AFailedPullCarriesVCentersMessageAndFailsTheSession) {
  ExpectRest(fake_, Method::kPost, "/rest/com/vmware/content/library/item/update-session",
             "update_session_create");
  fake_.Expect("\"source_type\":\"PULL\"").Reply(200, R"({"value":{"name":"x.ova"}})");
  fake_
      .ExpectIf("files",
                [](const transport::Request& r) {
                  return r.path.find("update_session_id=") != std::string::npos;
                })
      .Reply(200, R"({"value":[{"name":"x.ova","status":"ERROR"}]})");
  fake_
      .ExpectIf("state",
                [](const transport::Request& r) {
                  return r.method == Method::kGet &&
                         r.path.find("/update-session/id:") != std::string::npos;
                })
      .Reply(200, R"({"value":{"state":"ERROR","error_message":{"default_message":)"
                  R"("checksum mismatch"}}})");
  fake_.Expect("client_error_message").Reply(200, "");
  EXPECT_THAT(
      ContentLibrary(*rest_).PullFile(kItemId, {.file_name = "x.ova", .url = "https://m/x.ova"},
                                      absl::Now() + absl::Seconds(10)),
      StatusIs(absl::StatusCode::kUnavailable,
               HasSubstr("vCenter could not download https://m/x.ova: checksum mismatch")));
  EXPECT_THAT(fake_.Unused(), ::testing::IsEmpty());
}

TEST_F(ContentLibraryTest, PullFileStopsAtItsDeadline) {
  ExpectRest(fake_, Method::kPost, "/rest/com/vmware/content/library/item/update-session",
             "update_session_create");
  fake_.Expect("\"source_type\":\"PULL\"").Reply(200, R"({"value":{"name":"x.ova"}})");
  fake_
      .ExpectIf("files",
                [](const transport::Request& r) {
                  return r.path.find("update_session_id=") != std::string::npos;
                })
      .Reply(200, R"({"value":[{"name":"x.ova","status":"TRANSFERRING"}]})")
      .Always();
  fake_.Expect("client_error_message").Reply(200, "");
  EXPECT_THAT(
      ContentLibrary(*rest_).PullFile(kItemId, {.file_name = "x.ova", .url = "https://m/x.ova"},
                                      absl::Now() + absl::Milliseconds(300)),
      StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr("did not finish in time")));
}

}  // namespace
}  // namespace eksa::vsphere::rest
