#include "libs/common/retry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/time/time.h"
#include "libs/common/clock.h"
#include "tests/testing/status_matchers.h"

namespace eksa {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Eq;

// A fake clock that also remembers each delay, so tests can check individual jittered delays.
class RecordingClock final : public Clock {
 public:
  absl::Time Now() override { return clock_.Now(); }
  void SleepFor(absl::Duration d) override {
    delays_.push_back(d);
    clock_.SleepFor(d);
  }
  void Advance(absl::Duration d) { clock_.Advance(d); }
  const std::vector<absl::Duration>& delays() const { return delays_; }
  absl::Duration TotalSlept() { return clock_.TotalSlept(); }

 private:
  FakeClock clock_;
  std::vector<absl::Duration> delays_;
};

RetryPolicy NoJitter() {
  RetryPolicy p;
  p.max_attempts = 5;
  p.initial_backoff = absl::Milliseconds(100);
  p.max_backoff = absl::Seconds(10);
  p.multiplier = 2.0;
  p.jitter = 0.0;
  return p;
}

// Fails with `failures` in order, then succeeds.
class Script {
 public:
  explicit Script(std::vector<absl::Status> failures) : failures_(std::move(failures)) {}
  absl::Status operator()() {
    ++calls_;
    if (calls_ <= static_cast<int>(failures_.size())) return failures_[calls_ - 1];
    return absl::OkStatus();
  }
  int calls() const { return calls_; }

 private:
  std::vector<absl::Status> failures_;
  int calls_ = 0;
};

std::vector<absl::Status> Repeat(const absl::Status& s, int n) {
  return std::vector<absl::Status>(n, s);
}

TEST(BackoffForTest, GrowsExponentiallyUpToMax) {
  RetryPolicy p = NoJitter();
  p.initial_backoff = absl::Milliseconds(200);
  p.max_backoff = absl::Seconds(1);
  EXPECT_EQ(BackoffFor(p, 1), absl::Milliseconds(200));
  EXPECT_EQ(BackoffFor(p, 2), absl::Milliseconds(400));
  EXPECT_EQ(BackoffFor(p, 3), absl::Milliseconds(800));
  EXPECT_EQ(BackoffFor(p, 4), absl::Seconds(1));
  EXPECT_EQ(BackoffFor(p, 5), absl::Seconds(1));
  EXPECT_EQ(BackoffFor(p, 10000), absl::Seconds(1));  // saturates, no overflow
}

TEST(BackoffForTest, MultiplierOneIsConstant) {
  RetryPolicy p = NoJitter();
  p.multiplier = 1.0;
  EXPECT_EQ(BackoffFor(p, 1), absl::Milliseconds(100));
  EXPECT_EQ(BackoffFor(p, 7), absl::Milliseconds(100));
}

TEST(IsRetryableByDefaultTest, OnlyTransientCodes) {
  for (int c = 0; c <= 16; ++c) {
    const auto code = static_cast<absl::StatusCode>(c);
    const bool want = code == absl::StatusCode::kUnavailable ||
                      code == absl::StatusCode::kAborted ||
                      code == absl::StatusCode::kDeadlineExceeded;
    EXPECT_EQ(IsRetryableByDefault(absl::Status(code, "x")), want)
        << absl::StatusCodeToString(code);
  }
}

TEST(RetryTest, FirstSuccessDoesNotSleep) {
  FakeClock clock;
  Script fn({});
  EXPECT_THAT(Retry(NoJitter(), clock, std::ref(fn)), IsOk());
  EXPECT_EQ(fn.calls(), 1);
  EXPECT_EQ(clock.TotalSlept(), absl::ZeroDuration());
}

TEST(RetryTest, SucceedsAfterTransientFailures) {
  RecordingClock clock;
  Script fn(Repeat(absl::UnavailableError("vcenter down"), 2));
  EXPECT_THAT(Retry(NoJitter(), clock, std::ref(fn)), IsOk());
  EXPECT_EQ(fn.calls(), 3);
  EXPECT_THAT(clock.delays(), ElementsAre(absl::Milliseconds(100), absl::Milliseconds(200)));
}

TEST(RetryTest, ExhaustsAttemptsWithExactScheduleAndAnnotates) {
  RecordingClock clock;
  absl::Status failure = absl::UnavailableError("vcenter down");
  failure.SetPayload("type.eksa.dev/host", absl::Cord("vc-1"));
  Script fn(Repeat(failure, 100));
  absl::Status s = Retry(NoJitter(), clock, std::ref(fn));
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kUnavailable, Eq("after 5 attempts: vcenter down")));
  ASSERT_TRUE(s.GetPayload("type.eksa.dev/host").has_value());
  EXPECT_EQ(std::string(*s.GetPayload("type.eksa.dev/host")), "vc-1");
  EXPECT_EQ(fn.calls(), 5);
  EXPECT_THAT(clock.delays(), ElementsAre(absl::Milliseconds(100), absl::Milliseconds(200),
                                          absl::Milliseconds(400), absl::Milliseconds(800)));
  EXPECT_EQ(clock.TotalSlept(), absl::Milliseconds(1500));
}

