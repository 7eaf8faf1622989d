// The SQLite store: records, filters, idempotency, event seqs, transitions, secrets at rest,
// keys and schema versions.
#include "services/planner/store/sqlite_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/common/clock.h"
#include "services/planner/store/schema.h"
#include "tests/testing/status_matchers.h"

namespace eksa::planner::store {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;
using ::testing::SizeIs;

constexpr char kKeyA[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
constexpr char kKeyB[] = "1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100";

// Runs SQL on the file directly, as an attacker or an older/newer binary would.
void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err != nullptr ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = ::testing::TempDir() + "/eksa_store_XXXXXX";
    ASSERT_NE(::mkdtemp(dir.data()), nullptr);
    dir_ = dir;
    path_ = dir_ + "/planner.db";
    store_ = Open(kKeyA);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<Store> Open(const std::string& key) {
    absl::StatusOr<std::unique_ptr<Store>> s =
        OpenSqliteStore(path_, *SecretBox::FromKey(key), {.clock = &clock_});
    EXPECT_THAT(s, IsOk());
    return s.ok() ? *std::move(s) : nullptr;
  }

  OperationRecord Op(std::string id, std::string cluster = "homelab",
                     OperationState state = OperationState::kPending) {
    return {.id = id,
            .request_id = "req-" + id,
            .cluster_name = cluster,
            .state = state,
            .spec_yaml = "kind: Cluster\nname: " + cluster + "\n",
            .spec_file = "homelab.yaml",
            .options = "per-machine-wait=10m\n"};
  }

  void Create(const OperationRecord& op) {
    ASSERT_THAT(store_->CreateOperation(op),
                IsOkAndHolds(Field(&CreateOperationResult::created, true)));
  }

  EventRecord Event(std::string op, std::string message) {
    return {.operation_id = op, .type = "test", .message = message};
  }

  FakeClock clock_{absl::FromUnixSeconds(1'800'000'000)};
  std::string dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteStoreTest, CreateAndGetOperation) {
  OperationRecord op = Op("op-1");
  op.type = OperationType::kUpgrade;
  Create(op);
  absl::StatusOr<OperationRecord> got = store_->GetOperation("op-1");
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->request_id, "req-op-1");
  EXPECT_EQ(got->type, OperationType::kUpgrade);
  EXPECT_EQ(got->cluster_name, "homelab");
  EXPECT_EQ(got->state, OperationState::kPending);
  EXPECT_EQ(got->spec_yaml, op.spec_yaml);
  EXPECT_EQ(got->spec_file, "homelab.yaml");
  EXPECT_EQ(got->options, "per-machine-wait=10m\n");
  EXPECT_THAT(got->error, IsOk());
  EXPECT_EQ(got->created, clock_.Now());
  EXPECT_EQ(got->updated, clock_.Now());
  EXPECT_THAT(store_->GetOperationByRequestId("req-op-1"),
              IsOkAndHolds(Field(&OperationRecord::id, "op-1")));
  EXPECT_THAT(store_->GetOperation("op-2"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("op-2")));
  EXPECT_THAT(store_->GetOperationByRequestId("nope"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nope")));
  EXPECT_THAT(store_->CreateOperation({.id = "x"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("request id")));
}

TEST_F(SqliteStoreTest, CreateOperationIsIdempotentByRequestId) {
  Create(Op("op-1"));
  // A retried StartOperation proposes a fresh id; the first operation comes back.
  OperationRecord retry = Op("op-1b");
  retry.request_id = "req-op-1";
  absl::StatusOr<CreateOperationResult> again = store_->CreateOperation(retry);
  ASSERT_THAT(again, IsOk());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->operation.id, "op-1");
  EXPECT_THAT(store_->GetOperation("op-1b"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("op-1b")));

  OperationRecord other_options = retry;
  other_options.options = "skip-ip-check=true\n";
  EXPECT_THAT(store_->CreateOperation(other_options),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("used by operation op-1")));
  retry.spec_yaml = "kind: Cluster\nname: other\n";
  EXPECT_THAT(store_->CreateOperation(retry),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("used by operation op-1")));
  OperationRecord same_id = Op("op-1");
  same_id.request_id = "req-other";
  EXPECT_THAT(
      store_->CreateOperation(same_id),
      StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("operation op-1 already exists")));
  EXPECT_THAT(store_->ListOperations({}), IsOkAndHolds(SizeIs(1)));
}

TEST_F(SqliteStoreTest, ListOperationsFilters) {
  Create(Op("a1", "alpha", OperationState::kRunning));
  clock_.Advance(absl::Seconds(1));
  Create(Op("b1", "beta", OperationState::kPending));
  clock_.Advance(absl::Seconds(1));
  Create(Op("a2", "alpha", OperationState::kPending));
  clock_.Advance(absl::Seconds(1));
  Create(Op("a3", "alpha", OperationState::kRunning));
  ASSERT_THAT(store_->UpdateOperationState("a3", OperationState::kSucceeded, absl::OkStatus(),
                                           std::nullopt),
              IsOk());

  auto ids = [](const absl::StatusOr<std::vector<OperationRecord>>& ops) {
    std::vector<std::string> out;
    for (const OperationRecord& op : *ops) out.push_back(op.id);
    return out;
  };
  EXPECT_THAT(ids(store_->ListOperations({})), ElementsAre("a1", "b1", "a2", "a3"));
  EXPECT_THAT(ids(store_->ListOperations({.cluster_name = "alpha"})),
              ElementsAre("a1", "a2", "a3"));
  EXPECT_THAT(ids(store_->ListOperations({.state = OperationState::kPending})),
              ElementsAre("b1", "a2"));
  EXPECT_THAT(
      ids(store_->ListOperations({.state = OperationState::kRunning, .cluster_name = "alpha"})),
      ElementsAre("a1"));
  EXPECT_THAT(ids(store_->ListOperations({.cluster_name = "gamma"})), IsEmpty());
  EXPECT_THAT(ids(store_->ListUnfinishedOperations()), ElementsAre("a1", "b1", "a2"));
}

TEST_F(SqliteStoreTest, OperationStateTransitionsAndTheirEvents) {
  Create(Op("op"));
  clock_.Advance(absl::Minutes(1));
  EXPECT_THAT(store_->UpdateOperationState("op", OperationState::kRunning, absl::OkStatus(),
                                           Event("op", "started")),
              IsOkAndHolds(1));
  absl::Status failure = absl::UnavailableError("vCenter 10.0.0.5 unreachable");
  EXPECT_THAT(
      store_->UpdateOperationState("op", OperationState::kFailed, failure, Event("", "failed")),
      IsOkAndHolds(2));
  absl::StatusOr<OperationRecord> op = store_->GetOperation("op");
  ASSERT_THAT(op, IsOk());
  EXPECT_EQ(op->state, OperationState::kFailed);
  EXPECT_EQ(op->error, failure);
  EXPECT_EQ(op->updated, clock_.Now());
  EXPECT_LT(op->created, op->updated);

  // Resume, then finish: the error is cleared.
  EXPECT_THAT(
      store_->UpdateOperationState("op", OperationState::kRunning, absl::OkStatus(), std::nullopt),
      IsOkAndHolds(0));
  ASSERT_THAT(store_->UpdateOperationState("op", OperationState::kSucceeded, absl::OkStatus(),
                                           std::nullopt),
              IsOk());
  EXPECT_THAT(store_->GetOperation("op"),
              IsOkAndHolds(Field(&OperationRecord::error, absl::OkStatus())));

  // A forbidden transition writes nothing, its event included.
  EXPECT_THAT(
      store_->UpdateOperationState("op", OperationState::kRunning, absl::OkStatus(),
                                   Event("op", "x")),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("from succeeded to running")));
  EXPECT_THAT(store_->LatestSeq("op"), IsOkAndHolds(2));
  EXPECT_THAT(store_->UpdateOperationState("nope", OperationState::kRunning, absl::OkStatus(),
                                           std::nullopt),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nope")));
}

TEST_F(SqliteStoreTest, StateChangeAndEventAreOneTransaction) {
  Create(Op("op"));
  Create(Op("other"));
  // The event names another operation: the whole call fails and the state stays.
  EXPECT_THAT(store_->UpdateOperationState("op", OperationState::kRunning, absl::OkStatus(),
                                           Event("other", "x")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("other")));
  EXPECT_THAT(store_->GetOperation("op"),
              IsOkAndHolds(Field(&OperationRecord::state, OperationState::kPending)));
  ASSERT_THAT(store_->PutTasks("op", {{.task_id = "t"}}), IsOk());
  TaskRecord t{.operation_id = "op", .task_id = "t", .state = TaskState::kRunning, .attempts = 1};
  EXPECT_THAT(store_->UpdateTask(t, Event("other", "x")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("other")));
  EXPECT_THAT(store_->GetTask("op", "t"),
              IsOkAndHolds(Field(&TaskRecord::state, TaskState::kPending)));
  EXPECT_THAT(store_->LatestSeq("op"), IsOkAndHolds(0));
  EXPECT_THAT(store_->LatestSeq("other"), IsOkAndHolds(0));
}

TEST_F(SqliteStoreTest, PutTasksOnceInPlanOrder) {
  Create(Op("op"));
  std::vector<TaskRecord> plan = {
      {.task_id = "validate-spec", .kind = "validate-spec", .pool = "local"},
      {.task_id = "create-vm[cp-0]",
       .kind = "create-vm",
       .pool = "vsphere:vc1",
       .outputs = {{"template", "ubuntu-2204"}}},
      {.task_id = "generate-pki", .kind = "generate-pki"},
  };
  ASSERT_THAT(store_->PutTasks("op", plan), IsOk());
  absl::StatusOr<std::vector<TaskRecord>> tasks = store_->ListTasks("op");
  ASSERT_THAT(tasks, IsOk());
  ASSERT_THAT(*tasks, SizeIs(3));
  EXPECT_EQ((*tasks)[0].task_id, "validate-spec");
  EXPECT_EQ((*tasks)[1].task_id, "create-vm[cp-0]");
  EXPECT_EQ((*tasks)[1].pool, "vsphere:vc1");
  EXPECT_EQ((*tasks)[1].operation_id, "op");
  EXPECT_THAT((*tasks)[1].outputs, ElementsAre(Pair("template", "ubuntu-2204")));
  EXPECT_EQ((*tasks)[2].task_id, "generate-pki");
  EXPECT_EQ((*tasks)[2].state, TaskState::kPending);
  EXPECT_FALSE((*tasks)[2].started.has_value());

  EXPECT_THAT(store_->PutTasks("op", plan),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("op")));
  Create(Op("op2"));
  EXPECT_THAT(store_->PutTasks("op2", {{.task_id = "a"}, {.task_id = "a"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"a\"")));
  EXPECT_THAT(store_->ListTasks("op2"), IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(store_->PutTasks("nope", plan),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nope")));
  EXPECT_THAT(store_->ListTasks("nope"), StatusIs(absl::StatusCode::kNotFound, HasSubstr("nope")));
}

TEST_F(SqliteStoreTest, UpdateTaskTransitionsAttemptsAndOutputs) {
  Create(Op("op"));
  ASSERT_THAT(
      store_->PutTasks(
          "op", {{.task_id = "create-vm[cp-0]", .kind = "create-vm", .pool = "vsphere:vc1"}}),
      IsOk());
  absl::Time start = clock_.Now();
  TaskRecord t{.operation_id = "op",
               .task_id = "create-vm[cp-0]",
               .kind = "ignored",
               .state = TaskState::kRunning,
               .attempts = 1,
               .request_id = "op/create-vm[cp-0]/1",
               .agent_id = "vsphere-agent-0",
               .started = start};
  EXPECT_THAT(store_->UpdateTask(t, Event("op", "Creating VM")), IsOkAndHolds(1));

  t.state = TaskState::kFailed;
  t.last_error = absl::UnavailableError("agent gone");
  t.outputs = {{"vm-moref", "vm-42"}, {"secret.join-token", "abcdef.0123456789abcdef"}};
  EXPECT_THAT(store_->UpdateTask(t, std::nullopt), IsOkAndHolds(0));
  t.state = TaskState::kRunning;
  t.attempts = 2;
  t.request_id = "op/create-vm[cp-0]/2";
  t.last_error = absl::OkStatus();
  t.outputs = {{"vm-moref", "vm-43"}};
  ASSERT_THAT(store_->UpdateTask(t, std::nullopt), IsOk());
  t.state = TaskState::kSucceeded;
  t.finished = start + absl::Seconds(90);
  t.outputs["ip"] = "10.0.0.21";
  EXPECT_THAT(store_->UpdateTask(t, Event("op", "Created VM")), IsOkAndHolds(2));

  absl::StatusOr<TaskRecord> got = store_->GetTask("op", "create-vm[cp-0]");
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->state, TaskState::kSucceeded);
  EXPECT_EQ(got->kind, "create-vm");  // kept from the plan
  EXPECT_EQ(got->pool, "vsphere:vc1");
  EXPECT_EQ(got->attempts, 2);
  EXPECT_EQ(got->request_id, "op/create-vm[cp-0]/2");
  EXPECT_EQ(got->agent_id, "vsphere-agent-0");
  EXPECT_THAT(got->last_error, IsOk());
  EXPECT_EQ(got->started, start);
  EXPECT_EQ(got->finished, start + absl::Seconds(90));
  EXPECT_THAT(got->outputs, ElementsAre(Pair("ip", "10.0.0.21"), Pair("vm-moref", "vm-43")));

  t.state = TaskState::kRunning;
  EXPECT_THAT(
      store_->UpdateTask(t, Event("op", "x")),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("from succeeded to running")));
  EXPECT_THAT(store_->LatestSeq("op"), IsOkAndHolds(2));
  t.task_id = "nope";
  EXPECT_THAT(store_->UpdateTask(t, std::nullopt),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nope")));
  EXPECT_THAT(store_->GetTask("op", "nope"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nope")));
}

TEST_F(SqliteStoreTest, EventsFromSeqAndLimit) {
  Create(Op("op"));
  Create(Op("other"));
  EXPECT_THAT(store_->LatestSeq("op"), IsOkAndHolds(0));
  for (int i = 1; i <= 10; ++i) {
    EventRecord e{.operation_id = "op",
                  .type = "task-finished",
                  .task_id = "generate-pki",
                  .message = absl::StrCat("event ", i),
                  .code = absl::StatusCode::kUnavailable,
                  .duration = absl::Milliseconds(1500),
                  .level = 4};
    if (i == 1) e.time = absl::FromUnixSeconds(1'700'000'000);
    EXPECT_THAT(store_->AppendEvent(e), IsOkAndHolds(i));
    clock_.Advance(absl::Seconds(1));
  }
  EXPECT_THAT(store_->AppendEvent(Event("other", "first")), IsOkAndHolds(1));  // per operation
  EXPECT_THAT(store_->LatestSeq("op"), IsOkAndHolds(10));

  absl::StatusOr<std::vector<EventRecord>> all = store_->ListEvents("op", 1, 0);
  ASSERT_THAT(all, IsOk());
  ASSERT_THAT(*all, SizeIs(10));
  const EventRecord& e = (*all)[0];
  EXPECT_EQ(e.operation_id, "op");
  EXPECT_EQ(e.seq, 1);
  EXPECT_EQ(e.time, absl::FromUnixSeconds(1'700'000'000));
  EXPECT_EQ((*all)[1].time, absl::FromUnixSeconds(1'800'000'001));  // stamped by the store
  EXPECT_EQ(e.type, "task-finished");
  EXPECT_EQ(e.task_id, "generate-pki");
  EXPECT_EQ(e.message, "event 1");
  EXPECT_EQ(e.code, absl::StatusCode::kUnavailable);
  EXPECT_EQ(e.duration, absl::Milliseconds(1500));
  EXPECT_EQ(e.level, 4);

  auto seqs = [](const absl::StatusOr<std::vector<EventRecord>>& events) {
    std::vector<int64_t> out;
    for (const EventRecord& ev : *events) out.push_back(ev.seq);
    return out;
  };
  EXPECT_THAT(seqs(store_->ListEvents("op", 8, 0)), ElementsAre(8, 9, 10));
  EXPECT_THAT(seqs(store_->ListEvents("op", 3, 2)), ElementsAre(3, 4));
  EXPECT_THAT(seqs(store_->ListEvents("op", 0, 1)), ElementsAre(1));
  EXPECT_THAT(seqs(store_->ListEvents("op", 11, 5)), IsEmpty());
  EXPECT_THAT(store_->ListEvents("op", 1, -1),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("limit")));
  EXPECT_THAT(store_->ListEvents("nope", 1, 0),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nope")));
  EXPECT_THAT(store_->AppendEvent(Event("nope", "x")),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nope")));
  EXPECT_THAT(store_->LatestSeq("nope"), StatusIs(absl::StatusCode::kNotFound, HasSubstr("nope")));
}

TEST_F(SqliteStoreTest, ConcurrentAppendsGetDenseMonotonicSeqs) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100;
  Create(Op("op"));
  std::vector<std::vector<int64_t>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        absl::StatusOr<int64_t> seq = store_->AppendEvent(Event("op", absl::StrCat(t, "/", i)));
        ASSERT_THAT(seq, IsOk());
        got[t].push_back(*seq);
      }
    });
  }
  for (std::thread& t : threads) t.join();

  std::set<int64_t> all;
  for (const std::vector<int64_t>& seqs : got) {
    ASSERT_THAT(seqs, SizeIs(kPerThread));
    for (size_t i = 1; i < seqs.size(); ++i) EXPECT_LT(seqs[i - 1], seqs[i]);
    all.insert(seqs.begin(), seqs.end());
  }
  ASSERT_EQ(all.size(), size_t{kThreads * kPerThread});  // no duplicates
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), kThreads * kPerThread);  // no gaps
  absl::StatusOr<std::vector<EventRecord>> events = store_->ListEvents("op", 1, 0);
  ASSERT_THAT(events, IsOk());
  ASSERT_THAT(*events, SizeIs(kThreads * kPerThread));
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      EXPECT_EQ((*events)[got[t][i] - 1].message, absl::StrCat(t, "/", i));
    }
  }
}

TEST_F(SqliteStoreTest, ClusterRecords) {
  ClusterRecord c{.name = "homelab",
                  .spec_yaml = "kind: Cluster\n",
                  .machines = {{.name = "homelab-cp-0",
                                .role = MachineRole::kControlPlane,
                                .vm_path = "/dc/vm/homelab/homelab-cp-0",
                                .moref = "vm-1",
                                .ip = "10.0.0.10"},
                               {.name = "homelab-md-0-0",
                                .role = MachineRole::kWorker,
                                .node_group = "md-0",
                                .moref = "vm-2"}},
                  .kubeconfig = "apiVersion: v1\nkind: Config\n"};
  ASSERT_THAT(store_->PutCluster(c), IsOk());
  absl::StatusOr<ClusterRecord> got = store_->GetCluster("homelab");
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->spec_yaml, c.spec_yaml);
  EXPECT_EQ(got->kubeconfig, c.kubeconfig);
  EXPECT_EQ(got->updated, clock_.Now());
  ASSERT_THAT(got->machines, SizeIs(2));
  EXPECT_EQ(got->machines[0].name, "homelab-cp-0");
  EXPECT_EQ(got->machines[0].role, MachineRole::kControlPlane);
  EXPECT_EQ(got->machines[0].vm_path, "/dc/vm/homelab/homelab-cp-0");
  EXPECT_EQ(got->machines[0].moref, "vm-1");
  EXPECT_EQ(got->machines[0].ip, "10.0.0.10");
  EXPECT_EQ(got->machines[1].node_group, "md-0");

