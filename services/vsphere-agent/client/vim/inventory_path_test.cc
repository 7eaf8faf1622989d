#include "services/vsphere-agent/client/vim/inventory_path.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace eksa::vsphere::vim {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(InventoryPathTest, Classifies) {
  EXPECT_EQ(ClassifyPath("ds1"), PathForm::kName);
  EXPECT_EQ(ClassifyPath("eksa/homelab"), PathForm::kRelative);
  EXPECT_EQ(ClassifyPath("./eksa"), PathForm::kRelative);
  EXPECT_EQ(ClassifyPath("/dc/datastore/ds1"), PathForm::kAbsolute);
}

TEST(InventoryPathTest, SplitsAndJoins) {
  EXPECT_THAT(SplitPath("/dc//vm/./x/"), ElementsAre("dc", "vm", "x"));
  EXPECT_THAT(SplitPath("/"), IsEmpty());
  EXPECT_THAT(SplitPath("a/../b"), ElementsAre("a", "..", "b"));
  EXPECT_EQ(JoinPath({}), "/");
  EXPECT_EQ(JoinPath({"DC0", "vm"}), "/DC0/vm");
  EXPECT_EQ(ResolvePath("/DC0/vm", "./eksa/homelab"), "/DC0/vm/eksa/homelab");
  EXPECT_EQ(ResolvePath("/DC0/vm/", "eksa"), "/DC0/vm/eksa");
}

TEST(InventoryPathTest, Globs) {
  EXPECT_TRUE(HasGlob("*/Resources"));
  EXPECT_TRUE(HasGlob("ds[12]"));
  EXPECT_FALSE(HasGlob("VM Network"));
  EXPECT_TRUE(MatchComponent("ds*", "ds1"));
  EXPECT_TRUE(MatchComponent("ds?", "ds1"));
  EXPECT_FALSE(MatchComponent("ds?", "ds10"));
  EXPECT_TRUE(MatchComponent("VM Network", "VM Network"));
  EXPECT_TRUE(MatchPath({"DC0", "host", "*", "Resources"}, {"DC0", "host", "C0", "Resources"}));
  EXPECT_FALSE(MatchPath({"DC0", "host", "*", "Resources"}, {"DC0", "host", "C0"}));
}

}  // namespace
}  // namespace eksa::vsphere::vim
