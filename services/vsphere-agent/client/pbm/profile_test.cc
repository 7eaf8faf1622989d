// PbmRetrieveServiceContent, PbmQueryProfile and PbmRetrieveContent: request bodies and the
// decoding of the simulator's captured answers (and of vCenter's xsi: prefix and other types).
#include "services/vsphere-agent/client/pbm/profile.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/vsphere-agent/client/pbm/endpoint.h"
#include "services/vsphere-agent/client/pbm/service_content.h"
#include "services/vsphere-agent/client/pbm/testing/testdata.h"
#include "services/vsphere-agent/client/soap/client.h"
#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/transport/testing/fake_transport.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::pbm {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::eksa::vsphere::transport::FakeTransport;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::PbmMethodIs;
using testing::PbmTestdata;
using ::testing::SizeIs;

const soap::MoRef kProfileManager{"PbmProfileProfileManager", "ProfileManager"};

// The four ids of query_profile.xml, in the simulator's order.
const std::vector<std::string>& SimulatorIds() {
  static const auto* ids = new std::vector<std::string>{
      "aa6d5a82-1c88-45da-85d3-3d74b91a5bad", "f4e5bade-15a2-4805-bf8e-52318c4ce443",
      "4d5f673c-536f-11e6-beb8-9e71128cae77", "c268da1b-b343-49f7-a468-b1deeb7078e0"};
  return *ids;
}

class ProfileTest : public ::testing::Test {
 protected:
  ProfileTest() : client_(fake_, EndpointOptions()) { client_.set_session_cookie("c"); }
  std::string SentBody(int i) const { return fake_.requests().at(i).body; }

  FakeTransport fake_;
  soap::Client client_;
};

TEST_F(ProfileTest, ServiceContent) {
  fake_.Expect(PbmMethodIs("PbmRetrieveServiceContent"))
      .Reply(200, PbmTestdata("retrieve_service_content.xml"));
  absl::StatusOr<ServiceContent> sc = RetrieveServiceContent(client_);
  ASSERT_THAT(sc, IsOk());
  EXPECT_EQ(sc->about_name, "PBM");
  EXPECT_EQ(sc->about_version, "2.0");
  EXPECT_EQ(sc->profile_manager, kProfileManager);
  EXPECT_EQ(sc->placement_solver, (soap::MoRef{"PbmPlacementSolver", "placementSolver"}));
  EXPECT_THAT(SentBody(0), HasSubstr("<PbmRetrieveServiceContent xmlns=\"urn:pbm\"><_this "
                                     "type=\"PbmServiceInstance\">ServiceInstance</_this>"
                                     "</PbmRetrieveServiceContent>"));
}

TEST_F(ProfileTest, ServiceContentWithoutProfileManagerIsInternal) {
  fake_.Expect(PbmMethodIs("PbmRetrieveServiceContent"))
      .Reply(200,
             "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
             "<soapenv:Body><PbmRetrieveServiceContentResponse xmlns=\"urn:pbm\"><returnval>"
             "<aboutInfo><name>PBM</name></aboutInfo></returnval>"
             "</PbmRetrieveServiceContentResponse></soapenv:Body></soapenv:Envelope>");
  fake_.Expect(PbmMethodIs("PbmRetrieveServiceContent"))
      .Reply(200, PbmTestdata("query_profile_empty.xml"));
  EXPECT_THAT(RetrieveServiceContent(client_),
              StatusIs(absl::StatusCode::kInternal,
                       "PbmRetrieveServiceContent: malformed answer: no profileManager"));
  // An answer to another method: no PbmRetrieveServiceContentResponse element.
  EXPECT_THAT(RetrieveServiceContent(client_),
              StatusIs(absl::StatusCode::kInternal,
                       HasSubstr("malformed SOAP response to PbmRetrieveServiceContent: no "
                                 "PbmRetrieveServiceContentResponse element")));
}

TEST_F(ProfileTest, QueryProfile) {
  fake_.Expect(PbmMethodIs("PbmQueryProfile")).Reply(200, PbmTestdata("query_profile.xml"));
  EXPECT_THAT(QueryProfile(client_, kProfileManager, kResourceTypeStorage, kCategoryRequirement),
              IsOkAndHolds(SimulatorIds()));
  EXPECT_THAT(SentBody(0),
              HasSubstr("<PbmQueryProfile xmlns=\"urn:pbm\">"
                        "<_this type=\"PbmProfileProfileManager\">ProfileManager</_this>"
                        "<resourceType><resourceType>STORAGE</resourceType></resourceType>"
                        "<profileCategory>REQUIREMENT</profileCategory></PbmQueryProfile>"));
}