  // Replacing drops machines that are gone; an empty kubeconfig stays empty.
  c.machines.pop_back();
  c.kubeconfig.clear();
  ASSERT_THAT(store_->PutCluster(c), IsOk());
  ASSERT_THAT(store_->PutCluster({.name = "another"}), IsOk());
  absl::StatusOr<std::vector<ClusterRecord>> all = store_->ListClusters();
  ASSERT_THAT(all, IsOk());
  ASSERT_THAT(*all, SizeIs(2));
  EXPECT_EQ((*all)[0].name, "another");
  EXPECT_EQ((*all)[1].name, "homelab");
  EXPECT_THAT((*all)[1].machines, SizeIs(1));
  EXPECT_EQ((*all)[1].kubeconfig, "");

  ASSERT_THAT(store_->DeleteCluster("homelab"), IsOk());
  EXPECT_THAT(store_->GetCluster("homelab"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("homelab")));
  EXPECT_THAT(store_->DeleteCluster("homelab"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("homelab")));
  EXPECT_THAT(store_->PutCluster({}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name")));
}

TEST_F(SqliteStoreTest, SecretsAreEncryptedAtRest) {
  const std::string kubeconfig = "client-key-data: KUBECONFIG-PLAINTEXT-7f3a9c";
  const std::string token = "JOIN-TOKEN-PLAINTEXT-51be02";
  const std::string visible = "VISIBLE-OUTPUT-c0ffee";
  ASSERT_THAT(store_->PutCluster({.name = "homelab", .kubeconfig = kubeconfig}), IsOk());
  Create(Op("op"));
  ASSERT_THAT(
      store_->PutTasks("op", {{.task_id = "generate-pki",
                               .outputs = {{"secret.join-token", token}, {"ca-hash", visible}}}}),
      IsOk());

  auto raw = [&] { return ReadFile(path_) + ReadFile(path_ + "-wal"); };
  std::string while_open = raw();
  EXPECT_THAT(while_open, HasSubstr(visible));  // the search does find what is stored in clear
  EXPECT_THAT(while_open, Not(HasSubstr("KUBECONFIG-PLAINTEXT")));
  EXPECT_THAT(while_open, Not(HasSubstr(token)));
  store_.reset();  // checkpoints the WAL into the main file
  std::string closed = raw();
  EXPECT_THAT(closed, HasSubstr(visible));
  EXPECT_THAT(closed, Not(HasSubstr("KUBECONFIG-PLAINTEXT")));
  EXPECT_THAT(closed, Not(HasSubstr(token)));

  store_ = Open(kKeyA);
  EXPECT_THAT(store_->GetCluster("homelab"),
              IsOkAndHolds(Field(&ClusterRecord::kubeconfig, kubeconfig)));
  absl::StatusOr<TaskRecord> t = store_->GetTask("op", "generate-pki");
  ASSERT_THAT(t, IsOk());
  EXPECT_THAT(t->outputs, ElementsAre(Pair("ca-hash", visible), Pair("secret.join-token", token)));
}

TEST_F(SqliteStoreTest, StoreFilesArePrivate) {
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  ASSERT_EQ(::stat((path_ + "-wal").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
}

TEST_F(SqliteStoreTest, WrongKeyFailsClearly) {
  ASSERT_THAT(store_->PutCluster({.name = "homelab", .kubeconfig = "secret"}), IsOk());
  store_.reset();
  absl::StatusOr<std::unique_ptr<Store>> wrong = OpenSqliteStore(path_, *SecretBox::FromKey(kKeyB));
  EXPECT_THAT(wrong, StatusIs(absl::StatusCode::kPermissionDenied,
                              HasSubstr("not the key this store was created with")));
  EXPECT_THAT(std::string(wrong.status().message()), Not(HasSubstr(kKeyA)));
  EXPECT_THAT(std::string(wrong.status().message()), Not(HasSubstr(kKeyB)));
  store_ = Open(kKeyA);
  EXPECT_THAT(store_->GetCluster("homelab"),
              IsOkAndHolds(Field(&ClusterRecord::kubeconfig, "secret")));
}

TEST_F(SqliteStoreTest, CiphertextMovedToAnotherRecordDoesNotOpen) {
  ASSERT_THAT(store_->PutCluster({.name = "a", .kubeconfig = "kubeconfig of a"}), IsOk());
  ASSERT_THAT(store_->PutCluster({.name = "b", .kubeconfig = "kubeconfig of b"}), IsOk());
  Create(Op("op"));
  ASSERT_THAT(store_->PutTasks("op", {{.task_id = "t1", .outputs = {{"secret.x", "one"}}},
                                      {.task_id = "t2", .outputs = {{"secret.x", "two"}}}}),
              IsOk());
  RawExec(path_,
          "UPDATE clusters SET kubeconfig = (SELECT kubeconfig FROM clusters WHERE name = 'a') "
          "WHERE name = 'b';"
          "UPDATE task_outputs SET value = (SELECT value FROM task_outputs WHERE task_id = 't1') "
          "WHERE task_id = 't2';"
          "UPDATE task_outputs SET secret = 0 WHERE task_id = 't1';");
  EXPECT_THAT(store_->GetCluster("a"),
              IsOkAndHolds(Field(&ClusterRecord::kubeconfig, "kubeconfig of a")));
  EXPECT_THAT(store_->GetCluster("b"),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("does not authenticate")));
  EXPECT_THAT(store_->ListClusters(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("does not authenticate")));
  EXPECT_THAT(store_->GetTask("op", "t2"),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("does not authenticate")));
  // Clearing the flag does not turn a sealed value into a plain one.
  EXPECT_THAT(store_->GetTask("op", "t1"),
              IsOkAndHolds(Field(&TaskRecord::outputs, ElementsAre(Pair("secret.x", "one")))));
}

TEST_F(SqliteStoreTest, SchemaVersionIsRecordedAndANewerOneIsRefused) {
  // (rows, highest version) of schema_version, read directly.
  auto versions = [&] {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT COUNT(*), MAX(version) FROM schema_version", -1, &q,
                                 nullptr),
              SQLITE_OK);
    EXPECT_EQ(sqlite3_step(q), SQLITE_ROW);
    std::pair<int, int> out = {sqlite3_column_int(q, 0), sqlite3_column_int(q, 1)};
    sqlite3_finalize(q);
    sqlite3_close(db);
    return out;
  };
  const int latest = internal::LatestSchemaVersion();
  store_.reset();
  EXPECT_EQ(versions(), std::make_pair(latest, latest));
  store_ = Open(kKeyA);
  store_.reset();
  EXPECT_EQ(versions(), std::make_pair(latest, latest));  // reopening migrates nothing

