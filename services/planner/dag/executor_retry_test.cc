// Retry policy and per-attempt timeouts of the executor, on a FakeClock (no sleeping).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/common/clock.h"
#include "services/planner/dag/executor.h"
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
using ::eksa::testing::StatusIs;
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kTask[] = "create-vm[md-0-1]";

class ExecutorRetryTest : public ::testing::Test {
 protected:
  ExecutorOptions Options() {
    ExecutorOptions options;
    options.clock = &clock_;
    options.backoff.initial_backoff = absl::Milliseconds(100);
    options.backoff.max_backoff = absl::Seconds(10);
    options.backoff.multiplier = 2.0;
    options.backoff.jitter = 0.0;
    return options;
  }

  // Runs the one-task graph with `fn` as the runner; records attempts and request ids.
  absl::Status RunOne(TaskSpec spec, LambdaRunner::Fn fn, ExecutorOptions options) {
    Graph g = MakeGraph({std::move(spec)}, {});
    LambdaRunner runner([&](const TaskSpec& s, TaskContext& ctx) {
      {
        absl::MutexLock lock(&mu_);
        attempts_.push_back(ctx.attempt());
        request_ids_.push_back(ctx.request_id());
      }
      return fn(s, ctx);
    });
    Cancellation cancel;
    return Executor(options).Run(g, "op-1", {}, runner, observer_, cancel);
  }
  absl::Status RunOne(LambdaRunner::Fn fn) { return RunOne(Spec(kTask), std::move(fn), Options()); }

  std::vector<Event> Retries() {
    std::vector<Event> out;
    for (const Event& e : observer_.events()) {
      if (e.kind == Event::kRetry) out.push_back(e);
    }
    return out;
  }

  FakeClock clock_;
  RecordingObserver observer_;
  absl::Mutex mu_;
  std::vector<int> attempts_;
  std::vector<std::string> request_ids_;
};

TEST_F(ExecutorRetryTest, UnavailableTwiceThenOkTakesThreeAttemptsWithBackoff) {
  absl::Status s = RunOne([](const TaskSpec&, TaskContext& ctx) -> absl::StatusOr<TaskOutputs> {
    if (ctx.attempt() < 3) return absl::UnavailableError("vcenter unreachable");
    return TaskOutputs{{"vm-id", "vm-17"}};
  });
  EXPECT_THAT(s, IsOk());
  EXPECT_THAT(attempts_, ElementsAre(1, 2, 3));
  // The same request id on every attempt, so the agent treats re-sends as retries.
  EXPECT_THAT(request_ids_, Each(std::string("op-1/") + kTask));
  std::vector<Event> retries = Retries();
  ASSERT_EQ(retries.size(), 2u);
  EXPECT_EQ(retries[0].attempt, 1);
  EXPECT_EQ(retries[0].backoff, absl::Milliseconds(100));
  EXPECT_THAT(retries[0].status, StatusIs(absl::StatusCode::kUnavailable, "vcenter unreachable"));
  EXPECT_EQ(retries[1].attempt, 2);
  EXPECT_EQ(retries[1].backoff, absl::Milliseconds(200));
  EXPECT_EQ(clock_.TotalSlept(), absl::Milliseconds(300));
  // Causal order for the one task, then the operation.
  std::vector<std::pair<Event::Kind, int>> sequence;
  for (const Event& e : observer_.events()) sequence.emplace_back(e.kind, e.attempt);
  EXPECT_THAT(sequence, ElementsAre(std::pair(Event::kStarted, 1), std::pair(Event::kRetry, 1),
                                    std::pair(Event::kStarted, 2), std::pair(Event::kRetry, 2),
                                    std::pair(Event::kStarted, 3), std::pair(Event::kFinished, 3),
                                    std::pair(Event::kOperation, 0)));
  TaskResult result = observer_.results().at(kTask);
  EXPECT_EQ(result.attempts, 3);
  EXPECT_THAT(result.status, IsOk());
  EXPECT_THAT(result.outputs,
              ElementsAre(std::pair<const std::string, std::string>("vm-id", "vm-17")));
  EXPECT_EQ(result.finished - result.started, absl::Milliseconds(300));
}

