// pbm::Client: Connect, StoragePolicies (no PbmRetrieveContent when there are no ids) and
// FindProfileByName (found; kNotFound naming the policy and listing the sorted names, at most
// kMaxListedNames; errors of the calls passed on).
#include "services/vsphere-agent/client/pbm/client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_format.h"
#include "services/vsphere-agent/client/pbm/endpoint.h"
#include "services/vsphere-agent/client/pbm/testing/testdata.h"
#include "services/vsphere-agent/client/soap/client.h"
#include "services/vsphere-agent/client/transport/testing/fake_transport.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::pbm {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::eksa::vsphere::transport::FakeTransport;
using ::testing::IsEmpty;
using testing::PbmMethodIs;
using testing::PbmTestdata;
using ::testing::SizeIs;

class PbmClientTest : public ::testing::Test {
 protected:
  PbmClientTest() : soap_(fake_, EndpointOptions()) { soap_.set_session_cookie("c"); }

  // Connect over the canned service content.
  Client Connected() {
    fake_.Expect(PbmMethodIs("PbmRetrieveServiceContent"))
        .Reply(200, PbmTestdata("retrieve_service_content.xml"));
    absl::StatusOr<Client> c = Client::Connect(soap_);
    EXPECT_THAT(c, IsOk());
    return *std::move(c);
  }
  void ExpectSimulatorPolicies() {
    fake_.Expect(PbmMethodIs("PbmQueryProfile")).Reply(200, PbmTestdata("query_profile.xml"));
    fake_.Expect(PbmMethodIs("PbmRetrieveContent")).Reply(200, PbmTestdata("retrieve_content.xml"));
  }

  FakeTransport fake_;
  soap::Client soap_;
};

TEST_F(PbmClientTest, FindsTheProfileIdByExactName) {
  Client pbm = Connected();
  EXPECT_EQ(pbm.service_content().profile_manager.value, "ProfileManager");
  ExpectSimulatorPolicies();
  EXPECT_THAT(pbm.FindProfileByName("VM Encryption Policy"),
              IsOkAndHolds("4d5f673c-536f-11e6-beb8-9e71128cae77"));
  EXPECT_THAT(fake_.Unused(), IsEmpty());
}

TEST_F(PbmClientTest, UnknownNameIsNotFoundListingTheSortedNames) {
  Client pbm = Connected();
  ExpectSimulatorPolicies();
  EXPECT_THAT(pbm.FindProfileByName("vm encryption policy"),  // names compare exactly
              StatusIs(absl::StatusCode::kNotFound,
                       "storage policy \"vm encryption policy\" not found; the storage policies "
                       "are: Host-local PMem Default Storage Policy, VM Encryption Policy, VVol No "
                       "Requirements Policy, vSAN Default Storage Policy"));
}

TEST_F(PbmClientTest, MessagesNameWhereItLooked) {
  fake_.Expect(PbmMethodIs("PbmRetrieveServiceContent"))
      .Reply(200, PbmTestdata("retrieve_service_content.xml"));
  absl::StatusOr<Client> pbm = Client::Connect(soap_, "vCenter vc1.lab");
  ASSERT_THAT(pbm, IsOk());
  ExpectSimulatorPolicies();
  EXPECT_THAT(pbm->FindProfileByName("gold"),
              StatusIs(absl::StatusCode::kNotFound,
                       ::testing::StartsWith("storage policy \"gold\" not found on vCenter "
                                             "vc1.lab; the storage policies are: Host-local")));
}

TEST_F(PbmClientTest, NoPoliciesMeansNoRetrieveContent) {
  Client pbm = Connected();
  fake_.Expect(PbmMethodIs("PbmQueryProfile")).Reply(200, PbmTestdata("query_profile_empty.xml"));
  EXPECT_THAT(pbm.StoragePolicies(), IsOkAndHolds(IsEmpty()));
  fake_.Expect(PbmMethodIs("PbmQueryProfile")).Reply(200, PbmTestdata("query_profile_empty.xml"));
  EXPECT_THAT(pbm.FindProfileByName("gold"),
              StatusIs(absl::StatusCode::kNotFound,
                       "storage policy \"gold\" not found; there are no storage policies"));
  EXPECT_EQ(fake_.CountRequests("<PbmRetrieveContent "), 0);
  EXPECT_THAT(pbm.FindProfileByName(""),
              StatusIs(absl::StatusCode::kInvalidArgument, "storage policy name: empty"));
}

TEST_F(PbmClientTest, StoragePoliciesInVcentersOrder) {
  Client pbm = Connected();
  ExpectSimulatorPolicies();
  absl::StatusOr<std::vector<Profile>> all = pbm.StoragePolicies();
  ASSERT_THAT(all, IsOk());
  ASSERT_THAT(*all, SizeIs(4));
  EXPECT_EQ(all->front().name, "vSAN Default Storage Policy");
  EXPECT_EQ(all->back().name, "Host-local PMem Default Storage Policy");
}

TEST_F(PbmClientTest, ErrorsOfTheCallsArePassedOn) {
  fake_.Expect(PbmMethodIs("PbmRetrieveServiceContent"))
      .Reply(500, PbmTestdata("fault_not_authenticated.xml"));
  EXPECT_THAT(Client::Connect(soap_), StatusIs(absl::StatusCode::kUnauthenticated,
                                               "PbmRetrieveServiceContent: NotAuthenticated"));
  Client pbm = Connected();
  fake_.Expect(PbmMethodIs("PbmQueryProfile")).Reply(200, PbmTestdata("query_profile.xml"));
  fake_.Expect(PbmMethodIs("PbmRetrieveContent"))
      .Reply(500, PbmTestdata("fault_invalid_request.xml"));
  EXPECT_THAT(pbm.FindProfileByName("gold"),
              StatusIs(absl::StatusCode::kInvalidArgument, "PbmRetrieveContent: InvalidRequest"));
}

TEST(PolicyNotFoundTest, ListsAtMostTenNamesThenHowManyMore) {
  std::vector<std::string> names;  // p12, p11, …, p00: 13 names, unsorted
  for (int i = 12; i >= 0; --i) names.push_back(absl::StrFormat("p%02d", i));
  EXPECT_THAT(PolicyNotFound("gold", names),
              StatusIs(absl::StatusCode::kNotFound,
                       "storage policy \"gold\" not found; the storage policies are: p00, p01, "
                       "p02, p03, p04, p05, p06, p07, p08, p09 and 3 more"));
  EXPECT_THAT(PolicyNotFound("gold", {"b", "a"}),
              StatusIs(absl::StatusCode::kNotFound,
                       "storage policy \"gold\" not found; the storage policies are: a, b"));
  EXPECT_THAT(PolicyNotFound("gold", {}, "vCenter vc1.lab"),
              StatusIs(absl::StatusCode::kNotFound,
                       "storage policy \"gold\" not found on vCenter vc1.lab; there are no "
                       "storage policies"));
}

}  // namespace
}  // namespace eksa::vsphere::pbm
