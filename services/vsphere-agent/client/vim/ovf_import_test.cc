#include "services/vsphere-agent/client/vim/ovf_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/match.h"
#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/vim/nfc_upload.h"
#include "services/vsphere-agent/client/vim/testing/fake_vcenter.h"
#include "services/vsphere-agent/client/vim/url_path.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::vim {
namespace {

using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using soap::MoRef;
using ::testing::ElementsAre;
using testing::FakeVcenter;
using testing::Fixture;
using ::testing::HasSubstr;
using ::testing::SizeIs;

std::string TestdataPath(const std::string& name) {
  return std::string(EKSA_SOURCE_DIR) + "/services/vsphere-agent/client/vim/testdata/" + name;
}

OvfImportSpec Spec() {
  return {.entity_name = "cap-ovf",
          .pool = {"ResourcePool", "resgroup-26"},
          .folder = {"Folder", "folder-3"},
          .datastore = {"Datastore", "ds-1"},
          .network_mappings = {{"VM Network", {"Network", "network-7"}}},
          .property_mappings = {{"guestinfo.userdata", "I2Nsb3VkLWNvbmZpZwo="}}};
}

TEST(OvfPackageTest, OpensAnOvaAndFindsItsDisk) {
  absl::StatusOr<OvfPackage> p = OvfPackage::Open(TestdataPath("tiny.ova"));
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->descriptor(), Fixture("tiny.ovf"));
  absl::StatusOr<FileSource> disk = p->Find("tiny-disk1.vmdk");
  ASSERT_TRUE(disk.ok()) << disk.status();
  EXPECT_EQ(disk->size, 4096u);
  EXPECT_EQ(disk->path, TestdataPath("tiny.ova"));
  absl::StatusOr<std::unique_ptr<FileSourceReader>> r = FileSourceReader::Open(*disk);
  ASSERT_TRUE(r.ok()) << r.status();
  std::string buf(5000, '\0');
  EXPECT_THAT((*r)->Read(buf.data(), buf.size()), IsOkAndHolds(4096));
  EXPECT_EQ(buf.substr(0, 4096), std::string(4096, 'D'));
  EXPECT_THAT((*r)->Read(buf.data(), buf.size()), IsOkAndHolds(0));
}

TEST(OvfPackageTest, OpensAnOvfBesideItsFiles) {
  absl::StatusOr<OvfPackage> p = OvfPackage::Open(TestdataPath("tiny.ovf"));
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_THAT(p->descriptor(), HasSubstr("<VirtualSystem ovf:id=\"tiny\">"));
  EXPECT_THAT(p->Find("tiny-disk1.vmdk"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("tiny-disk1.vmdk not found")));
  EXPECT_THAT(p->Find("capture.py"), IsOkAndHolds(::testing::Field(&FileSource::offset, 0u)));
}

