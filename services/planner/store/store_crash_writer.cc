// store_crash_writer DB_PATH: writes to a SQLite store as fast as it can until it is killed, the
// way a busy planner does, for store_crash_test.cc. The key comes from EKSA_STORE_KEY.
//
// On start it resumes like a restarted planner: CreateOperation with a fixed request id (returns
// the existing operation after the first run), PutTasks when the operation has none, and re-sends
// every task left running with its stored request id. Then three threads write:
//  - two task threads, each owning half of the tasks: every step moves one task between running
//    and failed with attempts+1, request id "req-<task>-<attempts>", outputs "vm" and
//    "secret.token" = "tok-<task>-<attempts>", and, in the same transaction, an event
//    "task-attempt" whose message is "attempts=<n> state=<state>";
//  - one thread appending "tick" events and replacing the cluster record (kubeconfig
//    "kubeconfig-<n>" with n+1 machines, spec "n: <n>").
// Each seq is written to stdout as "<seq>\n" with one write(2) after the call returned, so every
// line the test reads is a committed event. Exits 0 after 60 s (a safety net; the test kills it
// long before), 2 on a store error.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/planner/store/sqlite_store.h"

namespace store = eksa::planner::store;

namespace {

constexpr int kTasks = 16;
constexpr int kTaskThreads = 2;

void Report(int64_t seq) {
  std::string line = absl::StrCat(seq, "\n");
  if (::write(STDOUT_FILENO, line.data(), line.size()) < 0) _exit(3);
}

void Fail(const absl::Status& s, const char* what) {
  std::fprintf(stderr, "store_crash_writer: %s: %s\n", what, s.ToString().c_str());
  std::fflush(stderr);
  _exit(2);
}

std::string TaskId(int i) { return absl::StrCat("task-", i); }

// One step of a task: the row change and its event in one transaction.
void StepTask(store::Store& s, const std::string& op, store::TaskRecord t) {
  t.attempts++;
  t.state = t.state == store::TaskState::kRunning ? store::TaskState::kFailed
                                                  : store::TaskState::kRunning;
  t.request_id = absl::StrCat("req-", t.task_id, "-", t.attempts);
  t.outputs = {{"vm", absl::StrCat("vm-", t.attempts)},
               {"secret.token", absl::StrCat("tok-", t.task_id, "-", t.attempts)}};
  store::EventRecord e;
  e.operation_id = op;
  e.type = "task-attempt";
  e.task_id = t.task_id;
  e.message = absl::StrCat("attempts=", t.attempts, " state=", std::string(store::Name(t.state)));
  absl::StatusOr<int64_t> seq = s.UpdateTask(t, e);
  if (!seq.ok()) Fail(seq.status(), "UpdateTask");
  Report(*seq);
}

void TaskLoop(store::Store& s, const std::string& op, int thread, const std::atomic<bool>& stop) {
  for (int n = 0; !stop; ++n) {
    int i = thread + kTaskThreads * (n % (kTasks / kTaskThreads));
    absl::StatusOr<store::TaskRecord> t = s.GetTask(op, TaskId(i));
    if (!t.ok()) Fail(t.status(), "GetTask");
    StepTask(s, op, *std::move(t));
  }
}

void TickLoop(store::Store& s, const std::string& op, const std::atomic<bool>& stop) {
  for (int n = 0; !stop; ++n) {
    store::EventRecord e;
    e.operation_id = op;
    e.type = "tick";
    absl::StatusOr<int64_t> seq = s.AppendEvent(e);
    if (!seq.ok()) Fail(seq.status(), "AppendEvent");
    Report(*seq);
    store::ClusterRecord c;
    c.name = "crash";
    c.spec_yaml = absl::StrCat("n: ", n);
    c.kubeconfig = absl::StrCat("kubeconfig-", n);
    for (int m = 0; m <= n % 5; ++m) c.machines.push_back({.name = absl::StrCat("m-", m)});
    if (absl::Status st = s.PutCluster(c); !st.ok()) Fail(st, "PutCluster");
  }
}

// What a restarted planner does before scheduling: find or create the operation, plan it once,
// and re-send running tasks with their stored request ids.
std::string Resume(store::Store& s) {
  store::OperationRecord want{.id = "op-crash",
                              .request_id = "crash-request",
                              .cluster_name = "crash",
                              .spec_yaml = "kind: Cluster\n"};
  absl::StatusOr<store::CreateOperationResult> op = s.CreateOperation(want);
  if (!op.ok()) Fail(op.status(), "CreateOperation");
  const std::string id = op->operation.id;
  if (op->operation.state == store::OperationState::kPending) {
    store::EventRecord e{.operation_id = id, .type = "operation-state", .message = "running"};
    absl::StatusOr<int64_t> seq =
        s.UpdateOperationState(id, store::OperationState::kRunning, absl::OkStatus(), e);
    if (!seq.ok()) Fail(seq.status(), "UpdateOperationState");
    Report(*seq);
  }
  absl::StatusOr<std::vector<store::TaskRecord>> tasks = s.ListTasks(id);
  if (!tasks.ok()) Fail(tasks.status(), "ListTasks");
  if (tasks->empty()) {
    std::vector<store::TaskRecord> plan;
    for (int i = 0; i < kTasks; ++i) plan.push_back({.task_id = TaskId(i), .kind = "crash"});
    if (absl::Status st = s.PutTasks(id, plan); !st.ok()) Fail(st, "PutTasks");
  }
  for (const store::TaskRecord& t : *tasks) {
    if (t.state != store::TaskState::kRunning) continue;
    store::EventRecord e{.operation_id = id,
                         .type = "task-resent",
                         .task_id = t.task_id,
                         .message = absl::StrCat("request_id=", t.request_id)};
    absl::StatusOr<int64_t> seq = s.AppendEvent(e);
    if (!seq.ok()) Fail(seq.status(), "AppendEvent");
    Report(*seq);
  }
  return id;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: store_crash_writer DB_PATH  (key in EKSA_STORE_KEY)\n");
    return 64;
  }
  absl::StatusOr<store::SecretBox> box = store::SecretBox::FromEnv();
  if (!box.ok()) Fail(box.status(), "key");
  absl::StatusOr<std::unique_ptr<store::Store>> s = store::OpenSqliteStore(argv[1], *box);
  if (!s.ok()) Fail(s.status(), "open");
  const std::string op = Resume(**s);

  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kTaskThreads; ++t) {
    threads.emplace_back([&, t] { TaskLoop(**s, op, t, stop); });
  }
  threads.emplace_back([&] { TickLoop(**s, op, stop); });
  std::this_thread::sleep_for(std::chrono::seconds(60));
  stop = true;
  for (std::thread& t : threads) t.join();
  return 0;
}
