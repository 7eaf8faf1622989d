#include "services/planner/pki/token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

#include "tests/testing/status_matchers.h"

namespace eksa::planner::pki {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

TEST(TokenTest, HasKubeadmFormat) {
  absl::StatusOr<BootstrapToken> token = GenerateBootstrapToken();
  ASSERT_THAT(token, IsOk());
  EXPECT_THAT(token->id, MatchesRegex("[a-z0-9]{6}"));
  EXPECT_THAT(token->secret.Reveal(), MatchesRegex("[a-z0-9]{16}"));
  EXPECT_THAT(token->Value().Reveal(), MatchesRegex("[a-z0-9]{6}\\.[a-z0-9]{16}"));
  EXPECT_EQ(token->Value().Reveal(), token->id + "." + token->secret.Reveal());
}

TEST(TokenTest, NoRepeatsOverAThousandAndEveryCharacterUsed) {
  std::set<std::string> secrets;
  std::set<std::string> values;
  std::set<char> chars;
  for (int i = 0; i < 1000; ++i) {
    absl::StatusOr<BootstrapToken> token = GenerateBootstrapToken();
    ASSERT_THAT(token, IsOk());
    const std::string value = token->Value().Reveal();
    values.insert(value);
    secrets.insert(token->secret.Reveal());
    chars.insert(value.begin(), value.end());
  }
  EXPECT_EQ(values.size(), 1000u);
  EXPECT_EQ(secrets.size(), 1000u);
  EXPECT_EQ(chars.size(), 37u);  // a-z, 0-9 and the dot: 22,000 draws reach all 36
}

TEST(TokenTest, PrintingATokenSecretShowsNothing) {
  absl::StatusOr<BootstrapToken> token = GenerateBootstrapToken();
  ASSERT_THAT(token, IsOk());
  std::ostringstream os;
  os << token->secret << " " << token->Value();
  EXPECT_THAT(os.str(), Not(HasSubstr(token->secret.Reveal())));
}

TEST(TokenTest, ParseAcceptsOnlyKubeadmFormat) {
  EXPECT_THAT(ParseBootstrapToken(Secret("abcdef.0123456789abcdef")), IsOk());
  absl::StatusOr<BootstrapToken> parsed = ParseBootstrapToken(Secret("a1b2c3.0123456789abcdef"));
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->id, "a1b2c3");
  EXPECT_EQ(parsed->secret.Reveal(), "0123456789abcdef");
  for (const char* bad :
       {"", "abcdef", "abcdef.", "abcde.0123456789abcdef", "abcdef.0123456789abcde",
        "ABCDEF.0123456789abcdef", "abcdef-0123456789abcdef", "abcdef.0123456789abcdef0",
        "abcdef.0123456789abcde_", "abc.def.0123456789abcd"}) {
    SCOPED_TRACE(bad);
    EXPECT_THAT(ParseBootstrapToken(Secret(bad)),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(HasSubstr("does not match"), Not(HasSubstr("0123456789")))));
  }
}

}  // namespace
}  // namespace eksa::planner::pki
