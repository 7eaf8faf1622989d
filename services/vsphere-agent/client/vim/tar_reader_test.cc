#include "services/vsphere-agent/client/vim/tar_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "services/vsphere-agent/client/vim/testing/fake_vcenter.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::vim {
namespace {

using ::eksa::testing::StatusIs;
using testing::Fixture;
using ::testing::HasSubstr;
using ::testing::SizeIs;

std::string TestdataPath(const std::string& name) {
  return std::string(EKSA_SOURCE_DIR) + "/services/vsphere-agent/client/vim/testdata/" + name;
}

TEST(TarReaderTest, IndexesAnOva) {
  // tiny.ova: `tar --format=ustar -cf tiny.ova tiny.ovf tiny-disk1.vmdk` (4 KiB of 'D').
  absl::StatusOr<std::vector<TarEntry>> entries = IndexTarFile(TestdataPath("tiny.ova"));
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_THAT(*entries, SizeIs(2));
  EXPECT_EQ((*entries)[0].name, "tiny.ovf");
  EXPECT_EQ((*entries)[0].offset, 512u);
  EXPECT_EQ((*entries)[0].size, Fixture("tiny.ovf").size());
  EXPECT_TRUE((*entries)[0].IsRegularFile());
  EXPECT_EQ((*entries)[1].name, "tiny-disk1.vmdk");
  EXPECT_EQ((*entries)[1].size, 4096u);
  std::string ova = Fixture("tiny.ova");
  EXPECT_EQ(ova.substr((*entries)[0].offset, (*entries)[0].size), Fixture("tiny.ovf"));
  EXPECT_EQ(ova.substr((*entries)[1].offset, (*entries)[1].size), std::string(4096, 'D'));
}

TEST(TarReaderTest, ReadsGnuLongNamesAndDirectories) {
  // gnu.tar: `tar --format=gnu -cf gnu.tar d d/<120 x's>` holding "hi\n": the file comes
  // twice, the second time as a hard link (GNU 'K' long link name + 'L' long name records).
  absl::StatusOr<std::vector<TarEntry>> entries = IndexTar(Fixture("gnu.tar"));
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_THAT(*entries, SizeIs(3));
  EXPECT_EQ((*entries)[0].name, "d/");
  EXPECT_EQ((*entries)[0].type, '5');
  EXPECT_FALSE((*entries)[0].IsRegularFile());
  EXPECT_EQ((*entries)[1].name, "d/" + std::string(120, 'x'));
  EXPECT_EQ((*entries)[1].size, 3u);
  EXPECT_EQ(Fixture("gnu.tar").substr((*entries)[1].offset, 3), "hi\n");
  EXPECT_EQ((*entries)[2].name, (*entries)[1].name);
  EXPECT_EQ((*entries)[2].type, '1');
  EXPECT_FALSE((*entries)[2].IsRegularFile());
}

TEST(TarReaderTest, ReadsPaxPaths) {
  absl::StatusOr<std::vector<TarEntry>> entries = IndexTar(Fixture("pax.tar"));
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_THAT(*entries, SizeIs(1));
  EXPECT_EQ((*entries)[0].name, "d/" + std::string(120, 'x'));
  EXPECT_EQ(Fixture("pax.tar").substr((*entries)[0].offset, 3), "hi\n");
}

TEST(TarReaderTest, RejectsABadChecksum) {
  std::string ova = Fixture("tiny.ova");
  ova[512 + 512 * 8] ^= 1;  // the second header (after the 3740-byte ovf's 8 blocks)
  EXPECT_THAT(IndexTar(ova), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("bad header checksum at offset 4608")));
  EXPECT_THAT(IndexTar("not a tar archive at all, but long enough to have a header: " +
                       std::string(600, 'z')),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("offset 0")));
}

TEST(TarReaderTest, RejectsATruncatedMember) {
  std::string ova = Fixture("tiny.ova").substr(0, 512 * 10);
  EXPECT_THAT(IndexTar(ova),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("tar member tiny-disk1.vmdk at offset 4608 runs past the end")));
}

TEST(TarReaderTest, AMissingFileIsNotFound) {
  EXPECT_THAT(IndexTarFile("/nonexistent/x.ova"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("/nonexistent/x.ova")));
}

TEST(TarReaderTest, AnEmptyArchiveHasNoEntries) {
  absl::StatusOr<std::vector<TarEntry>> entries = IndexTar(std::string(1024, '\0'));
  ASSERT_TRUE(entries.ok()) << entries.status();
  EXPECT_THAT(*entries, SizeIs(0));
}

}  // namespace
}  // namespace eksa::vsphere::vim