TEST_F(ExecutorRetryTest, EveryRetryableCodeIsRetried) {
  for (absl::StatusCode code : {absl::StatusCode::kUnavailable, absl::StatusCode::kAborted,
                                absl::StatusCode::kDeadlineExceeded}) {
    SCOPED_TRACE(absl::StatusCodeToString(code));
    attempts_.clear();
    absl::Status s =
        RunOne([code](const TaskSpec&, TaskContext& ctx) -> absl::StatusOr<TaskOutputs> {
          if (ctx.attempt() == 1) return absl::Status(code, "transient");
          return TaskOutputs{};
        });
    EXPECT_THAT(s, IsOk());
    EXPECT_THAT(attempts_, ElementsAre(1, 2));
  }
}

TEST_F(ExecutorRetryTest, FinalCodesRunOnce) {
  for (absl::StatusCode code :
       {absl::StatusCode::kInvalidArgument, absl::StatusCode::kFailedPrecondition,
        absl::StatusCode::kNotFound, absl::StatusCode::kCancelled, absl::StatusCode::kInternal}) {
    SCOPED_TRACE(absl::StatusCodeToString(code));
    attempts_.clear();
    absl::Status s = RunOne([code](const TaskSpec&, TaskContext&) -> absl::StatusOr<TaskOutputs> {
      return absl::Status(code, "template ubuntu-2204 missing");
    });
    // Annotated with the task id, code unchanged, no "after N attempts".
    EXPECT_THAT(s, StatusIs(code, std::string(kTask) + ": template ubuntu-2204 missing"));
    EXPECT_THAT(attempts_, ElementsAre(1));
    EXPECT_EQ(observer_.results().at(kTask).attempts, 1);
  }
  EXPECT_THAT(Retries(), IsEmpty());
  EXPECT_EQ(clock_.TotalSlept(), absl::ZeroDuration());
}

TEST_F(ExecutorRetryTest, MaxAttemptsExhaustedReturnsLastErrorWithCount) {
  TaskSpec spec = Spec(kTask);
  spec.max_attempts = 4;
  absl::Status s = RunOne(
      spec,
      [](const TaskSpec&, TaskContext&) -> absl::StatusOr<TaskOutputs> {
        return absl::UnavailableError("vcenter down");
      },
      Options());
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kUnavailable,
                          std::string(kTask) + ": after 4 attempts: vcenter down"));
  EXPECT_THAT(attempts_, ElementsAre(1, 2, 3, 4));
  std::vector<absl::Duration> backoffs;
  for (const Event& e : Retries()) backoffs.push_back(e.backoff);
  EXPECT_THAT(backoffs, ElementsAre(absl::Milliseconds(100), absl::Milliseconds(200),
                                    absl::Milliseconds(400)));
  EXPECT_EQ(observer_.results().at(kTask).attempts, 4);
}

TEST_F(ExecutorRetryTest, MaxAttemptsBelowOneMeansOneAttempt) {
  TaskSpec spec = Spec(kTask);
  spec.max_attempts = 0;
  absl::Status s = RunOne(
      spec,
      [](const TaskSpec&, TaskContext&) -> absl::StatusOr<TaskOutputs> {
        return absl::AbortedError("conflict");
      },
      Options());
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kAborted, HasSubstr("conflict")));
  EXPECT_THAT(attempts_, ElementsAre(1));
}

