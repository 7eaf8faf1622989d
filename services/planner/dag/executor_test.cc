#include "services/planner/dag/executor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/planner/dag/executor_test_util.h"
#include "tests/testing/status_matchers.h"

namespace eksa::planner::dag {
namespace {

using ::eksa::planner::dag::testing::Event;
using ::eksa::planner::dag::testing::LambdaRunner;
using ::eksa::planner::dag::testing::MakeGraph;
using ::eksa::planner::dag::testing::RecordingObserver;
using ::eksa::planner::dag::testing::Spec;
using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;
using ::testing::UnorderedElementsAreArray;

constexpr absl::Duration kWait = absl::Seconds(10);  // only reached when the executor is broken

// Start and finish of each task on a shared sequence counter (a total order of the events).
class Timeline {
 public:
  void Start(const std::string& id) { Set(start_, id); }
  void Finish(const std::string& id) { Set(finish_, id); }
  int start(const std::string& id) { return Get(start_, id); }
  int finish(const std::string& id) { return Get(finish_, id); }

 private:
  void Set(std::map<std::string, int>& m, const std::string& id) {
    absl::MutexLock lock(&mu_);
    EXPECT_FALSE(m.contains(id)) << id << " ran twice";
    m[id] = next_++;
  }
  int Get(std::map<std::string, int>& m, const std::string& id) {
    absl::MutexLock lock(&mu_);
    return m.contains(id) ? m[id] : -1;
  }
  absl::Mutex mu_;
  int next_ = 0;
  std::map<std::string, int> start_, finish_;
};

TEST(ExecutorTest, OrderRespectsEdgesAndObserverSeesCausalOrder) {
  const std::vector<std::pair<std::string, std::string>> edges = {
      {"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}, {"d", "e"}};
  Graph g = MakeGraph({Spec("e"), Spec("d"), Spec("c"), Spec("b"), Spec("a"), Spec("f")}, edges);
  Timeline timeline;
  LambdaRunner runner([&](const TaskSpec& spec, TaskContext&) -> absl::StatusOr<TaskOutputs> {
    timeline.Start(spec.id);
    absl::SleepFor(absl::Milliseconds(2));
    timeline.Finish(spec.id);
    return TaskOutputs{};
  });
  RecordingObserver observer;
  Cancellation cancel;
  EXPECT_THAT(Executor().Run(g, "op", {}, runner, observer, cancel), IsOk());
  EXPECT_THAT(observer.started(), UnorderedElementsAre("a", "b", "c", "d", "e", "f"));
  for (const auto& [before, after] : edges) {
    EXPECT_LT(timeline.finish(before), timeline.start(after)) << before << " -> " << after;
    EXPECT_LT(observer.Position(Event::kFinished, before),
              observer.Position(Event::kStarted, after))
        << before << " -> " << after;
  }
  std::vector<Event> events = observer.events();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().kind, Event::kOperation);
  EXPECT_THAT(events.back().status, IsOk());
}

TEST(ExecutorTest, IndependentTasksRunInParallel) {
  constexpr int kTasks = 4;
  std::vector<TaskSpec> specs;
  for (int i = 0; i < kTasks; ++i) specs.push_back(Spec("vm-" + std::to_string(i), "vsphere:vc"));
  Graph g = MakeGraph(specs, {});
  absl::Mutex mu;
  int running = 0;
  std::map<std::string, std::pair<absl::Time, absl::Time>> intervals;
  LambdaRunner runner([&](const TaskSpec& spec, TaskContext&) -> absl::StatusOr<TaskOutputs> {
    absl::MutexLock lock(&mu);
    const absl::Time start = absl::Now();
    ++running;
    // Hold until every task is running: a serialising executor never gets there (and fails).
    mu.AwaitWithTimeout(absl::Condition(
                            +[](int* n) { return *n == kTasks; }, &running),
                        kWait);
    mu.Unlock();
    absl::SleepFor(absl::Milliseconds(20));
    mu.Lock();
    intervals[spec.id] = {start, absl::Now()};
    return TaskOutputs{};
  });
  RecordingObserver observer;
  Cancellation cancel;
  ExecutorOptions options;
  options.pool_limits["vsphere:vc"] = kTasks;
  EXPECT_THAT(Executor(options).Run(g, "op", {}, runner, observer, cancel), IsOk());
  ASSERT_EQ(intervals.size(), static_cast<size_t>(kTasks));
  for (const auto& [a, ia] : intervals) {
    for (const auto& [b, ib] : intervals) {
      EXPECT_LT(ia.first, ib.second) << a << " starts after " << b << " finished";
    }
  }
}

TEST(ExecutorTest, PoolLimitsAreReachedAndNeverExceeded) {
  const std::map<std::string, int> limits = {{"vsphere:a", 3}, {"vsphere:b", 2}, {"local", 1}};
  std::vector<TaskSpec> specs;
  for (const auto& [pool, limit] : limits) {
    for (int i = 0; i < 3 * limit; ++i) {
      specs.push_back(Spec(pool.substr(pool.find(':') + 1) + "-" + std::to_string(i), pool));
    }
  }
  Graph g = MakeGraph(specs, {});
  absl::Mutex mu;
  std::map<std::string, int> current, most;
  LambdaRunner runner([&](const TaskSpec& spec, TaskContext&) -> absl::StatusOr<TaskOutputs> {
    absl::MutexLock lock(&mu);
    most[spec.pool] = std::max(most[spec.pool], ++current[spec.pool]);
    // Hold until the pool has been full once, so reaching the limit does not depend on timing.
    const int limit = limits.at(spec.pool);
    std::pair<int*, int> full{&most[spec.pool], limit};
    mu.AwaitWithTimeout(absl::Condition(
                            +[](std::pair<int*, int>* p) { return *p->first >= p->second; }, &full),
                        kWait);
    mu.Unlock();
    absl::SleepFor(absl::Milliseconds(3));
    mu.Lock();
    --current[spec.pool];
    return TaskOutputs{};
  });
  RecordingObserver observer;
  Cancellation cancel;
  ExecutorOptions options;
  options.pool_limits = {{"vsphere:a", 3}, {"vsphere:b", 2}};
  options.default_pool_limit = 1;  // "local"
  EXPECT_THAT(Executor(options).Run(g, "op", {}, runner, observer, cancel), IsOk());
  EXPECT_EQ(observer.started().size(), specs.size());
  EXPECT_EQ(most, limits);
}

// Two operations at once on one Executor share the pool's limit: together they reach it and
// never exceed it.
TEST(ExecutorTest, PoolLimitsHoldAcrossConcurrentRuns) {
  constexpr int kLimit = 2;
  std::vector<TaskSpec> specs;
  for (int i = 0; i < 4; ++i) specs.push_back(Spec("vm-" + std::to_string(i), "vsphere:vc"));
  const Graph g = MakeGraph(specs, {});
  absl::Mutex mu;
  int current = 0, most = 0;
  LambdaRunner runner([&](const TaskSpec&, TaskContext&) -> absl::StatusOr<TaskOutputs> {
    {
      absl::MutexLock lock(&mu);
      most = std::max(most, ++current);
    }
    absl::SleepFor(absl::Milliseconds(20));
    absl::MutexLock lock(&mu);
    --current;
    return TaskOutputs{};
  });
  ExecutorOptions options;
  options.pool_limits["vsphere:vc"] = kLimit;
  const Executor executor(options);
  RecordingObserver observer_a, observer_b;
  Cancellation cancel;
  absl::Status a, b;
  std::thread first([&] { a = executor.Run(g, "op-a", {}, runner, observer_a, cancel); });
  std::thread second([&] { b = executor.Run(g, "op-b", {}, runner, observer_b, cancel); });
  first.join();
  second.join();
  EXPECT_THAT(a, IsOk());
  EXPECT_THAT(b, IsOk());
  EXPECT_EQ(observer_a.started().size() + observer_b.started().size(), 8u);
  EXPECT_EQ(most, kLimit);
}

// A task waiting for another operation's slot never starts when its operation is cancelled.
TEST(ExecutorTest, CancelWhileWaitingForASharedSlotStartsNothing) {
  const Graph g = MakeGraph({Spec("only", "vsphere:vc")}, {});
  absl::Notification holding, release;
  LambdaRunner holder([&](const TaskSpec&, TaskContext&) -> absl::StatusOr<TaskOutputs> {
    holding.Notify();
    release.WaitForNotification();
    return TaskOutputs{};
  });
  LambdaRunner never([](const TaskSpec&, TaskContext&) -> absl::StatusOr<TaskOutputs> {
    ADD_FAILURE() << "started while its operation was cancelled";
    return TaskOutputs{};
  });
  ExecutorOptions options;
  options.pool_limits["vsphere:vc"] = 1;
  const Executor executor(options);
  RecordingObserver observer_a, observer_b;
  Cancellation keep, cancel_b;
  absl::Status a, b;
  std::thread first([&] { a = executor.Run(g, "op-a", {}, holder, observer_a, keep); });
  holding.WaitForNotification();
  std::thread second([&] { b = executor.Run(g, "op-b", {}, never, observer_b, cancel_b); });
  absl::SleepFor(absl::Milliseconds(100));  // op-b's worker is waiting for the slot
  cancel_b.Cancel();
  second.join();
  release.Notify();
  first.join();
  EXPECT_THAT(a, IsOk());
  EXPECT_THAT(b, StatusIs(absl::StatusCode::kCancelled));
  EXPECT_TRUE(observer_b.started().empty());
}

TEST(ExecutorTest, CancellationStopsNewTasksAndRunningTaskSeesFlag) {
  // One slot: "queued" waits behind "slow"; "after" depends on "slow".
  Graph g = MakeGraph({Spec("slow"), Spec("queued"), Spec("after"),
                       Spec("collect-diagnostics", "local", /*on_failure=*/true)},
                      {{"slow", "after"}});
  absl::Notification started;
  std::atomic<bool> saw_flag = false;
  LambdaRunner runner([&](const TaskSpec& spec, TaskContext& ctx) -> absl::StatusOr<TaskOutputs> {
    if (spec.id != "slow") return TaskOutputs{};
    started.Notify();
    saw_flag = ctx.cancellation().WaitFor(kWait);
    return absl::CancelledError("interrupted clone");
  });
  RecordingObserver observer;
  Cancellation cancel;
  ExecutorOptions options;
  options.default_pool_limit = 1;
  std::thread canceller([&] {
    started.WaitForNotificationWithTimeout(kWait);
    cancel.Cancel();
  });
  absl::Status s = Executor(options).Run(g, "op-7", {}, runner, observer, cancel);
  canceller.join();
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kCancelled, "operation op-7 cancelled"));
  EXPECT_TRUE(saw_flag);
  EXPECT_THAT(observer.started(), ElementsAre("slow"));  // no diagnostics on cancel either
  EXPECT_THAT(observer.results().at("slow").status,
              StatusIs(absl::StatusCode::kCancelled, "interrupted clone"));
  EXPECT_THAT(observer.events().back().status,
              StatusIs(absl::StatusCode::kCancelled, HasSubstr("op-7")));
}

TEST(ExecutorTest, CancellationInterruptsBackoffOnRealClock) {
  Graph g = MakeGraph({Spec("flaky")}, {});
  LambdaRunner runner([](const TaskSpec&, TaskContext&) -> absl::StatusOr<TaskOutputs> {
    return absl::UnavailableError("agent gone");
  });
  Cancellation cancel;
  RecordingObserver observer;
  observer.on_event = [&](const Event& e) {
    if (e.kind == Event::kRetry) cancel.Cancel();
  };
  ExecutorOptions options;
  options.backoff.initial_backoff = absl::Minutes(5);
  const absl::Time start = absl::Now();
  absl::Status s = Executor(options).Run(g, "op", {}, runner, observer, cancel);
  EXPECT_LT(absl::Now() - start, kWait);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kCancelled, "operation op cancelled"));
  EXPECT_THAT(
      observer.results().at("flaky").status,
      StatusIs(absl::StatusCode::kCancelled, "cancelled while waiting to retry: agent gone"));
}

