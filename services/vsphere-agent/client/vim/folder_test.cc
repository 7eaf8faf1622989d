#include "services/vsphere-agent/client/vim/folder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/vim/capacity.h"
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

const MoRef kVmFolder{"Folder", "folder-3"};

Datacenter Dc0() {
  return {.object = {{"Datacenter", "datacenter-2"}, "/DC0"}, .vm_folder = kVmFolder};
}

TEST(FolderTest, CreateFolder) {
  FakeVcenter vc;
  vc.Reply("CreateFolder", "create_folder.xml");
  Folder f(vc.client, vc.content, kVmFolder);
  EXPECT_THAT(f.CreateFolder("capture"), IsOkAndHolds(MoRef{"Folder", "folder-68"}));
  EXPECT_THAT(
      vc.Bodies("CreateFolder"),
      ElementsAre(HasSubstr("<_this type=\"Folder\">folder-3</_this><name>capture</name>")));
}

TEST(FolderTest, ADuplicateNameIsAlreadyExistsWithTheFault) {
  FakeVcenter vc;
  vc.Fault("CreateFolder", "create_folder_duplicate.xml");
  absl::StatusOr<MoRef> r = Folder(vc.client, vc.content, kVmFolder).CreateFolder("capture");
  EXPECT_THAT(r, StatusIs(absl::StatusCode::kAlreadyExists,
                          HasSubstr("creating folder \"capture\" in Folder:folder-3")));
  EXPECT_TRUE(soap::IsFault(r.status(), "DuplicateName"));
}

TEST(FolderTest, EnsureFolderAdoptsTheExistingOne) {
  FakeVcenter vc;
  vc.Fault("CreateFolder", "create_folder_duplicate.xml");
  vc.transport.Expect(transport::SoapMethodIs("FindChild"))
      .Reply(200, testing::SoapResponse("FindChild",
                                        "<returnval type=\"Folder\">folder-68</returnval>"));
  absl::StatusOr<EnsuredFolder> f =
      Folder(vc.client, vc.content, kVmFolder).EnsureFolder("capture");
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->ref, (MoRef{"Folder", "folder-68"}));
  EXPECT_FALSE(f->created);
}

TEST(FolderTest, EnsureFolderRefusesANameTakenByAVm) {
  FakeVcenter vc;
  vc.Fault("CreateFolder", "create_folder_duplicate.xml");
  vc.Reply("FindChild", "find_child_vm.xml");
  EXPECT_THAT(Folder(vc.client, vc.content, kVmFolder).EnsureFolder("DC0_H0_VM0"),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("is a VirtualMachine")));
}

TEST(FolderTest, FindVm) {
  FakeVcenter vc;
  vc.Reply("FindChild", "find_child_vm.xml");
  vc.Reply("FindChild", "find_child_missing.xml");
  Folder f(vc.client, vc.content, kVmFolder);
  EXPECT_THAT(f.FindVm("DC0_H0_VM0"), IsOkAndHolds(MoRef{"VirtualMachine", "vm-57"}));
  EXPECT_THAT(f.FindVm("nope"),
              StatusIs(absl::StatusCode::kNotFound, "\"nope\" not found in Folder:folder-3"));
  EXPECT_THAT(vc.Bodies("FindChild")[0],
              HasSubstr("<_this type=\"SearchIndex\">SearchIndex</_this><entity type=\"Folder\">"
                        "folder-3</entity><name>DC0_H0_VM0</name>"));
}

TEST(FolderTest, ListVmsWithProperties) {
  FakeVcenter vc;
  vc.Reply("RetrievePropertiesEx", "retrieve_folder_vms.xml");
  absl::StatusOr<ObjectContents> vms =
      Folder(vc.client, vc.content, kVmFolder).ListVms({"name", "runtime.powerState"}, true);
  ASSERT_TRUE(vms.ok()) << vms.status();
  ASSERT_THAT(vms->objects(), SizeIs(5));
  EXPECT_THAT(DecodeString(vms->objects()[4].Get("runtime.powerState")),
              IsOkAndHolds("poweredOff"));
  // Recursive: the folder traversal refers to itself.
  EXPECT_THAT(vc.Bodies("RetrievePropertiesEx")[0],
              HasSubstr("<path>childEntity</path><skip>false</skip><selectSet><name>"
                        "folderChildren</name></selectSet>"));
}

TEST(FolderTest, EnsureFolderPathCreatesMissingComponents) {
  FakeVcenter vc;
  vc.Reply("FindChild", "find_child_missing.xml").Times(2);
  vc.Reply("CreateFolder", "create_folder.xml").Times(2);
  absl::StatusOr<EnsuredFolder> f = EnsureFolderPath(vc.client, vc.content, Dc0(), "eksa/homelab");
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->path, "/DC0/vm/eksa/homelab");
  EXPECT_TRUE(f->created);
  EXPECT_THAT(vc.Bodies("CreateFolder"),
              ElementsAre(HasSubstr("<name>eksa</name>"), HasSubstr("<name>homelab</name>")));
}

TEST(FolderTest, EnsureFolderPathRefusesPathsOutsideTheVmFolder) {
  FakeVcenter vc;
  EXPECT_THAT(EnsureFolderPath(vc.client, vc.content, Dc0(), "/DC0/host/x"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("is not under /DC0/vm")));
  EXPECT_THAT(EnsureFolderPath(vc.client, vc.content, Dc0(), "a/*"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(vc.transport.requests(), SizeIs(0));
}

TEST(CapacityTest, DatastoreSummary) {
  FakeVcenter vc;
  vc.Reply("RetrievePropertiesEx", "retrieve_datastore_summary.xml");
  MoRef ds = testing::FirstObjectIn("retrieve_datastore_summary.xml");
  absl::StatusOr<DatastoreSpace> space =
      ReadDatastoreSpace(PropertyCollector(vc.client, vc.content.property_collector), ds);
  ASSERT_TRUE(space.ok()) << space.status();
  EXPECT_EQ(space->name, "LocalDS_0");
  EXPECT_GT(space->capacity_bytes, 0);
  EXPECT_GT(space->free_bytes, 0);
  EXPECT_LE(space->free_bytes, space->capacity_bytes);
  EXPECT_TRUE(space->accessible);
}

TEST(CapacityTest, PoolMemory) {
  FakeVcenter vc;
  vc.Reply("RetrievePropertiesEx", "retrieve_pool_runtime_config.xml");
  absl::StatusOr<PoolMemory> m = ReadPoolMemory(
      PropertyCollector(vc.client, vc.content.property_collector), {"ResourcePool", "resgroup-26"});
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->limit_mib, 961);
  EXPECT_EQ(m->reservation_mib, 961);
  EXPECT_FALSE(m->expandable_reservation);
  EXPECT_EQ(m->max_usage_bytes, 1007681536);
  EXPECT_EQ(m->AvailableMib(), 961 - m->overall_usage_bytes / (1 << 20));
  m->limit_mib = -1;
  EXPECT_EQ(m->AvailableMib(), -1);
}

}  // namespace
}  // namespace eksa::vsphere::vim