TEST(RetryTest, BackoffIsCappedAtMax) {
  FakeClock clock;
  RetryPolicy p = NoJitter();
  p.max_attempts = 4;
  p.initial_backoff = absl::Seconds(1);
  p.multiplier = 10.0;
  p.max_backoff = absl::Seconds(5);
  Script fn(Repeat(absl::AbortedError("conflict"), 100));
  EXPECT_THAT(Retry(p, clock, std::ref(fn)),
              StatusIs(absl::StatusCode::kAborted, Eq("after 4 attempts: conflict")));
  EXPECT_EQ(clock.TotalSlept(), absl::Seconds(1 + 5 + 5));
}

TEST(RetryTest, JitteredDelaysStayWithinBoundsAndVary) {
  RecordingClock clock;
  RetryPolicy p = NoJitter();
  p.max_attempts = 8;
  p.initial_backoff = absl::Milliseconds(100);
  p.max_backoff = absl::Milliseconds(800);
  p.jitter = 0.5;
  p.seed = 42;
  Script fn(Repeat(absl::UnavailableError("down"), 100));
  EXPECT_THAT(Retry(p, clock, std::ref(fn)),
              StatusIs(absl::StatusCode::kUnavailable, Eq("after 8 attempts: down")));
  ASSERT_EQ(clock.delays().size(), 7u);
  bool any_differs = false;
  for (int i = 0; i < 7; ++i) {
    const absl::Duration base = BackoffFor(p, i + 1);
    EXPECT_GE(clock.delays()[i], base * 0.5) << i;
    EXPECT_LE(clock.delays()[i], base * 1.5) << i;
    any_differs = any_differs || clock.delays()[i] != base;
  }
  EXPECT_TRUE(any_differs);
  const absl::Duration total = clock.TotalSlept();
  // Unjittered sum: 100+200+400+800+800+800+800 ms.
  EXPECT_GE(total, absl::Milliseconds(3900) * 0.5);
  EXPECT_LE(total, absl::Milliseconds(3900) * 1.5);
}

TEST(RetryTest, SameSeedGivesSameSchedule) {
  RetryPolicy p = NoJitter();
  p.jitter = 0.3;
  p.seed = 7;
  RecordingClock a;
  RecordingClock b;
  Script fa(Repeat(absl::UnavailableError("down"), 100));
  Script fb(Repeat(absl::UnavailableError("down"), 100));
  EXPECT_THAT(Retry(p, a, std::ref(fa)),
              StatusIs(absl::StatusCode::kUnavailable, Eq("after 5 attempts: down")));
  EXPECT_THAT(Retry(p, b, std::ref(fb)),
              StatusIs(absl::StatusCode::kUnavailable, Eq("after 5 attempts: down")));
  EXPECT_EQ(a.delays(), b.delays());
}

TEST(RetryTest, JitterAboveOneIsClampedToNonNegativeDelays) {
  RecordingClock clock;
  RetryPolicy p = NoJitter();
  p.jitter = 3.0;
  p.seed = 1;
  Script fn(Repeat(absl::UnavailableError("down"), 100));
  EXPECT_THAT(Retry(p, clock, std::ref(fn)),
              StatusIs(absl::StatusCode::kUnavailable, Eq("after 5 attempts: down")));
  for (int i = 0; i < 4; ++i) {
    EXPECT_GE(clock.delays()[i], absl::ZeroDuration());
    EXPECT_LE(clock.delays()[i], BackoffFor(p, i + 1) * 2.0);
  }
}

TEST(RetryTest, NonRetryableStopsAtOnceUnannotated) {
  FakeClock clock;
  Script fn(Repeat(absl::NotFoundError("template ubuntu-2204"), 100));
  EXPECT_THAT(Retry(NoJitter(), clock, std::ref(fn)),
              StatusIs(absl::StatusCode::kNotFound, Eq("template ubuntu-2204")));
  EXPECT_EQ(fn.calls(), 1);
  EXPECT_EQ(clock.TotalSlept(), absl::ZeroDuration());
}

TEST(RetryTest, NonRetryableAfterRetriesIsAnnotated) {
  FakeClock clock;
  Script fn({absl::UnavailableError("down"), absl::PermissionDeniedError("no role")});
  EXPECT_THAT(Retry(NoJitter(), clock, std::ref(fn)),
              StatusIs(absl::StatusCode::kPermissionDenied, Eq("after 2 attempts: no role")));
  EXPECT_EQ(fn.calls(), 2);
  EXPECT_EQ(clock.TotalSlept(), absl::Milliseconds(100));
}