TEST(ExecutorTest, CancelledBeforeRunStartsNothing) {
  Graph g = MakeGraph({Spec("a"), Spec("b")}, {{"a", "b"}});
  LambdaRunner runner(
      [](const TaskSpec&, TaskContext&) -> absl::StatusOr<TaskOutputs> { return TaskOutputs{}; });
  RecordingObserver observer;
  Cancellation cancel;
  cancel.Cancel();
  EXPECT_THAT(Executor().Run(g, "op", {}, runner, observer, cancel),
              StatusIs(absl::StatusCode::kCancelled, HasSubstr("cancelled")));
  EXPECT_TRUE(observer.started().empty());
}

TEST(ExecutorTest, FailureStopsDependentsLetsRunningFinishThenRunsOnFailureTasks) {
  Graph g =
      MakeGraph({Spec("bad"), Spec("after-bad"), Spec("slow"), Spec("after-slow"),
                 Spec("collect-diagnostics", "local", true), Spec("upload-bundle", "local", true),
                 Spec("broken-diag", "local", true), Spec("after-broken-diag", "local", true)},
                {{"bad", "after-bad"},
                 {"slow", "after-slow"},
                 {"collect-diagnostics", "upload-bundle"},
                 {"broken-diag", "after-broken-diag"}});
  RecordingObserver observer;
  absl::Notification bad_finished;
  observer.on_event = [&](const Event& e) {
    if (e.kind == Event::kFinished && e.task == "bad") bad_finished.Notify();
  };
  absl::Notification slow_started;
  LambdaRunner runner([&](const TaskSpec& spec, TaskContext&) -> absl::StatusOr<TaskOutputs> {
    if (spec.id == "bad") {
      slow_started.WaitForNotificationWithTimeout(kWait);
      return absl::FailedPreconditionError("bootstrap cluster absent");
    }
    if (spec.id == "broken-diag") return absl::InternalError("no bundle");
    if (spec.id == "slow") {
      slow_started.Notify();
      bad_finished.WaitForNotificationWithTimeout(kWait);  // still running when "bad" fails
    }
    return TaskOutputs{};
  });
  Cancellation cancel;
  absl::Status s = Executor().Run(g, "op", {}, runner, observer, cancel);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition, "bad: bootstrap cluster absent"));
  EXPECT_THAT(observer.started(), UnorderedElementsAre("bad", "slow", "collect-diagnostics",
                                                       "upload-bundle", "broken-diag"));
  EXPECT_THAT(observer.results().at("slow").status, IsOk());  // reported although run failed
  // Diagnostics start only after the running task finished.
  EXPECT_LT(observer.Position(Event::kFinished, "slow"),
            observer.Position(Event::kStarted, "collect-diagnostics"));
  EXPECT_THAT(observer.results().at("broken-diag").status,
              StatusIs(absl::StatusCode::kInternal, "no bundle"));
  EXPECT_THAT(observer.events().back().status,
              StatusIs(absl::StatusCode::kFailedPrecondition, "bad: bootstrap cluster absent"));
}

