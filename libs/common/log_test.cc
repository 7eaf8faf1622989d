#include "libs/common/log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "libs/common/redact.h"
#include "tests/testing/status_matchers.h"

namespace eksa::log {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

constexpr char kTs[] = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z";

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = ::testing::TempDir() + "eksa_log_test_" + std::to_string(getpid()) + "_" +
            info->name() + ".log";
    std::remove(path_.c_str());
    ClearRegisteredSecrets();
  }
  void TearDown() override {
    ASSERT_THAT(Init({}), IsOk());  // back to stderr, closing the file
    std::remove(path_.c_str());
    ClearRegisteredSecrets();
  }

  void Open(int verbosity, Format format) {
    ASSERT_THAT(Init({.verbosity = verbosity, .format = format, .path = path_}), IsOk());
  }

  std::vector<std::string> Lines() const {
    std::ifstream in(path_);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  // Everything after the timestamp of a single text line.
  std::string OnlyTextLineAfterTs() const {
    std::vector<std::string> lines = Lines();
    EXPECT_THAT(lines, SizeIs(1));
    if (lines.empty()) return "";
    EXPECT_THAT(lines[0], MatchesRegex(std::string("ts=") + kTs + " .*"));
    return lines[0].substr(lines[0].find(' ') + 1);
  }

  nlohmann::json OnlyJsonLine() const {
    std::vector<std::string> lines = Lines();
    EXPECT_THAT(lines, SizeIs(1));
    if (lines.empty()) return nullptr;
    nlohmann::json j = nlohmann::json::parse(lines[0], nullptr, /*allow_exceptions=*/false);
    EXPECT_FALSE(j.is_discarded()) << lines[0];
    return j;
  }

  std::string path_;
};

TEST(ParseFormatTest, KnownAndUnknownNames) {
  EXPECT_THAT(ParseFormat("text"), IsOkAndHolds(Format::kText));
  EXPECT_THAT(ParseFormat("json"), IsOkAndHolds(Format::kJson));
  EXPECT_THAT(ParseFormat("xml"), StatusIs(absl::StatusCode::kInvalidArgument,
                                           HasSubstr("unknown log format \"xml\"")));
  EXPECT_THAT(ParseFormat("JSON"), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("JSON")));
  EXPECT_THAT(ParseFormat(""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("text or json")));
}

TEST_F(LogTest, TextLineLayout) {
  Open(4, Format::kText);
  Logger().Info(4, "Starting task", {{"task", "x"}});
  EXPECT_THAT(Lines(), ElementsAre(MatchesRegex(std::string("ts=") + kTs +
                                                " level=info v=4 msg=\"Starting task\" task=x")));
}

TEST_F(LogTest, JsonLineLayout) {
  Open(4, Format::kJson);
  Logger().Info(4, "Starting task", {{"task", "x"}});
  std::vector<std::string> lines = Lines();
  ASSERT_THAT(lines, SizeIs(1));
  EXPECT_THAT(lines[0], MatchesRegex(std::string("\\{\"ts\":\"") + kTs +
                                     "\",\"level\":\"info\",\"v\":4,\"msg\":\"Starting "
                                     "task\",\"task\":\"x\"\\}"));
  nlohmann::json j = OnlyJsonLine();
  EXPECT_EQ(j["level"], "info");
  EXPECT_EQ(j["v"], 4);
  EXPECT_EQ(j["msg"], "Starting task");
  EXPECT_EQ(j["task"], "x");
}

TEST_F(LogTest, VerbosityGatesMessages) {
  Open(2, Format::kText);
  EXPECT_EQ(Verbosity(), 2);
  EXPECT_TRUE(Logger::Enabled(0));
  EXPECT_TRUE(Logger::Enabled(2));
  EXPECT_FALSE(Logger::Enabled(3));
  Logger log;
  log.Info(0, "zero");
  log.Info(2, "two");
  log.Info(3, "three");
  log.Info(9, "nine");
  std::vector<std::string> lines = Lines();
  ASSERT_THAT(lines, SizeIs(2));
  EXPECT_THAT(lines[0], HasSubstr(" level=info v=0 msg=\"zero\""));
  EXPECT_THAT(lines[1], HasSubstr(" level=info v=2 msg=\"two\""));
}

