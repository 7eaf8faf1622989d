#include "services/planner/userdata/toml_subset.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/testing/status_matchers.h"

namespace eksa::planner::userdata::testing {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(TomlSubsetTest, ParsesTheSubset) {
  const std::string text =
      "# comment\n"
      "[settings.kubernetes]\n"
      "api-server = \"https://127.0.0.10:6443\"  # trailing comment\n"
      "enabled = true\n"
      "off = false\n"
      "max-pods = 110\n"
      "\n"
      "[settings.container-registry.mirrors]\n"
      "\"public.ecr.aws\" = [\"https://m:443\", \"x\"]\n"
      "empty = []\n"
      "esc = \"q\\\" b\\\\ n\\n t\\t u\\u0041\"\n";
  absl::StatusOr<TomlDocument> doc = ParseToml(text);
  ASSERT_THAT(doc, IsOk());
  EXPECT_EQ(std::get<std::string>(doc->at("settings.kubernetes.api-server")),
            "https://127.0.0.10:6443");
  EXPECT_TRUE(std::get<bool>(doc->at("settings.kubernetes.enabled")));
  EXPECT_FALSE(std::get<bool>(doc->at("settings.kubernetes.off")));
  EXPECT_EQ(std::get<std::int64_t>(doc->at("settings.kubernetes.max-pods")), 110);
  EXPECT_THAT(std::get<std::vector<std::string>>(
                  doc->at("settings.container-registry.mirrors.\"public.ecr.aws\"")),
              ElementsAre("https://m:443", "x"));
  EXPECT_TRUE(
      std::get<std::vector<std::string>>(doc->at("settings.container-registry.mirrors.empty"))
          .empty());
  EXPECT_EQ(std::get<std::string>(doc->at("settings.container-registry.mirrors.esc")),
            "q\" b\\ n\n t\t uA");
  EXPECT_THAT(TomlTables(text), ::eksa::testing::IsOkAndHolds(ElementsAre(
                                    "settings.kubernetes", "settings.container-registry.mirrors")));
}

TEST(TomlSubsetTest, RejectsMalformedDocuments) {
  const std::pair<std::string, std::string> cases[] = {
      {"a = \"unterminated\n", "unterminated string"},
      {"a = \"bad \\x escape\"\n", "invalid escape"},
      {"a = 1\na = 2\n", "duplicate key a"},
      {"[t]\n[t]\n", "defined twice"},
      {"[t\n", "malformed table header"},
      {"a = \"x\" y\n", "trailing characters"},
      {"a = bare\n", "unsupported value"},
      {"a \"x\"\n", "expected '='"},
      {"a = [\"x\" \"y\"]\n", "expected ']'"},
      {"a = \"raw\ttab ok\" \n b = \"ctl\x01\"\n", "control character"},
  };
  for (const auto& [text, want] : cases) {
    SCOPED_TRACE(text);
    EXPECT_THAT(ParseToml(text), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(want)));
  }
}

}  // namespace
}  // namespace eksa::planner::userdata::testing
