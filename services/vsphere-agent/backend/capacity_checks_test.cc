#include "services/vsphere-agent/backend/capacity_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace eksa::vsphere_agent::backend {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

TEST(SumByPathTest, SumsEntriesThatResolveToTheSameObject) {
  EXPECT_THAT(
      SumByPath(
          {{"/DC0/datastore/ds1", 75}, {"/DC0/datastore/ds2", 20}, {"/DC0/datastore/ds1", 25}}),
      ElementsAre(Pair("/DC0/datastore/ds1", 100), Pair("/DC0/datastore/ds2", 20)));
  EXPECT_TRUE(SumByPath({}).empty());
}

TEST(DatastoreCapacityCheckTest, PassesWhenTheDemandFitsExactly) {
  CheckResult c =
      DatastoreCapacityCheck("/DC0/datastore/ds1", 500 * kBytesPerGib, 100 * kBytesPerGib, 100);
  EXPECT_TRUE(c.passed());
  EXPECT_EQ(c.name(), "Datastore capacity validated");
  EXPECT_EQ(c.subject(), "datastore /DC0/datastore/ds1");
  EXPECT_EQ(c.message(), "datastore /DC0/datastore/ds1: 100 GiB required, 100 GiB free of 500 GiB");
  EXPECT_EQ(c.remediation(), "");
}

TEST(DatastoreCapacityCheckTest, FailsOneByteShortNamingTheFigures) {
  CheckResult c =
      DatastoreCapacityCheck("/DC0/datastore/ds1", 500 * kBytesPerGib, 100 * kBytesPerGib - 1, 100);
  EXPECT_FALSE(c.passed());
  EXPECT_THAT(c.message(), HasSubstr("not enough space in datastore /DC0/datastore/ds1: 100 GiB "
                                     "required, 99 GiB free of 500 GiB"));
  EXPECT_THAT(c.remediation(), HasSubstr("lower diskGiB or the machine counts"));
}

TEST(DatastoreCapacityCheckTest, SmallFiguresKeepADecimal) {
  CheckResult c = DatastoreCapacityCheck("/d/ds", 3 * kBytesPerGib / 2, kBytesPerGib / 2, 1);
  EXPECT_FALSE(c.passed());
  EXPECT_THAT(c.message(), HasSubstr("1 GiB required, 0.5 GiB free of 1.5 GiB"));
}

TEST(PoolMemoryCheckTest, NoLimitPasses) {
  CheckResult c = PoolMemoryCheck("/DC0/host/C0/Resources", -1, 1 << 20);
  EXPECT_TRUE(c.passed());
  EXPECT_EQ(c.name(), "Resource pool memory validated");
  EXPECT_THAT(c.message(), HasSubstr("has no memory limit (1048576 MiB required)"));
}

TEST(PoolMemoryCheckTest, ComparesWithWhatIsAvailable) {
  EXPECT_TRUE(PoolMemoryCheck("/p", 16384, 16384).passed());
  CheckResult c = PoolMemoryCheck("/p", 16383, 16384);
  EXPECT_FALSE(c.passed());
  EXPECT_EQ(c.message(),
            "not enough memory in resource pool /p: 16384 MiB required, 16383 MiB available");
  EXPECT_THAT(c.remediation(), HasSubstr("raise the pool's memory limit"));
}

TEST(FormatGibTest, WholeAndFractional) {
  EXPECT_EQ(FormatGib(0), "0 GiB");
  EXPECT_EQ(FormatGib(kBytesPerGib * 12 + 5), "12 GiB");
  EXPECT_EQ(FormatGib(kBytesPerGib * 5 / 4), "1.2 GiB");
}

}  // namespace
}  // namespace eksa::vsphere_agent::backend
