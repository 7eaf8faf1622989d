// Store crash safety: store_crash_writer is SIGKILLed at a random moment, again and again, on the
// same database; after each kill the database must open cleanly and hold every event the writer
// reported as committed, with seqs dense from 1, and task rows that agree with the events written
// in the same transactions. The kill moments come from a seeded generator (EKSA_CRASH_SEED
// overrides the default), so a failure can be replayed. Nothing here asserts on time.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/planner/store/sqlite_store.h"
#include "tests/testing/status_matchers.h"

extern char** environ;

namespace eksa::planner::store {
namespace {

using ::eksa::testing::IsOk;

constexpr int kIterations = 20;      // kills of one database
constexpr int kFreshIterations = 8;  // databases killed while being created
constexpr uint32_t kDefaultSeed = 20261125;
constexpr char kOp[] = "op-crash";

struct Writer {
  pid_t pid = -1;
  int out = -1;  // read end of the writer's stdout
};

Writer Spawn(const std::string& db, const std::string& key) {
  int fds[2];
  EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  std::string exe = std::string(EKSA_BINARY_DIR) + "/tests/store_crash_writer";
  std::vector<std::string> env_strings = {std::string(SecretBox::kKeyEnvVar) + "=" + key};
  std::vector<char*> env = {env_strings[0].data()};
  for (char** e = environ; *e != nullptr; ++e) env.push_back(*e);
  env.push_back(nullptr);
  std::vector<char*> argv = {exe.data(), const_cast<char*>(db.c_str()), nullptr};
  Writer w;
  int rc = ::posix_spawn(&w.pid, exe.c_str(), &actions, nullptr, argv.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  EXPECT_EQ(rc, 0) << "cannot start " << exe;
  w.out = fds[0];
  return w;
}

enum class Read { kData, kTimeout, kEof };

// Appends what arrives within `timeout_ms` to `buf`.
Read ReadSome(int fd, std::string& buf, int timeout_ms) {
  pollfd p{.fd = fd, .events = POLLIN, .revents = 0};
  if (::poll(&p, 1, timeout_ms) <= 0) return Read::kTimeout;
  char chunk[4096];
  ssize_t n = ::read(fd, chunk, sizeof chunk);
  if (n <= 0) return Read::kEof;
  buf.append(chunk, static_cast<size_t>(n));
  return Read::kData;
}

std::vector<int64_t> ParseSeqs(const std::string& buf) {
  std::vector<int64_t> seqs;
  // One write(2) per line, and writes this small are atomic on a pipe: every line is whole.
  for (absl::string_view line : absl::StrSplit(buf, '\n', absl::SkipEmpty())) {
    int64_t seq = 0;
    EXPECT_TRUE(absl::SimpleAtoi(line, &seq)) << "bad line from writer: " << line;
    seqs.push_back(seq);
  }
  return seqs;
}

void ExpectIntegrity(const std::string& path) {
  if (!std::filesystem::exists(path)) return;  // killed before it created the file
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  for (const char* pragma : {"PRAGMA integrity_check", "PRAGMA foreign_key_check"}) {
    sqlite3_stmt* q = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, pragma, -1, &q, nullptr), SQLITE_OK);
    std::vector<std::string> rows;
    while (sqlite3_step(q) == SQLITE_ROW) {
      rows.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)));
    }
    sqlite3_finalize(q);
    if (std::string(pragma) == "PRAGMA integrity_check") {
      EXPECT_THAT(rows, ::testing::ElementsAre("ok"));
    } else {
      EXPECT_THAT(rows, ::testing::IsEmpty());
    }
  }
  sqlite3_close(db);
}

// How far a killed writer got with a new database: 0 no file yet, 1 file without the complete
// schema and key check value (killed while creating them), 2 set up.
int SetupStage(const std::string& path) {
  if (!std::filesystem::exists(path)) return 0;
  sqlite3* db = nullptr;
  int stage = 1;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM store_meta WHERE name = 'key-check'", -1, &q,
                           nullptr) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) == 1) {
      stage = 2;
    }
    sqlite3_finalize(q);
  }
  sqlite3_close(db);
  return stage;
}