TEST(RetryTest, CustomPredicateReplacesDefault) {
  FakeClock clock;
  RetryPolicy p = NoJitter();
  p.retryable = [](const absl::Status& s) { return s.code() == absl::StatusCode::kNotFound; };
  Script fn({absl::NotFoundError("vm not yet visible"), absl::UnavailableError("down")});
  EXPECT_THAT(Retry(p, clock, std::ref(fn)),
              StatusIs(absl::StatusCode::kUnavailable, Eq("after 2 attempts: down")));
  EXPECT_EQ(fn.calls(), 2);
}

TEST(RetryTest, DeadlineStopsBeforeAttemptsRunOut) {
  RecordingClock clock;
  RetryPolicy p = NoJitter();
  p.max_attempts = 10;
  p.initial_backoff = absl::Milliseconds(300);
  p.deadline = absl::Seconds(1);
  Script fn(Repeat(absl::UnavailableError("down"), 100));
  // Attempts at t=0, 300ms, 900ms; the next would start at 2.1s, past the 1s budget.
  EXPECT_THAT(Retry(p, clock, std::ref(fn)),
              StatusIs(absl::StatusCode::kUnavailable, Eq("after 3 attempts: down")));
  EXPECT_EQ(fn.calls(), 3);
  EXPECT_THAT(clock.delays(), ElementsAre(absl::Milliseconds(300), absl::Milliseconds(600)));
}

TEST(RetryTest, DeadlineCountsTimeSpentInAttempts) {
  RecordingClock clock;
  RetryPolicy p = NoJitter();
  p.max_attempts = 10;
  p.initial_backoff = absl::Milliseconds(300);
  p.deadline = absl::Seconds(1);
  int calls = 0;
  auto slow = [&]() {
    ++calls;
    clock.Advance(absl::Milliseconds(400));  // each attempt takes 400ms
    return absl::DeadlineExceededError("rpc timed out");
  };
  // t=0 -> 400ms, sleep 300 -> 700ms, attempt -> 1.1s; 1.1s + 600ms is past the budget.
  EXPECT_THAT(Retry(p, clock, slow),
              StatusIs(absl::StatusCode::kDeadlineExceeded, Eq("after 2 attempts: rpc timed out")));
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(clock.TotalSlept(), absl::Milliseconds(300));
}

TEST(RetryTest, ZeroDeadlineMakesOneAttempt) {
  FakeClock clock;
  RetryPolicy p = NoJitter();
  p.deadline = absl::ZeroDuration();
  Script fn(Repeat(absl::UnavailableError("down"), 100));
  EXPECT_THAT(Retry(p, clock, std::ref(fn)), StatusIs(absl::StatusCode::kUnavailable, Eq("down")));
  EXPECT_EQ(fn.calls(), 1);
}

TEST(RetryTest, MaxAttemptsBelowTwoMeansOneAttempt) {
  for (int max_attempts : {1, 0, -3}) {
    SCOPED_TRACE(max_attempts);
    FakeClock clock;
    RetryPolicy p = NoJitter();
    p.max_attempts = max_attempts;
    Script fn(Repeat(absl::UnavailableError("down"), 100));
    EXPECT_THAT(Retry(p, clock, std::ref(fn)),
                StatusIs(absl::StatusCode::kUnavailable, Eq("down")));
    EXPECT_EQ(fn.calls(), 1);
    EXPECT_EQ(clock.TotalSlept(), absl::ZeroDuration());
  }
}

TEST(RetryOrTest, ReturnsValueAfterRetries) {
  FakeClock clock;
  int calls = 0;
  absl::StatusOr<std::string> got =
      RetryOr<std::string>(NoJitter(), clock, [&]() -> absl::StatusOr<std::string> {
        if (++calls < 3) return absl::UnavailableError("no ip yet");
        return std::string("10.0.0.7");
      });
  EXPECT_THAT(got, IsOkAndHolds(Eq("10.0.0.7")));
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(clock.TotalSlept(), absl::Milliseconds(300));
}

TEST(RetryOrTest, ReturnsAnnotatedError) {
  FakeClock clock;
  RetryPolicy p = NoJitter();
  p.max_attempts = 3;
  absl::StatusOr<int> got = RetryOr<int>(
      p, clock, []() -> absl::StatusOr<int> { return absl::UnavailableError("no ip yet"); });
  EXPECT_THAT(got, StatusIs(absl::StatusCode::kUnavailable, Eq("after 3 attempts: no ip yet")));
}

}  // namespace
}  // namespace eksa