TEST(ExecutorTest, OutputsFlowToLaterTasks) {
  Graph g =
      MakeGraph({Spec("create-vm[cp-0]"), Spec("wait-control-plane"), Spec("install-cni")},
                {{"create-vm[cp-0]", "wait-control-plane"}, {"wait-control-plane", "install-cni"}});
  std::string seen;
  LambdaRunner runner([&](const TaskSpec& spec, TaskContext& ctx) -> absl::StatusOr<TaskOutputs> {
    if (spec.id == "create-vm[cp-0]") return TaskOutputs{{"vm-id", "vm-42"}, {"ip", "10.0.0.5"}};
    if (spec.id == "wait-control-plane") {
      EXPECT_EQ(ctx.OutputsOf("install-cni"), nullptr);  // not run yet
      EXPECT_THAT(ctx.Output("create-vm[cp-0]", "vm-id"), IsOkAndHolds("vm-42"));
      EXPECT_THAT(ctx.Output("create-vm[cp-0]", "kubeconfig"),
                  StatusIs(absl::StatusCode::kNotFound, HasSubstr("no output \"kubeconfig\"")));
      absl::StatusOr<std::string> ip = ctx.Output("create-vm[cp-0]", "ip");
      if (!ip.ok()) return ip.status();
      return TaskOutputs{{"endpoint", "https://" + *ip + ":6443"}};
    }
    // A transitive dependency's outputs are visible too.
    seen = ctx.OutputsOf("wait-control-plane")->at("endpoint") + " " +
           ctx.OutputsOf("create-vm[cp-0]")->at("vm-id");
    return TaskOutputs{};
  });
  RecordingObserver observer;
  Cancellation cancel;
  EXPECT_THAT(Executor().Run(g, "op", {}, runner, observer, cancel), IsOk());
  EXPECT_EQ(seen, "https://10.0.0.5:6443 vm-42");
}

