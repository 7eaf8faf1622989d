// The template rules (tags, Bottlerocket disks) and RequestMemory.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/vsphere-agent/backend/request_memory.h"
#include "services/vsphere-agent/backend/template_facts.h"
#include "services/vsphere-agent/backend/template_finish.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent::backend {
namespace {

namespace v1 = ::eksa::vsphere::v1;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

TEST(MissingTagsTest, InRequiredOrder) {
  EXPECT_THAT(MissingTags({"os:ubuntu", "eksdRelease:kubernetes-1-21-eks-4"},
                          {"eksdRelease:kubernetes-1-21-eks-4", "os:bottlerocket"}),
              ElementsAre("os:ubuntu"));
  EXPECT_THAT(MissingTags({"os:ubuntu"}, {"os:ubuntu"}), IsEmpty());
}

TEST(BottlerocketDisksTest, EksaLayouts) {
  EXPECT_TRUE(BottlerocketDisksValid({22}));
  EXPECT_TRUE(BottlerocketDisksValid({2, 20}));
  EXPECT_FALSE(BottlerocketDisksValid({20}));
  EXPECT_FALSE(BottlerocketDisksValid({2, 22}));
  EXPECT_FALSE(BottlerocketDisksValid({}));
  EXPECT_THAT(BottlerocketDiskEdits({1}), ElementsAre(Pair(0u, 22 * 1024 * 1024)));
  EXPECT_THAT(BottlerocketDiskEdits({2, 8}), ElementsAre(Pair(1u, 20 * 1024 * 1024)));
  EXPECT_THAT(BottlerocketDiskEdits({22}), IsEmpty());
  EXPECT_THAT(BottlerocketDiskEdits({30}), IsEmpty());
  EXPECT_THAT(BottlerocketDiskEdits({2, 20}), IsEmpty());
}

TEST(TemplateTagsTest, OsReleaseThenExtra) {
  v1::EnsureTemplateRequest r;
  r.set_os_family(v1::OS_FAMILY_BOTTLEROCKET);
  r.set_eksd_release_name("kubernetes-1-21-eks-4");
  r.add_extra_tags("team:platform");
  EXPECT_THAT(TemplateTags(r),
              ElementsAre("os:bottlerocket", "eksdRelease:kubernetes-1-21-eks-4", "team:platform"));
  EXPECT_EQ(OsFamilyName(v1::OS_FAMILY_UBUNTU), "ubuntu");
  EXPECT_EQ(OsFamilyName(v1::OS_FAMILY_REDHAT), "redhat");
  EXPECT_EQ(OsFamilyName(v1::OS_FAMILY_UNSPECIFIED), "");
}

TEST(ConflictingTagsTest, OnlyOsAndReleaseOfAnotherValue) {
  EXPECT_THAT(ConflictingTags({"os:bottlerocket", "eksdRelease:r2", "team:a"},
                              {"os:ubuntu", "eksdRelease:r2", "team:b", "other:x"}),
              ElementsAre("os:ubuntu"));
  EXPECT_THAT(ConflictingTags({"os:bottlerocket"}, {}), IsEmpty());
}

TEST(ToTemplateInfoTest, DisksSnapshotTagsSorted) {
  vsphere::vim::VmInfo info;
  info.ref = {.type = "VirtualMachine", .value = "vm-7"};
  info.guest_id = "other4xLinux64Guest";
  info.current_snapshot = {.type = "VirtualMachineSnapshot", .value = "snapshot-8"};
  info.devices.push_back({.type = "VirtualDisk", .key = 2000, .capacity_kb = 22 << 20});
  v1::TemplateInfo t = ToTemplateInfo(info, "/DC0/vm/Templates/br", {"os:bottlerocket", "a:b"});
  EXPECT_EQ(t.path(), "/DC0/vm/Templates/br");
  EXPECT_EQ(t.moref(), "vm-7");
  EXPECT_THAT(t.disks_gib(), ElementsAre(22));
  EXPECT_TRUE(t.has_snapshot());
  EXPECT_THAT(t.tags(), ElementsAre("a:b", "os:bottlerocket"));
  EXPECT_EQ(t.guest_id(), "other4xLinux64Guest");
}

TEST(RequestMemoryTest, RemembersPerRequestAndForgetsTheOldest) {
  RequestMemory memory(2);
  memory.Remember("r1", "folder:/DC0/vm/a");
  memory.Remember("r1", "template:/DC0/vm/t");
  EXPECT_TRUE(memory.Made("r1", "folder:/DC0/vm/a"));
  EXPECT_TRUE(memory.Made("r1", "template:/DC0/vm/t"));
  EXPECT_FALSE(memory.Made("r2", "folder:/DC0/vm/a"));
  memory.Remember("r3", "folder:/DC0/vm/b");
  EXPECT_FALSE(memory.Made("r1", "folder:/DC0/vm/a"));
  EXPECT_TRUE(memory.Made("r3", "folder:/DC0/vm/b"));
  memory.Remember("", "x");
  EXPECT_FALSE(memory.Made("", "x"));
}

}  // namespace
}  // namespace eksa::vsphere_agent::backend