TEST_F(LogTest, DefaultVerbosityZeroWritesOnlyLevelZero) {
  Open(0, Format::kText);
  Logger().Info(1, "hidden");
  Logger().Info(0, "shown");
  EXPECT_EQ(OnlyTextLineAfterTs(), "level=info v=0 msg=\"shown\"");
}

TEST_F(LogTest, VerbosityIsClamped) {
  Open(12, Format::kText);
  EXPECT_EQ(Verbosity(), 9);
  Open(-3, Format::kText);
  EXPECT_EQ(Verbosity(), 0);
}

TEST_F(LogTest, ErrorIsWrittenAtAnyVerbosity) {
  Open(0, Format::kText);
  Logger().Error("Deleting bootstrap cluster", {{"error", "kind not found"}});
  EXPECT_EQ(OnlyTextLineAfterTs(),
            "level=error v=0 msg=\"Deleting bootstrap cluster\" error=\"kind not found\"");
}

TEST_F(LogTest, ErrorInJson) {
  Open(0, Format::kJson);
  Logger().Error("Swallowed", {{"error", "x"}});
  nlohmann::json j = OnlyJsonLine();
  EXPECT_EQ(j["level"], "error");
  EXPECT_EQ(j["v"], 0);
  EXPECT_EQ(j["error"], "x");
}

TEST_F(LogTest, BoundFieldsComeFirstAndDoNotLeak) {
  Open(0, Format::kText);
  Logger base;
  Logger task = base.With("cluster", "mgmt").With("task", "create-kind");
  task.Info(0, "Starting task", {{"vm", "vm-1"}});
  base.Info(0, "Plain");
  std::vector<std::string> lines = Lines();
  ASSERT_THAT(lines, SizeIs(2));
  EXPECT_THAT(lines[0], HasSubstr("msg=\"Starting task\" cluster=mgmt task=create-kind vm=vm-1"));
  EXPECT_THAT(lines[1], MatchesRegex(std::string("ts=") + kTs + " level=info v=0 msg=\"Plain\""));
}

TEST_F(LogTest, BoundFieldsInJson) {
  Open(0, Format::kJson);
  Logger().With("requestId", "r-1").Info(0, "Cloning VM", {{"vm", "vm-1"}});
  nlohmann::json j = OnlyJsonLine();
  EXPECT_EQ(j["requestId"], "r-1");
  EXPECT_EQ(j["vm"], "vm-1");
}

TEST_F(LogTest, TextQuotesValuesThatNeedIt) {
  Open(0, Format::kText);
  Logger().Info(0, "Say \"hi\"\n",
                {{"plain", "vm-1"},
                 {"space", "a b"},
                 {"equals", "a=b"},
                 {"quote", "say \"x\""},
                 {"newline", "l1\nl2\ttab"},
                 {"empty", ""},
                 {"backslash", "C:\\dir"},
                 {"bad key", "v"}});
  EXPECT_EQ(OnlyTextLineAfterTs(),
            "level=info v=0 msg=\"Say \\\"hi\\\"\\n\" plain=vm-1 space=\"a b\" equals=\"a=b\" "
            "quote=\"say \\\"x\\\"\" newline=\"l1\\nl2\\ttab\" empty=\"\" "
            "backslash=\"C:\\\\dir\" bad_key=v");
}

TEST_F(LogTest, JsonEscapesAndStaysValid) {
  Open(0, Format::kJson);
  const std::string tricky = std::string("q\"b\\s/\n\r\t\x01\x1f\x7f caf\xC3\xA9 ") + "\xFF\xC3";
  Logger().Info(0, tricky, {{"value", tricky}});
  std::vector<std::string> lines = Lines();
  ASSERT_THAT(lines, SizeIs(1));
  EXPECT_THAT(lines[0], HasSubstr(R"(\u0001\u001f\u007f)"));
  nlohmann::json j = OnlyJsonLine();
  const std::string want = "q\"b\\s/\n\r\t\x01\x1f\x7f caf\xC3\xA9 \xEF\xBF\xBD\xEF\xBF\xBD";
  EXPECT_EQ(j["msg"], want);
  EXPECT_EQ(j["value"], want);
}