// Every task row must match the last "task-attempt" event written with it, and every task the
// writer found running after a restart was re-sent with the request id stored for it.
void ExpectTasksMatchEvents(Store& s, const std::vector<EventRecord>& events, int& resent) {
  std::map<std::string, std::string> last;          // task id → last attempt message
  std::map<std::string, std::string> last_request;  // task id → request id of that attempt
  for (const EventRecord& e : events) {
    if (e.type == "task-attempt") {
      last[e.task_id] = e.message;
      int attempts = 0;
      ASSERT_TRUE(absl::SimpleAtoi(
          absl::StripPrefix(e.message.substr(0, e.message.find(' ')), "attempts="), &attempts));
      last_request[e.task_id] = absl::StrCat("req-", e.task_id, "-", attempts);
    } else if (e.type == "task-resent") {
      resent++;
      EXPECT_THAT(last[e.task_id], ::testing::HasSubstr("state=running")) << e.task_id;
      EXPECT_EQ(e.message, "request_id=" + last_request[e.task_id]);
    }
  }
  absl::StatusOr<std::vector<TaskRecord>> tasks = s.ListTasks(kOp);
  ASSERT_THAT(tasks, IsOk());
  for (const TaskRecord& t : *tasks) {
    SCOPED_TRACE(t.task_id);
    auto it = last.find(t.task_id);
    if (it == last.end()) {
      EXPECT_EQ(t.attempts, 0);
      EXPECT_EQ(t.state, TaskState::kPending);
      EXPECT_TRUE(t.outputs.empty());
      continue;
    }
    EXPECT_EQ(it->second,
              absl::StrCat("attempts=", t.attempts, " state=", std::string(Name(t.state))));
    EXPECT_EQ(t.request_id, absl::StrCat("req-", t.task_id, "-", t.attempts));
    EXPECT_EQ(t.outputs.at("secret.token"), absl::StrCat("tok-", t.task_id, "-", t.attempts));
    EXPECT_EQ(t.outputs.at("vm"), absl::StrCat("vm-", t.attempts));
  }
}

void ExpectClusterWhole(Store& s) {
  absl::StatusOr<ClusterRecord> c = s.GetCluster("crash");
  if (c.status().code() == absl::StatusCode::kNotFound) return;
  ASSERT_THAT(c, IsOk());
  int n = 0;
  ASSERT_TRUE(absl::SimpleAtoi(absl::StripPrefix(c->spec_yaml, "n: "), &n)) << c->spec_yaml;
  EXPECT_EQ(c->kubeconfig, absl::StrCat("kubeconfig-", n));
  EXPECT_EQ(c->machines.size(), static_cast<size_t>(n % 5 + 1));
}

struct Stats {
  int64_t reported = 0;         // seqs the writer reported, all iterations
  int killed_before_first = 0;  // iterations killed before the writer reported anything
  int64_t unreported = 0;       // committed events whose report the kill prevented
  int resent = 0;               // running tasks re-sent after a restart (events in the end)
};

// Checks the store after a kill; `reported` are this run's seqs, `acknowledged` every earlier
// run's (a seq once reported must never be handed out again).
void Verify(const std::string& path, const SecretBox& box, const std::vector<int64_t>& reported,
            std::set<int64_t>& acknowledged, int64_t& last_n, Stats& stats) {
  ExpectIntegrity(path);
  absl::StatusOr<std::unique_ptr<Store>> s = OpenSqliteStore(path, box);
  ASSERT_THAT(s, IsOk());
  absl::StatusOr<OperationRecord> op = (*s)->GetOperation(kOp);
  if (!op.ok()) {
    // Killed before the operation was first created: nothing can have been reported.
    EXPECT_TRUE(acknowledged.empty() && reported.empty()) << op.status();
    return;
  }
  absl::StatusOr<std::vector<EventRecord>> events = (*s)->ListEvents(kOp, 1, 0);
  ASSERT_THAT(events, IsOk());
  const int64_t n = static_cast<int64_t>(events->size());
  for (int64_t i = 0; i < n; ++i) ASSERT_EQ((*events)[i].seq, i + 1) << "gap or duplicate";
  EXPECT_THAT((*s)->LatestSeq(kOp), eksa::testing::IsOkAndHolds(n));
  EXPECT_GE(n, last_n) << "committed events were lost";
  for (int64_t seq : reported) {
    EXPECT_LE(seq, n) << "reported seq " << seq << " is missing";
    EXPECT_TRUE(acknowledged.insert(seq).second) << "seq " << seq << " was handed out twice";
  }
  stats.unreported += n - last_n - static_cast<int64_t>(reported.size());
  last_n = n;
  stats.resent = 0;
  ExpectTasksMatchEvents(**s, *events, stats.resent);
  ExpectClusterWhole(**s);
  if (!reported.empty()) {
    absl::StatusOr<std::vector<OperationRecord>> unfinished = (*s)->ListUnfinishedOperations();
    ASSERT_THAT(unfinished, IsOk());
    ASSERT_EQ(unfinished->size(), 1u);
    EXPECT_EQ((*unfinished)[0].state, OperationState::kRunning);
  }
}

uint32_t Seed() {
  const char* env = std::getenv("EKSA_CRASH_SEED");
  uint32_t seed = kDefaultSeed;
  if (env != nullptr && !absl::SimpleAtoi(env, &seed)) seed = kDefaultSeed;
  return seed;
}

