#include "services/vsphere-agent/client/vim/property_collector.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/vim/testing/fake_vcenter.h"
#include "services/vsphere-agent/client/vim/values.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::vim {
namespace {

using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using soap::MoRef;
using ::testing::ElementsAre;
using testing::FakeVcenter;
using ::testing::HasSubstr;
using ::testing::SizeIs;

const MoRef kPc{"PropertyCollector", "propertyCollector"};

TEST(PropertyCollectorBodyTest, ExplicitPathsTraversalAndPageSize) {
  PropertyFilterSpec spec{
      .prop_set = {{.type = "VirtualMachine", .paths = {"name", "runtime.powerState"}}},
      .object_set = {
          {.obj = {"Folder", "folder-3"}, .skip = true, .select_set = {TraverseFolderChildren()}}}};
  EXPECT_EQ(RetrievePropertiesExBody(kPc, spec, 100),
            "<_this type=\"PropertyCollector\">propertyCollector</_this><specSet><propSet>"
            "<type>VirtualMachine</type><pathSet>name</pathSet><pathSet>runtime.powerState"
            "</pathSet></propSet><objectSet><obj type=\"Folder\">folder-3</obj><skip>true</skip>"
            "<selectSet xsi:type=\"TraversalSpec\"><name>folderChildren</name><type>Folder</type>"
            "<path>childEntity</path><skip>false</skip></selectSet></objectSet></specSet>"
            "<options><maxObjects>100</maxObjects></options>");
}

TEST(PropertyCollectorBodyTest, RecursiveTraversalRefersBackByName) {
  PropertyFilterSpec spec{
      .prop_set = {{.type = "ManagedEntity", .paths = {"name"}}},
      .object_set = {{.obj = {"VirtualMachine", "vm-63"}, .select_set = {TraverseParents()}}}};
  EXPECT_THAT(RetrievePropertiesExBody(kPc, spec, 0),
              HasSubstr("<selectSet xsi:type=\"TraversalSpec\"><name>traverseParent</name>"
                        "<type>ManagedEntity</type><path>parent</path><skip>false</skip>"
                        "<selectSet><name>traverseParent</name></selectSet></selectSet>"));
  EXPECT_THAT(RetrievePropertiesExBody(kPc, spec, 0), HasSubstr("<options></options>"));
}

TEST(PropertyCollectorTest, RetrievesOnePage) {
  FakeVcenter vc;
  vc.Reply("RetrievePropertiesEx", "retrieve_folder_vms.xml");
  PropertyCollector pc(vc.client, vc.content.property_collector);
  absl::StatusOr<ObjectContents> all =
      pc.Retrieve({.prop_set = {{.type = "VirtualMachine", .paths = {"name"}}},
                   .object_set = {{.obj = {"Folder", "folder-3"},
                                   .skip = true,
                                   .select_set = {TraverseFolderChildren()}}}});
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_THAT(all->objects(), SizeIs(5));
  EXPECT_EQ(all->objects()[4].obj, (MoRef{"VirtualMachine", "vm-71"}));
  EXPECT_THAT(DecodeString(all->objects()[4].Get("name")), IsOkAndHolds("cap-vm"));
  EXPECT_THAT(vc.Bodies("ContinueRetrievePropertiesEx"), SizeIs(0));
}

TEST(PropertyCollectorTest, FollowsContinuationTokens) {
  FakeVcenter vc;
  vc.Reply("RetrievePropertiesEx", "derived_retrieve_view_page1.xml");
  vc.Reply("ContinueRetrievePropertiesEx", "derived_continue_retrieve_page2.xml");
  PropertyCollector pc(vc.client, vc.content.property_collector);
  absl::StatusOr<ObjectContents> all =
      pc.Retrieve(SingleObjectSpec({"ContainerView", "v"}, {"name"}), 1);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_THAT(all->objects(), SizeIs(2));
  EXPECT_EQ(all->objects()[0].obj.value, "resgroup-22");
  EXPECT_EQ(all->objects()[1].obj.value, "resgroup-26");
  // Nodes of both pages stay valid: each page's response is kept.
  EXPECT_THAT(DecodeString(all->objects()[0].Get("name")), IsOkAndHolds("Resources"));
  EXPECT_THAT(DecodeString(all->objects()[1].Get("name")), IsOkAndHolds("Resources"));
  EXPECT_THAT(vc.Bodies("RetrievePropertiesEx")[0], HasSubstr("<maxObjects>1</maxObjects>"));
  EXPECT_THAT(vc.Bodies("ContinueRetrievePropertiesEx"),
              ElementsAre(HasSubstr("<token>1</token>")));
}

TEST(PropertyCollectorTest, AFailingContinuationIsReturnedAsIs) {
  FakeVcenter vc;
  vc.Reply("RetrievePropertiesEx", "derived_retrieve_view_page1.xml");
  vc.transport.Expect(transport::SoapMethodIs("ContinueRetrievePropertiesEx"))
      .Fail(absl::UnavailableError("POST https://vcenter.test/sdk: connection reset"));
  PropertyCollector pc(vc.client, vc.content.property_collector);
  EXPECT_THAT(pc.Retrieve(SingleObjectSpec({"ContainerView", "v"}, {"name"}), 1),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("connection reset")));
}

