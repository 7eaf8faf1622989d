// client/pbm against the testbed's vCenter simulator (govmomi's pbm/simulator on /pbm): the
// service content, the four default storage policies, FindProfileByName found and missing, a
// request without the session, and a stale cookie renewed through the vim25 session's re-login.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "services/vsphere-agent/client/pbm/client.h"
#include "services/vsphere-agent/client/pbm/endpoint.h"
#include "services/vsphere-agent/client/vim/testing/testbed_vcenter.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::pbm {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::UnorderedElementsAre;
using vim::testing::TestbedVcenter;

class PbmIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tb_ = TestbedVcenter::Connect();
    ASSERT_NE(tb_, nullptr);
  }
  soap::Client& vim() { return tb_->session().client(); }

  std::unique_ptr<TestbedVcenter> tb_;
};

TEST_F(PbmIntegrationTest, ServiceContentAndTheDefaultStoragePolicies) {
  SessionCaller spbm(vim());
  absl::StatusOr<Client> pbm = Client::Connect(spbm);
  ASSERT_THAT(pbm, IsOk());
  EXPECT_EQ(pbm->service_content().about_name, "PBM");
  EXPECT_EQ(pbm->service_content().profile_manager,
            (soap::MoRef{"PbmProfileProfileManager", "ProfileManager"}));
  absl::StatusOr<std::vector<Profile>> all = pbm->StoragePolicies();
  ASSERT_THAT(all, IsOk());
  ASSERT_GE(all->size(), 4u);
  std::vector<std::string> names;
  for (const Profile& p : *all) {
    names.push_back(p.name);
    EXPECT_EQ(p.category, "REQUIREMENT") << p.name;
    EXPECT_EQ(p.resource_type, "STORAGE") << p.name;
    EXPECT_EQ(p.type, "PbmCapabilityProfile") << p.name;
  }
  // Other tests may create policies (PbmCreate) on the shared simulator: the defaults come first.
  EXPECT_THAT(
      std::vector<std::string>(names.begin(), names.begin() + 4),
      UnorderedElementsAre("vSAN Default Storage Policy", "VVol No Requirements Policy",
                           "VM Encryption Policy", "Host-local PMem Default Storage Policy"));
}

TEST_F(PbmIntegrationTest, FindProfileByName) {
  SessionCaller spbm(vim());
  absl::StatusOr<Client> pbm = Client::Connect(spbm);
  ASSERT_THAT(pbm, IsOk());
  EXPECT_THAT(pbm->FindProfileByName("vSAN Default Storage Policy"),
              IsOkAndHolds("aa6d5a82-1c88-45da-85d3-3d74b91a5bad"));
  // Policies other tests make on the shared simulator are named "vc…": they sort after these.
  EXPECT_THAT(pbm->FindProfileByName("eksa-missing-policy"),
              StatusIs(absl::StatusCode::kNotFound,
                       ::testing::StartsWith(
                           "storage policy \"eksa-missing-policy\" not found; the storage "
                           "policies are: Host-local PMem Default Storage Policy, VM Encryption "
                           "Policy, VVol No Requirements Policy, vSAN Default Storage Policy")));
}

TEST_F(PbmIntegrationTest, WithoutTheSessionCookieTheServerAnswersNotAuthenticated) {
  soap::Client anonymous(tb_->transport(), EndpointOptions());
  absl::StatusOr<Client> pbm = Client::Connect(anonymous);  // allowed without a session
  ASSERT_THAT(pbm, IsOk());
  EXPECT_THAT(pbm->StoragePolicies(),
              StatusIs(absl::StatusCode::kUnauthenticated, "PbmQueryProfile: NotAuthenticated"));
}

TEST_F(PbmIntegrationTest, StaleCookieIsRenewedThroughTheVimSessionsRelogin) {
  vim().set_session_cookie("stale-cookie");  // as if vCenter had ended the session
  SessionCaller spbm(vim(), {.refresh_session = [this] { return tb_->session().Renew(); }});
  absl::StatusOr<Client> pbm = Client::Connect(spbm);
  ASSERT_THAT(pbm, IsOk());
  EXPECT_THAT(pbm->FindProfileByName("VM Encryption Policy"),
              IsOkAndHolds("4d5f673c-536f-11e6-beb8-9e71128cae77"));
  EXPECT_EQ(tb_->session().login_count(), 2);
  EXPECT_NE(vim().session_cookie(), "stale-cookie");
}

}  // namespace
}  // namespace eksa::vsphere::pbm
