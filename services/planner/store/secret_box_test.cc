// AES-256-GCM sealing of store secrets.
#include "services/planner/store/secret_box.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include "absl/strings/escaping.h"
#include "libs/common/redact.h"
#include "tests/testing/status_matchers.h"

namespace eksa::planner::store {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kKeyHex[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

SecretBox Box(const std::string& key = kKeyHex) { return *SecretBox::FromKey(key); }

TEST(SecretBoxTest, SealOpenRoundTrip) {
  SecretBox box = Box();
  absl::StatusOr<std::string> sealed = box.Seal("apiVersion: v1\nkind: Config\n", "aad-1");
  ASSERT_THAT(sealed, IsOk());
  EXPECT_EQ(sealed->size(), SecretBox::kOverhead + 28);
  EXPECT_EQ(static_cast<uint8_t>((*sealed)[0]), SecretBox::kVersion);
  EXPECT_THAT(*sealed, Not(HasSubstr("kind: Config")));
  EXPECT_THAT(box.Open(*sealed, "aad-1"), IsOkAndHolds(Eq("apiVersion: v1\nkind: Config\n")));
  EXPECT_THAT(box.Open(*box.Seal("", "a"), "a"), IsOkAndHolds(Eq("")));
}

TEST(SecretBoxTest, EachSealUsesAFreshNonce) {
  SecretBox box = Box();
  EXPECT_NE(*box.Seal("same", "aad"), *box.Seal("same", "aad"));
}

TEST(SecretBoxTest, OtherAadWrongKeyOrAlteredBytesAreDataLoss) {
  SecretBox box = Box();
  std::string sealed = *box.Seal("token-value", "cluster/a");
  EXPECT_THAT(box.Open(sealed, "cluster/b"),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("does not authenticate")));
  SecretBox other = *SecretBox::FromKey(SecretBox::GenerateKey());
  EXPECT_THAT(other.Open(sealed, "cluster/a"),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("wrong store key")));
  std::string altered = sealed;
  altered[SecretBox::kNonceSize + 2] ^= 1;
  EXPECT_THAT(box.Open(altered, "cluster/a"), StatusIs(absl::StatusCode::kDataLoss, HasSubstr("")));
  EXPECT_THAT(box.Open(sealed.substr(0, 10), "cluster/a"),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("malformed")));
  std::string v2 = sealed;
  v2[0] = 2;
  EXPECT_THAT(box.Open(v2, "cluster/a"),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("version")));
}

TEST(SecretBoxTest, KeyEncodings) {
  std::string raw;
  ASSERT_TRUE(absl::Base64Unescape(absl::Base64Escape(std::string(32, 'k')), &raw));
  std::string b64 = absl::Base64Escape(std::string(32, 'k'));
  std::string web = absl::WebSafeBase64Escape(std::string(32, '\xfb'));  // no padding, '-' '_'
  std::string hex_upper = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";
  for (const std::string& key : {std::string(kKeyHex), hex_upper, b64, web, "  " + b64 + "\n"}) {
    SCOPED_TRACE(key);
    absl::StatusOr<SecretBox> box = SecretBox::FromKey(key);
    ASSERT_THAT(box, IsOk());
    EXPECT_THAT(box->Open(*box->Seal("x", "a"), "a"), IsOkAndHolds(Eq("x")));
  }
  // Hex and its upper-case form are the same key.
  EXPECT_THAT(Box(hex_upper).Open(*Box().Seal("x", "a"), "a"), IsOkAndHolds(Eq("x")));
}

TEST(SecretBoxTest, BadKeysAreRejectedWithoutEchoingThem) {
  for (const std::string& key : {std::string("short"), std::string(kKeyHex).substr(2),
                                 std::string(kKeyHex).replace(0, 2, "zz"),
                                 absl::Base64Escape(std::string(16, 'k')), std::string()}) {
    SCOPED_TRACE(key);
    absl::StatusOr<SecretBox> box = SecretBox::FromKey(key);
    EXPECT_THAT(box, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("32 bytes")));
    if (key.size() >= 4) {
      EXPECT_THAT(std::string(box.status().message()), Not(HasSubstr(key)));
    }
  }
}

TEST(SecretBoxTest, KeyIsRegisteredForRedaction) {
  std::string key = SecretBox::GenerateKey();
  ASSERT_THAT(SecretBox::FromKey(key), IsOk());
  EXPECT_EQ(Redact("key=" + key), "key=*****");
  EXPECT_EQ(Redact("the key is " + key), "the key is *****");
}

TEST(SecretBoxTest, FromEnv) {
  ::unsetenv(SecretBox::kKeyEnvVar);
  EXPECT_THAT(SecretBox::FromEnv(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("EKSA_STORE_KEY")));
  ::setenv(SecretBox::kKeyEnvVar, "not-a-key", 1);
  EXPECT_THAT(SecretBox::FromEnv(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("EKSA_STORE_KEY")));
  ::setenv(SecretBox::kKeyEnvVar, kKeyHex, 1);
  absl::StatusOr<SecretBox> box = SecretBox::FromEnv();
  ASSERT_THAT(box, IsOk());
  EXPECT_THAT(Box().Open(*box->Seal("x", "a"), "a"), IsOkAndHolds(Eq("x")));
  ::unsetenv(SecretBox::kKeyEnvVar);
}

TEST(SecretBoxTest, GeneratedKeysDiffer) {
  std::string a = SecretBox::GenerateKey();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, SecretBox::GenerateKey());
}

}  // namespace
}  // namespace eksa::planner::store