TEST_F(ProfileTest, QueryProfileWithoutCategoryAndWithoutAnswer) {
  fake_.Expect(PbmMethodIs("PbmQueryProfile")).Reply(200, PbmTestdata("query_profile_empty.xml"));
  EXPECT_THAT(QueryProfile(client_, kProfileManager, kResourceTypeStorage, ""),
              IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(SentBody(0), HasSubstr("</resourceType></PbmQueryProfile>"));
}

TEST_F(ProfileTest, RetrieveContentDecodesTheSimulatorsProfiles) {
  fake_.Expect(PbmMethodIs("PbmRetrieveContent")).Reply(200, PbmTestdata("retrieve_content.xml"));
  absl::StatusOr<std::vector<Profile>> profiles =
      RetrieveContent(client_, kProfileManager, SimulatorIds());
  ASSERT_THAT(profiles, IsOk());
  ASSERT_THAT(*profiles, SizeIs(4));
  EXPECT_EQ((*profiles)[0],
            (Profile{.id = "aa6d5a82-1c88-45da-85d3-3d74b91a5bad",
                     .name = "vSAN Default Storage Policy",
                     .description = "Storage policy used as default for vSAN datastores",
                     .type = "PbmCapabilityProfile",
                     .category = "REQUIREMENT",
                     .resource_type = "STORAGE"}));
  std::vector<std::string> names;
  for (const Profile& p : *profiles) names.push_back(p.name);
  EXPECT_THAT(names, ElementsAre("vSAN Default Storage Policy", "VVol No Requirements Policy",
                                 "VM Encryption Policy", "Host-local PMem Default Storage Policy"));
  EXPECT_THAT(SentBody(0),
              HasSubstr("<_this type=\"PbmProfileProfileManager\">ProfileManager</_this>"
                        "<profileIds><uniqueId>aa6d5a82-1c88-45da-85d3-3d74b91a5bad</uniqueId>"
                        "</profileIds><profileIds><uniqueId>f4e5bade-15a2-4805-bf8e-52318c4ce443"
                        "</uniqueId></profileIds>"));
}

// vCenter's own shape: the xsi: prefix, a profile type other than PbmCapabilityProfile, and
// escaped names.
TEST_F(ProfileTest, RetrieveContentVcenterPrefixAndEscapes) {
  fake_.Expect(PbmMethodIs("PbmRetrieveContent"))
      .Reply(200,
             "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
             "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>"
             "<PbmRetrieveContentResponse xmlns=\"urn:pbm\"><returnval "
             "xsi:type=\"PbmDefaultProfile\"><profileId><uniqueId>p-1</uniqueId></profileId>"
             "<name>Gold &amp; Silver</name></returnval></PbmRetrieveContentResponse>"
             "</soapenv:Body></soapenv:Envelope>");
  EXPECT_THAT(RetrieveContent(client_, kProfileManager, {"p-1"}),
              IsOkAndHolds(ElementsAre(
                  Profile{.id = "p-1", .name = "Gold & Silver", .type = "PbmDefaultProfile"})));
}

TEST_F(ProfileTest, RetrieveContentErrors) {
  fake_.Expect(PbmMethodIs("PbmRetrieveContent"))
      .Reply(500, PbmTestdata("fault_invalid_argument.xml"));
  fake_.Expect(PbmMethodIs("PbmRetrieveContent"))
      .Reply(200,
             "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
             "<soapenv:Body><PbmRetrieveContentResponse xmlns=\"urn:pbm\"><returnval>"
             "<name>no id</name></returnval></PbmRetrieveContentResponse></soapenv:Body>"
             "</soapenv:Envelope>");
  absl::StatusOr<std::vector<Profile>> unknown = RetrieveContent(client_, kProfileManager, {"x"});
  EXPECT_THAT(unknown,
              StatusIs(absl::StatusCode::kInvalidArgument, "PbmRetrieveContent: InvalidArgument"));
  EXPECT_TRUE(soap::IsFault(unknown.status(), "InvalidArgument"));
  EXPECT_THAT(RetrieveContent(client_, kProfileManager, {"y"}),
              StatusIs(absl::StatusCode::kInternal,
                       "PbmRetrieveContent: malformed answer: a profile without profileId (name "
                       "\"no id\")"));
  EXPECT_THAT(RetrieveContent(client_, kProfileManager, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "PbmRetrieveContent: no profile ids to retrieve"));
  EXPECT_EQ(fake_.CountRequests("<PbmRetrieveContent "), 2);
}

}  // namespace
}  // namespace eksa::vsphere::pbm
