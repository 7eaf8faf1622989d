#include "services/vsphere-agent/client/vim/finder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/vsphere-agent/client/vim/testing/fake_vcenter.h"
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

// The simulator's DC0 as FindDatacenter returns it.
Datacenter Dc0() {
  return {.object = {{"Datacenter", "datacenter-2"}, "/DC0"},
          .vm_folder = {"Folder", "folder-3"},
          .host_folder = {"Folder", "folder-4"},
          .datastore_folder = {"Folder", "folder-5"},
          .network_folder = {"Folder", "folder-6"}};
}

class FinderTest : public ::testing::Test {
 protected:
  FakeVcenter vc_;
  Finder finder_{vc_.client, vc_.content};
};

TEST_F(FinderTest, FindByInventoryPath) {
  vc_.Reply("FindByInventoryPath", "find_by_inventory_path_folder.xml");
  vc_.Reply("FindByInventoryPath", "find_by_inventory_path_missing.xml");
  EXPECT_THAT(finder_.FindByInventoryPath("/DC0/vm"), IsOkAndHolds(MoRef{"Folder", "folder-3"}));
  EXPECT_THAT(finder_.FindByInventoryPath("/DC0/vm/missing"),
              StatusIs(absl::StatusCode::kNotFound, "\"/DC0/vm/missing\" not found"));
  EXPECT_THAT(vc_.Bodies("FindByInventoryPath"),
              ElementsAre(HasSubstr("<_this type=\"SearchIndex\">SearchIndex</_this>"
                                    "<inventoryPath>/DC0/vm</inventoryPath>"),
                          HasSubstr("<inventoryPath>/DC0/vm/missing</inventoryPath>")));
}

TEST_F(FinderTest, FindsADatacenterByNameWithItsFolders) {
  vc_.Reply("RetrievePropertiesEx", "list_subtree_root_folders.xml");
  vc_.Reply("RetrievePropertiesEx", "retrieve_datacenter_folders.xml");
  absl::StatusOr<Datacenter> dc = finder_.FindDatacenter("DC0");
  ASSERT_TRUE(dc.ok()) << dc.status();
  EXPECT_EQ(dc->object, Dc0().object);
  EXPECT_EQ(dc->vm_folder, Dc0().vm_folder);
  EXPECT_EQ(dc->host_folder, Dc0().host_folder);
  EXPECT_EQ(dc->datastore_folder, Dc0().datastore_folder);
  EXPECT_EQ(dc->network_folder, Dc0().network_folder);
  // Below the root only Folder.childEntity is followed (not into datacenters).
  std::string list = vc_.Bodies("RetrievePropertiesEx")[0];
  EXPECT_THAT(list, HasSubstr("<obj type=\"Folder\">group-d1</obj><skip>true</skip>"));
  EXPECT_THAT(list, ::testing::Not(HasSubstr("vmFolder")));
}

TEST_F(FinderTest, AMissingDatacenterIsNotFound) {
  vc_.Reply("RetrievePropertiesEx", "list_subtree_root_folders.xml");
  EXPECT_THAT(finder_.FindDatacenter("DC9"),
              StatusIs(absl::StatusCode::kNotFound, "datacenter \"DC9\" not found in /"));
}

TEST_F(FinderTest, FindsADatastoreByName) {
  vc_.Reply("RetrievePropertiesEx", "list_subtree_datastore_folder.xml");
  absl::StatusOr<InventoryObject> ds = finder_.FindOne(Dc0(), ObjectKind::kDatastore, "LocalDS_0");
  ASSERT_TRUE(ds.ok()) << ds.status();
  EXPECT_EQ(ds->ref.type, "Datastore");
  EXPECT_EQ(ds->path, "/DC0/datastore/LocalDS_0");
  EXPECT_THAT(vc_.Bodies("RetrievePropertiesEx")[0],
              HasSubstr("<obj type=\"Folder\">folder-5</obj><skip>true</skip>"));
}

TEST_F(FinderTest, AMissingNameIsNotFoundNamingWhereItLooked) {
  vc_.Reply("RetrievePropertiesEx", "list_subtree_datastore_folder.xml");
  EXPECT_THAT(
      finder_.FindOne(Dc0(), ObjectKind::kDatastore, "ds9"),
      StatusIs(absl::StatusCode::kNotFound, "datastore \"ds9\" not found in /DC0/datastore"));
}