TEST(ExecutorTest, ResumeSkipsSucceededTasksKeepsOutputsAndRequestIds) {
  auto graph = [] {
    return MakeGraph(
        {Spec("generate-pki"), Spec("create-vm[cp-0]"), Spec("wait-control-plane"),
         Spec("collect-diagnostics", "local", true)},
        {{"generate-pki", "create-vm[cp-0]"}, {"create-vm[cp-0]", "wait-control-plane"}});
  };
  absl::Mutex mu;
  std::map<std::string, std::vector<std::string>> request_ids;  // per task, over both runs
  bool fail = true;
  LambdaRunner runner([&](const TaskSpec& spec, TaskContext& ctx) -> absl::StatusOr<TaskOutputs> {
    absl::MutexLock lock(&mu);
    request_ids[spec.id].push_back(ctx.request_id());
    if (spec.id == "generate-pki") return TaskOutputs{{"ca", "ca-1"}};
    if (spec.id == "create-vm[cp-0]") return TaskOutputs{{"vm-id", "vm-9"}};
    if (spec.id == "collect-diagnostics") return TaskOutputs{};
    if (fail) return absl::FailedPreconditionError("api server not answering");
    return TaskOutputs{{"seen", *ctx.Output("generate-pki", "ca") + "," +
                                    *ctx.Output("create-vm[cp-0]", "vm-id")}};
  });
  Graph first = graph();
  RecordingObserver first_observer;
  Cancellation cancel;
  EXPECT_THAT(Executor().Run(first, "op-3", {}, runner, first_observer, cancel),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("wait-control-plane")));

  // What the planner would have persisted from OnTaskFinished.
  ResumeState resume;
  for (const auto& [id, result] : first_observer.results()) {
    if (result.status.ok()) resume.succeeded[id] = result.outputs;
  }
  resume.succeeded.erase("collect-diagnostics");  // would be ignored anyway
  ASSERT_EQ(resume.succeeded.size(), 2u);
  fail = false;
  Graph second = graph();  // rebuilt, as after a planner restart
  RecordingObserver observer;
  EXPECT_THAT(Executor().Run(second, "op-3", resume, runner, observer, cancel), IsOk());
  EXPECT_THAT(observer.started(), ElementsAre("wait-control-plane"));
  EXPECT_EQ(observer.results().at("wait-control-plane").outputs.at("seen"), "ca-1,vm-9");
  EXPECT_THAT(request_ids["wait-control-plane"],
              ElementsAre("op-3/wait-control-plane", "op-3/wait-control-plane"));
  EXPECT_THAT(request_ids["generate-pki"], ElementsAre("op-3/generate-pki"));  // ran once
}

