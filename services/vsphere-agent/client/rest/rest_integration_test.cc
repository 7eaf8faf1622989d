// client/rest against the testbed's vCenter simulator: REST login (right and wrong
// credentials), re-login after the session is deleted, tags created, attached to a VM and listed,
// and a content library: a local library on the testbed's datastore, an OVA pulled into an item
// by vCenter from a loopback HTTPS server of the test, deployed as a VM with a guestinfo property.
//
// Names carry a per-process prefix (vim/testing/testbed_vcenter.h UniqueName); deployed VMs go
// into a folder of this run, destroyed at the end.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "services/vsphere-agent/client/rest/content_library.h"
#include "services/vsphere-agent/client/rest/rest_session.h"
#include "services/vsphere-agent/client/rest/tagging.h"
#include "services/vsphere-agent/client/transport/testing/loopback_http_server.h"
#include "services/vsphere-agent/client/vim/finder.h"
#include "services/vsphere-agent/client/vim/folder.h"
#include "services/vsphere-agent/client/vim/testing/testbed_vcenter.h"
#include "services/vsphere-agent/client/vim/virtual_machine.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::rest {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using vim::testing::TestbedVcenter;
using vim::testing::UniqueName;

class RestIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tb_ = TestbedVcenter::Connect();
    ASSERT_NE(tb_, nullptr);
    absl::StatusOr<std::unique_ptr<RestSession>> s = RestSession::Login(
        tb_->transport(),
        {tb_->Env("EKSA_TESTBED_VCENTER_USERNAME"), tb_->Env("EKSA_TESTBED_VCENTER_PASSWORD")});
    ASSERT_THAT(s, IsOk());
    rest_ = *std::move(s);
    prefix_ = UniqueName("rest");
  }
  void TearDown() override {
    if (rest_) EXPECT_THAT(rest_->Logout(), IsOk());
  }

  std::unique_ptr<TestbedVcenter> tb_;
  std::unique_ptr<RestSession> rest_;
  std::string prefix_;
};

TEST_F(RestIntegrationTest, WrongPasswordIsUnauthenticated) {
  EXPECT_THAT(RestSession::Login(tb_->transport(),
                                 {tb_->Env("EKSA_TESTBED_VCENTER_USERNAME"), "wrong-password"}),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       ::testing::AllOf(HasSubstr("REST login: unauthenticated"),
                                        ::testing::Not(HasSubstr("wrong-password")))));
}

TEST_F(RestIntegrationTest, ReLogsInAfterTheSessionIsDeleted) {
  // Another client ends this session (as an idle timeout or an admin would).
  absl::StatusOr<transport::Response> deleted =
      tb_->transport().RoundTrip({.method = transport::Method::kDelete,
                                  .path = "/rest/com/vmware/cis/session",
                                  .headers = {{std::string(kSessionHeader), rest_->session_id()}}});
  ASSERT_THAT(deleted, IsOk());
  ASSERT_EQ(deleted->status, 200);
  EXPECT_THAT(Tagging(*rest_).ListCategoryIds(), IsOk());
  EXPECT_EQ(rest_->login_count(), 2);
}