TEST_F(LogTest, ReservedKeysCannotShadowHeader) {
  Open(0, Format::kJson);
  Logger().Info(0, "real", {{"msg", "fake"}, {"level", "error"}});
  nlohmann::json j = OnlyJsonLine();
  EXPECT_EQ(j["msg"], "real");
  EXPECT_EQ(j["level"], "info");
  EXPECT_EQ(j["msg_"], "fake");
  EXPECT_EQ(j["level_"], "error");
}

TEST_F(LogTest, RedactsMessageAndFieldsInText) {
  Open(0, Format::kText);
  RegisterSecret("vc-Passw0rd");
  Logger()
      .With("url", "https://admin:hunter2@vcenter/sdk")
      .Info(0, "Logging in with password=hunter2",
            {{"password", "plain-value"}, {"cmd", "govc -p vc-Passw0rd"}, {"user", "admin"}});
  const std::string line = OnlyTextLineAfterTs();
  EXPECT_EQ(line,
            "level=info v=0 msg=\"Logging in with password=*****\" "
            "url=https://admin:*****@vcenter/sdk password=***** cmd=\"govc -p *****\" user=admin");
  EXPECT_THAT(line, Not(HasSubstr("hunter2")));
  EXPECT_THAT(line, Not(HasSubstr("vc-Passw0rd")));
  EXPECT_THAT(line, Not(HasSubstr("plain-value")));
}

TEST_F(LogTest, RedactsInJson) {
  Open(0, Format::kJson);
  Logger().Info(0, "Bearer abcdefghijklmnop", {{"EKSA_GITHUB_TOKEN", "x"}, {"body", "token: t0k"}});
  nlohmann::json j = OnlyJsonLine();
  EXPECT_EQ(j["msg"], "Bearer *****");
  EXPECT_EQ(j["EKSA_GITHUB_TOKEN"], "*****");
  EXPECT_EQ(j["body"], "token: *****");
}

TEST_F(LogTest, InitAppendsToExistingFile) {
  {
    std::ofstream out(path_);
    out << "earlier line\n";
  }
  Open(0, Format::kText);
  Logger().Info(0, "first");
  Open(0, Format::kJson);  // re-init on the same path appends too
  Logger().Info(0, "second");
  std::vector<std::string> lines = Lines();
  ASSERT_THAT(lines, SizeIs(3));
  EXPECT_EQ(lines[0], "earlier line");
  EXPECT_THAT(lines[1], HasSubstr("msg=\"first\""));
  EXPECT_THAT(lines[2], StartsWith("{\"ts\":"));
}

TEST_F(LogTest, UnopenableFileKeepsPreviousSink) {
  Open(3, Format::kText);
  const std::string bad = path_ + "/not-a-dir/x.log";  // path_ is a regular file
  { std::ofstream touch(path_, std::ios::app); }
  EXPECT_THAT(Init({.verbosity = 9, .format = Format::kJson, .path = bad}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("opening log file " + bad)));
  EXPECT_EQ(Verbosity(), 3);
  Logger().Info(3, "still here");
  EXPECT_EQ(OnlyTextLineAfterTs(), "level=info v=3 msg=\"still here\"");
}

TEST_F(LogTest, ConcurrentWritersProduceWholeLines) {
  Open(0, Format::kJson);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      Logger log = Logger().With("thread", std::to_string(t));
      for (int i = 0; i < 100; ++i) log.Info(0, "Tick", {{"i", std::to_string(i)}});
    });
  }
  for (std::thread& th : threads) th.join();
  std::vector<std::string> lines = Lines();
  ASSERT_THAT(lines, SizeIs(400));
  for (const std::string& line : lines) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(j.is_discarded()) << line;
    EXPECT_EQ(j["msg"], "Tick");
  }
}

}  // namespace
}  // namespace eksa::log