TEST(ExecutorTest, ResumeNamingUnknownTaskIsRejected) {
  Graph g = MakeGraph({Spec("a")}, {});
  LambdaRunner runner(
      [](const TaskSpec&, TaskContext&) -> absl::StatusOr<TaskOutputs> { return TaskOutputs{}; });
  RecordingObserver observer;
  Cancellation cancel;
  ResumeState resume;
  resume.succeeded["gone"] = {};
  EXPECT_THAT(Executor().Run(g, "op", resume, runner, observer, cancel),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unknown task gone")));
  EXPECT_TRUE(observer.events().empty());
}

TEST(ExecutorTest, InvalidInputsAreRejectedBeforeRunning) {
  Graph cyclic;
  ASSERT_THAT(cyclic.AddTask(Spec("a")), IsOk());
  ASSERT_THAT(cyclic.AddTask(Spec("b")), IsOk());
  cyclic.AddEdge("a", "b");
  cyclic.AddEdge("b", "a");
  Graph ok = MakeGraph({Spec("a")}, {});
  std::atomic<int> runs = 0;
  LambdaRunner runner([&](const TaskSpec&, TaskContext&) -> absl::StatusOr<TaskOutputs> {
    ++runs;
    return TaskOutputs{};
  });
  RecordingObserver observer;
  Cancellation cancel;
  EXPECT_THAT(Executor().Run(cyclic, "op", {}, runner, observer, cancel),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cycle: a -> b -> a")));
  EXPECT_THAT(Executor().Run(ok, "", {}, runner, observer, cancel),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty operation id")));
  ExecutorOptions options;
  options.pool_limits["vsphere:vc"] = 0;
  EXPECT_THAT(Executor(options).Run(ok, "op", {}, runner, observer, cancel),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("pool vsphere:vc")));
  EXPECT_EQ(runs, 0);
  EXPECT_TRUE(observer.events().empty());
}

TEST(ExecutorTest, ThousandTaskWideGraphCompletes) {
  // root → 1,000 machines over three pools → sink.
  std::vector<TaskSpec> specs = {Spec("root")};
  std::vector<std::pair<std::string, std::string>> edges;
  const char* pools[] = {"vsphere:a", "vsphere:b", "local"};
  std::vector<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    ids.push_back("create-vm[md-" + std::to_string(i) + "]");
    specs.push_back(Spec(ids.back(), pools[i % 3]));
    edges.emplace_back("root", ids.back());
    edges.emplace_back(ids.back(), "sink");
  }
  specs.push_back(Spec("sink"));
  Graph g = MakeGraph(specs, edges);
  LambdaRunner runner([](const TaskSpec&, TaskContext&) -> absl::StatusOr<TaskOutputs> {
    return TaskOutputs{{"done", "1"}};
  });
  RecordingObserver observer;
  Cancellation cancel;
  ExecutorOptions options;
  options.pool_limits = {{"vsphere:a", 16}, {"vsphere:b", 16}};
  EXPECT_THAT(Executor(options).Run(g, "op", {}, runner, observer, cancel), IsOk());
  ids.push_back("root");
  ids.push_back("sink");
  EXPECT_THAT(observer.started(), UnorderedElementsAreArray(ids));  // each exactly once
  EXPECT_EQ(observer.started().back(), "sink");
}

}  // namespace
}  // namespace eksa::planner::dag