TEST_F(ExecutorRetryTest, BackoffIsCappedAndJittered) {
  ExecutorOptions options = Options();
  options.backoff.max_backoff = absl::Milliseconds(300);
  options.backoff.jitter = 0.5;
  options.backoff.seed = 42;
  TaskSpec spec = Spec(kTask);
  spec.max_attempts = 6;
  absl::Status s = RunOne(
      spec,
      [](const TaskSpec&, TaskContext&) -> absl::StatusOr<TaskOutputs> {
        return absl::UnavailableError("down");
      },
      options);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kUnavailable, HasSubstr("after 6 attempts")));
  const absl::Duration base[] = {absl::Milliseconds(100), absl::Milliseconds(200),
                                 absl::Milliseconds(300), absl::Milliseconds(300),
                                 absl::Milliseconds(300)};
  std::vector<Event> retries = Retries();
  ASSERT_EQ(retries.size(), 5u);
  for (size_t i = 0; i < retries.size(); ++i) {
    EXPECT_GE(retries[i].backoff, base[i] * 0.5) << i;
    EXPECT_LE(retries[i].backoff, base[i] * 1.5) << i;
  }
}

TEST_F(ExecutorRetryTest, AttemptDeadlineIsNowPlusTimeout) {
  TaskSpec spec = Spec(kTask);
  spec.timeout = absl::Minutes(7);
  const absl::Time start = clock_.Now();
  absl::Time seen;
  absl::Status s = RunOne(
      spec,
      [&](const TaskSpec&, TaskContext& ctx) -> absl::StatusOr<TaskOutputs> {
        seen = ctx.deadline();
        return TaskOutputs{};
      },
      Options());
  EXPECT_THAT(s, IsOk());
  EXPECT_EQ(seen, start + absl::Minutes(7));
}

TEST_F(ExecutorRetryTest, SuccessAfterDeadlineCountsAsDeadlineExceededAndIsRetried) {
  TaskSpec spec = Spec(kTask);
  spec.timeout = absl::Minutes(1);
  absl::Status s = RunOne(
      spec,
      [&](const TaskSpec&, TaskContext& ctx) -> absl::StatusOr<TaskOutputs> {
        if (ctx.attempt() == 1) {
          clock_.Advance(absl::Minutes(2));  // overran its 1m timeout
          return TaskOutputs{{"vm-id", "late"}};
        }
        return TaskOutputs{{"vm-id", "on-time"}};
      },
      Options());
  EXPECT_THAT(s, IsOk());
  EXPECT_THAT(attempts_, ElementsAre(1, 2));
  std::vector<Event> retries = Retries();
  ASSERT_EQ(retries.size(), 1u);
  EXPECT_THAT(retries[0].status,
              StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr("over its 1m timeout")));
  EXPECT_EQ(observer_.results().at(kTask).outputs.at("vm-id"), "on-time");
}

TEST_F(ExecutorRetryTest, TimeoutOnEveryAttemptFailsWithDeadlineExceeded) {
  TaskSpec spec = Spec(kTask);
  spec.timeout = absl::Minutes(1);
  spec.max_attempts = 2;
  absl::Status s = RunOne(
      spec,
      [&](const TaskSpec&, TaskContext&) -> absl::StatusOr<TaskOutputs> {
        clock_.Advance(absl::Minutes(5));
        return TaskOutputs{};
      },
      Options());
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kDeadlineExceeded,
                          HasSubstr(std::string(kTask) + ": after 2 attempts: attempt 2")));
}

TEST_F(ExecutorRetryTest, LateErrorIsKeptAsTheRunnerGaveIt) {
  TaskSpec spec = Spec(kTask);
  spec.timeout = absl::Minutes(1);
  absl::Status s = RunOne(
      spec,
      [&](const TaskSpec&, TaskContext&) -> absl::StatusOr<TaskOutputs> {
        clock_.Advance(absl::Minutes(5));
        return absl::InvalidArgumentError("no such network");
      },
      Options());
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no such network")));
  EXPECT_THAT(attempts_, ElementsAre(1));
}

}  // namespace
}  // namespace eksa::planner::dag