TEST(OvfPackageTest, RefusesEscapingHrefsAndArchivesWithoutDescriptor) {
  absl::StatusOr<OvfPackage> p = OvfPackage::Open(TestdataPath("tiny.ova"));
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_THAT(p->Find("../tiny.ova"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(p->Find("/etc/passwd"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(OvfPackage::Open(TestdataPath("pax.tar")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no .ovf descriptor")));
  EXPECT_THAT(OvfPackage::Open(TestdataPath("missing.ova")), StatusIs(absl::StatusCode::kNotFound));
}

TEST(NfcUploadPathTest, ReplacesTheStarHost) {
  EXPECT_THAT(NfcUploadPath("https://*/nfc/session%5Bx%5Dy/disk-0.vmdk", "https://127.0.10.1"),
              IsOkAndHolds("/nfc/session%5Bx%5Dy/disk-0.vmdk"));
  EXPECT_THAT(NfcUploadPath("https://127.0.10.1/nfc/a/b.vmdk", "https://127.0.10.1"),
              IsOkAndHolds("/nfc/a/b.vmdk"));
  EXPECT_THAT(NfcUploadPath("https://esx1.lab/nfc/a/b.vmdk", "https://vc.lab"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("esx1.lab")));
  EXPECT_THAT(NfcUploadPath("https://*", "https://vc.lab"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  // Default ports are the same as none (the testbed's library endpoints say ":443").
  EXPECT_THAT(PathOnEndpoint("https://127.0.10.1:443/rest/x?y=1", "https://127.0.10.1"),
              IsOkAndHolds("/rest/x?y=1"));
  EXPECT_THAT(PathOnEndpoint("HTTPS://VC.lab/a", "https://vc.lab:443"), IsOkAndHolds("/a"));
  EXPECT_THAT(PathOnEndpoint("https://vc.lab:8443/a", "https://vc.lab"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(OvfImportBodyTest, CreateImportSpecEscapesTheDescriptorInFieldOrder) {
  std::string body =
      CreateImportSpecBody({"OvfManager", "OvfManager"}, "<Envelope a=\"1\"/>", Spec());
  EXPECT_EQ(body,
            "<_this type=\"OvfManager\">OvfManager</_this><ovfDescriptor>&lt;Envelope a=&quot;1"
            "&quot;/&gt;</ovfDescriptor><resourcePool type=\"ResourcePool\">resgroup-26"
            "</resourcePool><datastore type=\"Datastore\">ds-1</datastore><cisp><locale></locale>"
            "<deploymentOption></deploymentOption><entityName>cap-ovf</entityName>"
            "<networkMapping><name>VM Network</name><network type=\"Network\">network-7</network>"
            "</networkMapping><propertyMapping><key>guestinfo.userdata</key><value>"
            "I2Nsb3VkLWNvbmZpZwo=</value></propertyMapping><diskProvisioning>thin"
            "</diskProvisioning></cisp>");
}

TEST(OvfImportBodyTest, ImportVAppCopiesTheImportSpecWithXsiTypes) {
  soap::Response r = testing::ParseFixture("create_import_spec.xml", "CreateImportSpec");
  absl::StatusOr<ImportSpecResult> result = ParseImportSpecResult(r.returnval());
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_THAT(result->file_items, SizeIs(1));
  EXPECT_EQ(result->file_items[0].device_id, "/cap-ovf/disk:0");
  EXPECT_EQ(result->file_items[0].path, "tiny-disk1.vmdk");
  EXPECT_FALSE(result->file_items[0].create);
  std::string body = ImportVAppBody({"ResourcePool", "resgroup-26"}, result->import_spec, Spec());
  EXPECT_THAT(body, HasSubstr("<spec xsi:type=\"VirtualMachineImportSpec\"><configSpec><name>"
                              "cap-ovf</name>"));
  EXPECT_THAT(body, HasSubstr("<deviceChange xsi:type=\"VirtualDeviceConfigSpec\"><operation>add"
                              "</operation><device xsi:type=\"VirtualLsiLogicController\">"));
  EXPECT_THAT(body, HasSubstr("<datastore type=\"Datastore\">"));
  EXPECT_THAT(body, ::testing::Not(HasSubstr("XMLSchema-instance")));
  EXPECT_THAT(body, ::testing::EndsWith("</spec><folder type=\"Folder\">folder-3</folder>"));
}

TEST(OvfImportBodyTest, DescriptorErrorsAreInvalidArgument) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(
      "<returnval xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'><error>"
      "<fault xsi:type='OvfMissingElement'/><localizedMessage>Line 3: missing DiskSection"
      "</localizedMessage></error></returnval>"));
  EXPECT_THAT(ParseImportSpecResult(doc.first_child()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "the OVF descriptor was rejected: Line 3: missing DiskSection"));
}

class ImportOvfTest : public ::testing::Test {
 protected:
  void ExpectThroughLease(std::string_view lease_fixture) {
    vc_.Reply("CreateImportSpec", "create_import_spec.xml");
    vc_.Reply("ImportVApp", "import_vapp.xml");
    vc_.Reply("CreatePropertyCollector", "create_property_collector.xml");
    vc_.Reply("CreateFilter", "create_filter.xml");
    vc_.Reply("WaitForUpdatesEx", lease_fixture);
    vc_.Reply("DestroyPropertyCollector", "destroy_property_collector.xml");
  }

  FakeVcenter vc_;
  OvfPackage package_ = *OvfPackage::Open(TestdataPath("tiny.ova"));
  OvfImportOptions options_{.progress_interval = absl::Hours(1)};
};

TEST_F(ImportOvfTest, UploadsTheDiskAndCompletesTheLease) {
  ExpectThroughLease("wait_for_updates_lease_ready.xml");
  std::string uploaded;
  transport::Request upload;
  vc_.transport
      .ExpectIf("NFC upload",
                [](const transport::Request& r) { return absl::StartsWith(r.path, "/nfc/"); })
      .Reply(200, "")
      .OnCall([&](const transport::Request& r) {
        upload = r;
        char buf[1000];
        for (;;) {
          absl::StatusOr<size_t> n = r.body_reader(buf, sizeof(buf));
          ASSERT_TRUE(n.ok()) << n.status();
          if (*n == 0) break;
          uploaded.append(buf, *n);
        }
      });
  vc_.Reply("HttpNfcLeaseProgress", "http_nfc_lease_progress.xml");
  vc_.Reply("HttpNfcLeaseComplete", "http_nfc_lease_complete.xml");
  std::vector<int> progress;
  options_.on_progress = [&](int p) { progress.push_back(p); };
  absl::StatusOr<MoRef> vm =
      ImportOvf(vc_.client, vc_.content, vc_.transport, package_, Spec(), options_);
  ASSERT_TRUE(vm.ok()) << vm.status();
  EXPECT_EQ(*vm, (MoRef{"VirtualMachine", "vm-80"}));
  EXPECT_EQ(uploaded, std::string(4096, 'D'));
  EXPECT_EQ(upload.method, transport::Method::kPost);
  EXPECT_THAT(upload.path, ::testing::MatchesRegex("/nfc/session%5B.*%5D.*/disk-0\\.vmdk"));
  EXPECT_EQ(upload.body_size, 4096);
  EXPECT_EQ(transport::FindHeader(upload.headers, "Content-Type"),
            "application/x-vnd.vmware-streamVmdk");
  EXPECT_EQ(progress.back(), 100);
  EXPECT_THAT(vc_.Bodies("HttpNfcLeaseProgress"), ElementsAre(HasSubstr("<percent>100<")));
  EXPECT_THAT(vc_.Bodies("HttpNfcLeaseAbort"), SizeIs(0));
  EXPECT_THAT(vc_.transport.Unused(), SizeIs(0));
}

TEST_F(ImportOvfTest, AFailedUploadAbortsTheLease) {
  ExpectThroughLease("wait_for_updates_lease_ready.xml");
  vc_.transport
      .ExpectIf("NFC upload",
                [](const transport::Request& r) { return absl::StartsWith(r.path, "/nfc/"); })
      .Reply(500, "disk write failed");
  vc_.Reply("HttpNfcLeaseAbort", "http_nfc_lease_complete.xml");
  EXPECT_THAT(ImportOvf(vc_.client, vc_.content, vc_.transport, package_, Spec(), options_),
              StatusIs(absl::StatusCode::kInternal,
                       ::testing::AllOf(HasSubstr("importing OVF as \"cap-ovf\""),
                                        HasSubstr("HTTP 500: disk write failed"))));
  EXPECT_THAT(vc_.Bodies("HttpNfcLeaseAbort"),
              ElementsAre(HasSubstr("<fault xsi:type=\"SystemError\"><reason>uploading /nfc/")));
  EXPECT_THAT(vc_.Bodies("HttpNfcLeaseComplete"), SizeIs(0));
}

TEST_F(ImportOvfTest, ALeaseInErrorIsItsFault) {
  ExpectThroughLease("derived_wait_for_updates_lease_error.xml");
  vc_.Reply("HttpNfcLeaseAbort", "http_nfc_lease_complete.xml");
  absl::StatusOr<MoRef> vm =
      ImportOvf(vc_.client, vc_.content, vc_.transport, package_, Spec(), options_);
  EXPECT_THAT(vm, StatusIs(absl::StatusCode::kUnknown,
                           HasSubstr("InvalidDatastore: Invalid datastore ds9.")));
  EXPECT_TRUE(soap::IsFault(vm.status(), "InvalidDatastore"));
}

TEST_F(ImportOvfTest, ABadDescriptorStopsBeforeImportVApp) {
  vc_.Fault("CreateImportSpec", "create_import_spec_invalid.xml");
  EXPECT_THAT(
      ImportOvf(vc_.client, vc_.content, vc_.transport, package_, Spec(), options_),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("InvalidArgument: XML syntax error")));
  EXPECT_THAT(vc_.Bodies("ImportVApp"), SizeIs(0));
}

TEST_F(ImportOvfTest, AMissingDiskAbortsTheLease) {
  ExpectThroughLease("wait_for_updates_lease_ready.xml");
  vc_.Reply("HttpNfcLeaseAbort", "http_nfc_lease_complete.xml");
  absl::StatusOr<OvfPackage> bare = OvfPackage::Open(TestdataPath("tiny.ovf"));
  ASSERT_TRUE(bare.ok());
  EXPECT_THAT(ImportOvf(vc_.client, vc_.content, vc_.transport, *bare, Spec(), options_),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("tiny-disk1.vmdk not found")));
  EXPECT_THAT(vc_.Bodies("HttpNfcLeaseAbort"), SizeIs(1));
}

}  // namespace
}  // namespace eksa::vsphere::vim