TEST_F(FinderTest, FindsNetworksOfEachType) {
  vc_.Reply("RetrievePropertiesEx", "list_subtree_network_folder.xml").Times(3);
  EXPECT_THAT(finder_.FindOne(Dc0(), ObjectKind::kNetwork, "VM Network"),
              IsOkAndHolds(InventoryObject{{"Network", "network-7"}, "/DC0/network/VM Network"}));
  EXPECT_THAT(finder_.FindOne(Dc0(), ObjectKind::kNetwork, "DC0_DVPG0"),
              IsOkAndHolds(InventoryObject{{"DistributedVirtualPortgroup", "dvportgroup-13"},
                                           "/DC0/network/DC0_DVPG0"}));
  // The switch lives in the network folder but is not a network.
  EXPECT_THAT(finder_.FindOne(Dc0(), ObjectKind::kNetwork, "DVS0"),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(FinderTest, AResourcePoolNameMatchingSeveralIsAmbiguous) {
  vc_.Reply("RetrievePropertiesEx", "list_subtree_host_folder.xml").Times(2);
  EXPECT_THAT(finder_.FindOne(Dc0(), ObjectKind::kResourcePool, "Resources"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "resource pool \"Resources\" resolves to 2 objects: "
                       "/DC0/host/DC0_C0/Resources, /DC0/host/DC0_H0/Resources"));
  absl::StatusOr<std::vector<InventoryObject>> all =
      finder_.FindAll(Dc0(), ObjectKind::kResourcePool, "Resources");
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_THAT(
      *all,
      ElementsAre(InventoryObject{{"ResourcePool", "resgroup-26"}, "/DC0/host/DC0_C0/Resources"},
                  InventoryObject{{"ResourcePool", "resgroup-22"}, "/DC0/host/DC0_H0/Resources"}));
}

TEST_F(FinderTest, AGlobPathListsBelowItsFixedPrefix) {
  vc_.Reply("FindByInventoryPath", "find_by_inventory_path_host_folder.xml");
  vc_.Reply("RetrievePropertiesEx", "list_subtree_host_folder.xml");
  EXPECT_THAT(finder_.FindOne(Dc0(), ObjectKind::kResourcePool, "*/Resources"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("resource pool \"*/Resources\" resolves to 2 objects")));
  EXPECT_THAT(vc_.Bodies("FindByInventoryPath"),
              ElementsAre(HasSubstr("<inventoryPath>/DC0/host</inventoryPath>")));
}

TEST_F(FinderTest, AGlobMatchingOneIsFound) {
  vc_.Reply("FindByInventoryPath", "find_by_inventory_path_host_folder.xml");
  vc_.Reply("RetrievePropertiesEx", "list_subtree_host_folder.xml");
  EXPECT_THAT(
      finder_.FindOne(Dc0(), ObjectKind::kResourcePool, "/DC0/host/*_C0/Res*"),
      IsOkAndHolds(InventoryObject{{"ResourcePool", "resgroup-26"}, "/DC0/host/DC0_C0/Resources"}));
}

TEST_F(FinderTest, ARelativePathUsesTheKindsFolder) {
  vc_.Reply("FindByInventoryPath", "find_by_inventory_path_pool.xml");
  EXPECT_THAT(
      finder_.FindOne(Dc0(), ObjectKind::kResourcePool, "DC0_C0/Resources"),
      IsOkAndHolds(InventoryObject{{"ResourcePool", "resgroup-26"}, "/DC0/host/DC0_C0/Resources"}));
  EXPECT_THAT(vc_.Bodies("FindByInventoryPath"),
              ElementsAre(HasSubstr("<inventoryPath>/DC0/host/DC0_C0/Resources<")));
}

TEST_F(FinderTest, AMissingPathIsNotFoundNamingThePath) {
  vc_.Reply("FindByInventoryPath", "find_by_inventory_path_missing.xml");
  EXPECT_THAT(finder_.FindOne(Dc0(), ObjectKind::kFolder, "eksa/homelab"),
              StatusIs(absl::StatusCode::kNotFound, "folder \"/DC0/vm/eksa/homelab\" not found"));
}

TEST_F(FinderTest, APathToAnotherKindIsNotFound) {
  vc_.Reply("FindByInventoryPath", "find_by_inventory_path_folder.xml");
  EXPECT_THAT(finder_.FindOne(Dc0(), ObjectKind::kDatastore, "/DC0/vm"),
              StatusIs(absl::StatusCode::kNotFound, "\"/DC0/vm\" is a Folder, not a datastore"));
}

TEST_F(FinderTest, RejectsEmptyAndParentComponents) {
  EXPECT_THAT(finder_.FindOne(Dc0(), ObjectKind::kFolder, ""),
              StatusIs(absl::StatusCode::kInvalidArgument, "empty folder name"));
  EXPECT_THAT(finder_.FindOne(Dc0(), ObjectKind::kFolder, "../host"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"..\" is not supported")));
  EXPECT_THAT(vc_.transport.requests(), SizeIs(0));
}

TEST_F(FinderTest, InventoryPathWalksTheParents) {
  vc_.Reply("RetrievePropertiesEx", "retrieve_ancestors.xml");
  EXPECT_THAT(finder_.InventoryPath({"VirtualMachine", "vm-63"}),
              IsOkAndHolds("/DC0/vm/DC0_C0_RP0_VM0"));
  EXPECT_THAT(vc_.Bodies("RetrievePropertiesEx")[0], HasSubstr("<name>traverseParent</name>"));
}

}  // namespace
}  // namespace eksa::vsphere::vim