  RawExec(path_, "INSERT INTO schema_version (version, applied_at_us) VALUES (99, 0)");
  EXPECT_THAT(
      OpenSqliteStore(path_, *SecretBox::FromKey(kKeyA)),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("schema version 99 is newer")));
}

TEST_F(SqliteStoreTest, NotADatabaseIsDataLoss) {
  std::string path = dir_ + "/garbage.db";
  std::ofstream(path) << std::string(8192, 'x');
  EXPECT_THAT(OpenSqliteStore(path, *SecretBox::FromKey(kKeyA)),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("not a database")));
}

TEST_F(SqliteStoreTest, DataSurvivesReopen) {
  Create(Op("op", "homelab", OperationState::kRunning));
  ASSERT_THAT(
      store_->PutTasks(
          "op",
          {{.task_id = "t", .state = TaskState::kRunning, .attempts = 1, .request_id = "op/t/1"}}),
      IsOk());
  ASSERT_THAT(store_->AppendEvent(Event("op", "one")), IsOk());
  store_.reset();
  store_ = Open(kKeyA);
  absl::StatusOr<std::vector<OperationRecord>> unfinished = store_->ListUnfinishedOperations();
  ASSERT_THAT(unfinished, IsOk());
  ASSERT_THAT(*unfinished, SizeIs(1));
  // What a restarted planner re-sends: the running task with its stored request id.
  EXPECT_THAT(store_->GetTask("op", "t"), IsOkAndHolds(Field(&TaskRecord::request_id, "op/t/1")));
  EXPECT_THAT(store_->AppendEvent(Event("op", "two")), IsOkAndHolds(2));
}

}  // namespace
}  // namespace eksa::planner::store