TEST(PropertyCollectorTest, AMalformedPageCancelsTheRetrieval) {
  FakeVcenter vc;
  std::string page = testing::Fixture("derived_retrieve_view_page1.xml");
  // An object without its <obj>: the page cannot be decoded, the server-side result is dropped.
  std::string broken = page;
  broken.replace(broken.find("<obj "), broken.find("</obj>") + 6 - broken.find("<obj "), "");
  vc.transport.Expect(transport::SoapMethodIs("RetrievePropertiesEx")).Reply(200, broken);
  vc.Reply("CancelRetrievePropertiesEx", "mark_as_template.xml");
  PropertyCollector pc(vc.client, vc.content.property_collector);
  EXPECT_THAT(pc.Retrieve(SingleObjectSpec({"ContainerView", "v"}, {"name"})),
              StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(vc.Bodies("CancelRetrievePropertiesEx"), ElementsAre(HasSubstr("<token>1</token>")));
}

TEST(PropertyCollectorTest, RetrieveOneOfAMissingObjectIsNotFound) {
  FakeVcenter vc;
  vc.Fault("RetrievePropertiesEx", "destroy_task_missing.xml");
  PropertyCollector pc(vc.client, vc.content.property_collector);
  EXPECT_THAT(pc.RetrieveOne({"VirtualMachine", "vm-404"}, {"name"}),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("vm-404")));
}

TEST(PropertyCollectorTest, RetrieveOneWithNoContentIsNotFound) {
  FakeVcenter vc;
  vc.transport.Expect(transport::SoapMethodIs("RetrievePropertiesEx"))
      .Reply(200,
             "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
             "<soapenv:Body><RetrievePropertiesExResponse xmlns=\"urn:vim25\">"
             "</RetrievePropertiesExResponse></soapenv:Body></soapenv:Envelope>");
  PropertyCollector pc(vc.client, vc.content.property_collector);
  EXPECT_THAT(pc.RetrieveOne({"VirtualMachine", "vm-71"}, {"name"}),
              StatusIs(absl::StatusCode::kNotFound, "VirtualMachine:vm-71 not found"));
}

TEST(PropertyCollectorTest, AMissingPropertyFailsWithItsFault) {
  // After Logout the simulator answers with a missingSet holding NotAuthenticated.
  FakeVcenter vc;
  vc.Reply("RetrievePropertiesEx", "not_authenticated.xml");
  PropertyCollector pc(vc.client, vc.content.property_collector);
  absl::StatusOr<ObjectContents> r = pc.RetrieveOne({"VirtualMachine", "vm-71"}, {"name"});
  EXPECT_THAT(r, StatusIs(absl::StatusCode::kUnauthenticated,
                          HasSubstr("reading name of VirtualMachine:vm-71")));
  EXPECT_TRUE(soap::IsFault(r.status(), "NotAuthenticated"));
}

}  // namespace
}  // namespace eksa::vsphere::vim
