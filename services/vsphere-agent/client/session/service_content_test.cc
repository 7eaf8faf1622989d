#include "services/vsphere-agent/client/session/service_content.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/vsphere-agent/client/soap/client.h"
#include "services/vsphere-agent/client/soap/testing/testdata.h"
#include "services/vsphere-agent/client/transport/testing/fake_transport.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::session {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::eksa::vsphere::soap::MoRef;
using ::eksa::vsphere::soap::SoapTestdata;
using ::eksa::vsphere::transport::FakeTransport;
using ::eksa::vsphere::transport::SoapMethodIs;
using ::testing::HasSubstr;

TEST(ServiceContentTest, RetrievesAndDecodesTheSimulatorsServiceContent) {
  FakeTransport fake;
  fake.Expect(SoapMethodIs("RetrieveServiceContent"))
      .Reply(200, SoapTestdata("retrieve_service_content_response.xml"));
  soap::Client client(fake);
  absl::StatusOr<ServiceContent> sc = RetrieveServiceContent(client);
  ASSERT_THAT(sc, IsOk());
  EXPECT_EQ(sc->root_folder, (MoRef{"Folder", "group-d1"}));
  EXPECT_EQ(sc->property_collector, (MoRef{"PropertyCollector", "propertyCollector"}));
  EXPECT_EQ(sc->view_manager, (MoRef{"ViewManager", "ViewManager"}));
  EXPECT_EQ(sc->search_index, (MoRef{"SearchIndex", "SearchIndex"}));
  EXPECT_EQ(sc->session_manager, (MoRef{"SessionManager", "SessionManager"}));
  EXPECT_EQ(sc->ovf_manager, (MoRef{"OvfManager", "OvfManager"}));
  EXPECT_EQ(sc->file_manager, (MoRef{"FileManager", "FileManager"}));
  EXPECT_EQ(sc->virtual_disk_manager, (MoRef{"VirtualDiskManager", "virtualDiskManager"}));
  EXPECT_EQ(sc->task_manager, (MoRef{"TaskManager", "TaskManager"}));
  EXPECT_EQ(sc->custom_fields_manager, (MoRef{"CustomFieldsManager", "CustomFieldsManager"}));
  EXPECT_EQ(sc->about.name, "VMware vCenter Server");
  EXPECT_EQ(sc->about.full_name, "VMware vCenter Server 6.5.0 build-5973321");
  EXPECT_EQ(sc->about.version, "6.5.0");
  EXPECT_EQ(sc->about.build, "5973321");
  EXPECT_EQ(sc->about.api_type, "VirtualCenter");
  EXPECT_EQ(sc->about.api_version, "6.5");
  EXPECT_EQ(sc->about.os_type, "linux-x64");
  EXPECT_FALSE(sc->about.instance_uuid.empty());
  EXPECT_EQ(fake.requests().at(0).body,
            soap::BuildEnvelope("RetrieveServiceContent",
                                "<_this type=\"ServiceInstance\">ServiceInstance</_this>"));
}

TEST(ServiceContentTest, MissingEssentialReferenceIsInternal) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(
      "<returnval><rootFolder type=\"Folder\">group-d1</rootFolder>"
      "<propertyCollector type=\"PropertyCollector\">pc</propertyCollector></returnval>"));
  EXPECT_THAT(ParseServiceContent(doc.document_element()),
              StatusIs(absl::StatusCode::kInternal, "malformed ServiceContent: no sessionManager"));
  EXPECT_THAT(ParseServiceContent(pugi::xml_node()),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("no returnval")));
  pugi::xml_document bad;
  ASSERT_TRUE(bad.load_string("<returnval><rootFolder>group-d1</rootFolder></returnval>"));
  EXPECT_THAT(ParseServiceContent(bad.document_element()),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("<rootFolder>")));
}

TEST(ServiceContentTest, TransportErrorsPassThrough) {
  FakeTransport fake;
  fake.Expect(SoapMethodIs("RetrieveServiceContent"))
      .Fail(absl::UnavailableError("POST https://vcenter.test/sdk: Connection refused"));
  soap::Client client(fake);
  EXPECT_THAT(
      RetrieveServiceContent(client),
      StatusIs(absl::StatusCode::kUnavailable,
               "RetrieveServiceContent: POST https://vcenter.test/sdk: Connection refused"));
}

}  // namespace
}  // namespace eksa::vsphere::session