TEST_F(RestIntegrationTest, CreatesAttachesAndListsTags) {
  Tagging tags(*rest_);
  std::string category = prefix_ + "-os";
  absl::StatusOr<std::string> tag = tags.EnsureTag(category, "bottlerocket");
  ASSERT_THAT(tag, IsOk());
  EXPECT_THAT(tags.EnsureTag(category, "bottlerocket"), IsOkAndHolds(*tag));  // adopted
  absl::StatusOr<std::string> other = tags.EnsureTag(category, "ubuntu");
  ASSERT_THAT(other, IsOk());
  EXPECT_NE(*other, *tag);
  EXPECT_THAT(tags.CreateCategory(category),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("already_exists")));

  vim::Finder finder(tb_->session(), tb_->content());
  absl::StatusOr<soap::MoRef> vm =
      finder.FindByInventoryPath(tb_->Env("EKSA_TESTBED_VCENTER_SOURCE_VM"));
  ASSERT_THAT(vm, IsOk());
  ASSERT_THAT(tags.Attach(*tag, *vm), IsOk());
  EXPECT_THAT(tags.ListAttachedTagIds(*vm), IsOkAndHolds(Contains(*tag)));
  EXPECT_THAT(tags.ListAttachedTagNames(*vm), IsOkAndHolds(Contains(category + ":bottlerocket")));
  ASSERT_THAT(tags.Detach(*tag, *vm), IsOk());
  EXPECT_THAT(tags.ListAttachedTagNames(*vm),
              IsOkAndHolds(::testing::Not(Contains(category + ":bottlerocket"))));
  EXPECT_THAT(tags.Attach("urn:vmomi:InventoryServiceTag:nope:GLOBAL", *vm),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(RestIntegrationTest, ImportsAnOvaIntoALibraryAndDeploysIt) {
  vim::Finder finder(tb_->session(), tb_->content());
  absl::StatusOr<vim::Datacenter> dc = finder.FindDatacenter("DC0");
  ASSERT_THAT(dc, IsOk());
  absl::StatusOr<vim::InventoryObject> ds =
      finder.FindOne(*dc, vim::ObjectKind::kDatastore, tb_->Env("EKSA_TESTBED_VCENTER_DATASTORE"));
  absl::StatusOr<vim::InventoryObject> pool = finder.FindOne(
      *dc, vim::ObjectKind::kResourcePool, tb_->Env("EKSA_TESTBED_VCENTER_RESOURCE_POOL"));
  ASSERT_THAT(ds, IsOk());
  ASSERT_THAT(pool, IsOk());
  absl::StatusOr<vim::EnsuredFolder> folder =
      vim::EnsureFolderPath(tb_->session(), tb_->content(), *dc, prefix_);
  ASSERT_THAT(folder, IsOk());

  ContentLibrary cl(*rest_);
  absl::StatusOr<std::string> lib = cl.EnsureLocalLibrary(prefix_ + "-lib", ds->ref.value);
  ASSERT_THAT(lib, IsOk());
  EXPECT_THAT(cl.EnsureLocalLibrary(prefix_ + "-lib", ds->ref.value), IsOkAndHolds(*lib));
  absl::StatusOr<Library> got = cl.GetLibrary(*lib);
  ASSERT_THAT(got, IsOk());
  EXPECT_THAT(got->datastore_ids, ElementsAre(ds->ref.value));
  absl::StatusOr<std::string> item = cl.CreateItem(*lib, "tiny");
  ASSERT_THAT(item, IsOk());
  EXPECT_THAT(cl.CreateItem(*lib, "tiny"), StatusIs(absl::StatusCode::kAlreadyExists));
  // The OVA's web server: vCenter (the simulator) pulls from it.
  std::ifstream in(
      std::string(EKSA_SOURCE_DIR) + "/services/vsphere-agent/client/vim/testdata/tiny.ova",
      std::ios::binary);
  const std::string ova((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(ova.empty());
  transport::LoopbackHttpServer server(
      [&](const transport::ReceivedRequest& r) {
        if (r.target != "/tiny.ova") return transport::CannedReply{.status = 404};
        return transport::CannedReply{.headers = {{"Content-Type", "application/octet-stream"}},
                                      .body = ova};
      },
      /*tls=*/true);
  ASSERT_THAT(cl.PullFile(*item, {.file_name = "tiny.ova", .url = server.base_url() + "/tiny.ova"},
                          absl::Now() + absl::Seconds(60)),
              IsOk());
  EXPECT_EQ(server.requests().size(), 1u);
  EXPECT_THAT(cl.ListFileNames(*item), IsOkAndHolds(Contains(HasSubstr(".ovf"))));
  absl::StatusOr<std::optional<LibraryItem>> found = cl.FindItem(*lib, "tiny");
  ASSERT_THAT(found, IsOk());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, *item);
  EXPECT_THAT(cl.ListItemIds(*lib), IsOkAndHolds(ElementsAre(*item)));

  absl::StatusOr<soap::MoRef> vm =
      cl.DeployOvf(*item, {.name = prefix_ + "-deployed",
                           .resource_pool = pool->ref.value,
                           .folder = folder->ref.value,
                           .properties = {{"guestinfo.userdata", "I2Nsb3VkLWNvbmZpZwo="}}});
  ASSERT_THAT(vm, IsOk());
  vim::VirtualMachine deployed(tb_->session(), tb_->content().property_collector, *vm);
  absl::StatusOr<vim::VmInfo> info = deployed.Info();
  ASSERT_THAT(info, IsOk());
  EXPECT_EQ(info->name, prefix_ + "-deployed");
  EXPECT_EQ(info->num_cpus, 2);
  EXPECT_EQ(info->memory_mb, 512);
  EXPECT_EQ(vim::FindOption(info->extra_config, "guestinfo.userdata"), "I2Nsb3VkLWNvbmZpZwo=");
  absl::StatusOr<vim::Task> destroy = deployed.Destroy();
  ASSERT_THAT(destroy, IsOk());
  EXPECT_THAT(destroy->Wait({.deadline = absl::Now() + absl::Seconds(30)}), IsOk());
}

}  // namespace
}  // namespace eksa::vsphere::rest
