#include "services/planner/pki/secret.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <utility>

namespace eksa::planner::pki {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kValue[] = "-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0\n";

TEST(SecretTest, PrintingNeverShowsTheValue) {
  const Secret s(kValue);
  std::ostringstream os;
  os << s;
  EXPECT_EQ(os.str(), "<redacted 41 bytes>");
  EXPECT_EQ(s.DebugString(), "<redacted 41 bytes>");
  EXPECT_THAT(::testing::PrintToString(s), Not(HasSubstr("c2VjcmV0")));
}

TEST(SecretTest, RevealReturnsTheValue) {
  const Secret s(kValue);
  EXPECT_EQ(s.Reveal(), kValue);
  EXPECT_EQ(s.size(), 41u);
  EXPECT_FALSE(s.empty());
  EXPECT_TRUE(Secret().empty());
}

TEST(SecretTest, ComparesByValue) {
  EXPECT_EQ(Secret("abc"), Secret("abc"));
  EXPECT_FALSE(Secret("abc") == Secret("abd"));
  EXPECT_FALSE(Secret("abc") == Secret("abcd"));
}

TEST(SecretTest, MovedFromSecretIsEmpty) {
  Secret a("short");  // fits the small-string buffer, which a plain move would leave intact
  Secret b(std::move(a));
  EXPECT_EQ(b.Reveal(), "short");
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the wipe is the behaviour tested
  Secret c;
  c = std::move(b);
  EXPECT_EQ(c.Reveal(), "short");
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move)
}

TEST(SecretTest, CopiesAreIndependent) {
  Secret a("value-one");
  Secret b = a;
  a = Secret("value-two");
  EXPECT_EQ(b.Reveal(), "value-one");
  EXPECT_EQ(a.Reveal(), "value-two");
}

}  // namespace
}  // namespace eksa::planner::pki