enum class KillAt {
  kStart,     // 0-45 ms after the spawn: starting, opening, resuming (its first commit comes
              // after about 20 ms on an idle machine)
  kCreation,  // 0-12 ms after the database file appears: schema, key check value, operation
  kWrites,    // 0-80 ms after its first reported commit
};

// Runs the writer on `path`, SIGKILLs it at a random moment of the phase `when` and returns the
// seqs it reported.
std::vector<int64_t> RunAndKill(const std::string& path, const std::string& key, std::mt19937& rng,
                                KillAt when) {
  Writer w = Spawn(path, key);
  EXPECT_GT(w.pid, 0);
  if (w.pid <= 0) return {};
  std::string out;
  if (when == KillAt::kStart) {
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 45'000));
  } else if (when == KillAt::kCreation) {
    for (int polls = 0; !std::filesystem::exists(path) && polls < 50'000; ++polls) {
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 12'000));
  } else {
    for (int waited = 0; out.find('\n') == std::string::npos && waited < 200; ++waited) {
      if (ReadSome(w.out, out, 100) == Read::kEof) break;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 80'000));
  }
  EXPECT_EQ(::kill(w.pid, SIGKILL), 0);
  int status = 0;
  EXPECT_EQ(::waitpid(w.pid, &status, 0), w.pid);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "writer ended on its own, status " << status;
  // The writer is gone, so the pipe ends at once; the bound only guards against a hang.
  for (int reads = 0; reads < 100'000 && ReadSome(w.out, out, 1000) == Read::kData; ++reads) {
  }
  ::close(w.out);
  return ParseSeqs(out);
}

// One database killed again and again: nothing acknowledged is lost or handed out twice.
TEST(StoreCrashTest, SigkillDuringWritesLosesNothingCommitted) {
  std::string dir = ::testing::TempDir() + "/eksa_crash_XXXXXX";
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  const std::string path = dir + "/planner.db";
  const std::string key = SecretBox::GenerateKey();
  const SecretBox box = *SecretBox::FromKey(key);
  const uint32_t seed = Seed();
  std::mt19937 rng(seed);
  std::set<int64_t> acknowledged;
  int64_t last_n = 0;
  Stats stats;
  for (int i = 0; i < kIterations && !HasFatalFailure(); ++i) {
    SCOPED_TRACE(absl::StrCat("seed ", seed, " iteration ", i));
    // One kill in four early (starting, opening, resuming), the others in the middle of writes.
    std::vector<int64_t> reported =
        RunAndKill(path, key, rng, rng() % 4 == 0 ? KillAt::kStart : KillAt::kWrites);
    stats.reported += static_cast<int64_t>(reported.size());
    if (reported.empty()) stats.killed_before_first++;
    Verify(path, box, reported, acknowledged, last_n, stats);
  }
  std::cout << "crash test: seed " << seed << ", " << kIterations << " kills, " << stats.reported
            << " seqs reported and found, " << stats.unreported << " committed but unreported, "
            << last_n << " events in the end, " << stats.killed_before_first
            << " kills before the first commit, " << stats.resent << " running tasks re-sent\n";
  EXPECT_GT(stats.reported, 0);
  std::filesystem::remove_all(dir);
}

// Fresh databases killed while the writer creates the schema, seals the key check value and
// plans its operation: every one opens afterwards and resumes.
TEST(StoreCrashTest, SigkillWhileCreatingTheStore) {
  std::string dir = ::testing::TempDir() + "/eksa_crash_XXXXXX";
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  const std::string key = SecretBox::GenerateKey();
  const SecretBox box = *SecretBox::FromKey(key);
  const uint32_t seed = Seed();
  std::mt19937 rng(seed);
  int before_first = 0;
  int stages[3] = {0, 0, 0};
  for (int i = 0; i < kFreshIterations && !HasFatalFailure(); ++i) {
    SCOPED_TRACE(absl::StrCat("seed ", seed, " database ", i));
    const std::string path = absl::StrCat(dir, "/fresh-", i, ".db");
    std::vector<int64_t> reported = RunAndKill(path, key, rng, KillAt::kCreation);
    if (reported.empty()) before_first++;
    stages[SetupStage(path)]++;
    std::set<int64_t> acknowledged;
    int64_t last_n = 0;
    Stats stats;
    Verify(path, box, reported, acknowledged, last_n, stats);
    // And a restarted writer carries on from there.
    reported = RunAndKill(path, key, rng, KillAt::kWrites);
    EXPECT_FALSE(reported.empty());
    Verify(path, box, reported, acknowledged, last_n, stats);
  }
  std::cout << "crash test: seed " << seed << ", " << kFreshIterations << " fresh stores, "
            << before_first << " killed before their first event (" << stages[0]
            << " before the file existed, " << stages[1] << " while creating the schema)\n";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace eksa::planner::store
