// IdempotencyCache: joins a call in flight, caches successes for the TTL, runs failures again,
// treats a changed request as new, and bounds what it keeps.
#include "services/vsphere-agent/agent/idempotency_cache.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent {
namespace {

using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::Eq;
using ::testing::HasSubstr;
using Outcome = IdempotencyCache::Outcome;

const IdempotencyCache::Key kKey{.server = "vc", .rpc = "CreateVm", .request_id = "op-1/vm"};
const auto kNever = [] { return false; };

class IdempotencyCacheTest : public ::testing::Test {
 protected:
  absl::StatusOr<std::string> Run(const IdempotencyCache::Key& key, uint64_t fingerprint,
                                  std::function<absl::StatusOr<std::string>()> fn, Outcome* outcome,
                                  absl::Time deadline = absl::InfiniteFuture()) {
    return cache_.Run(key, fingerprint, deadline, kNever, fn, outcome, absl::Milliseconds(5));
  }

  FakeClock clock_;
  IdempotencyCache cache_{clock_, {.ttl = absl::Minutes(10), .max_entries = 3}};
};

TEST_F(IdempotencyCacheTest, RetryWhileRunningWaitsForAndSharesTheResult) {
  absl::Notification started, release;
  std::atomic<int> runs{0};
  auto slow = [&]() -> absl::StatusOr<std::string> {
    ++runs;
    started.Notify();
    release.WaitForNotification();
    return std::string("vm-1");
  };
  Outcome first_outcome, retry_outcome;
  absl::StatusOr<std::string> first, retry;
  std::thread a([&] { first = Run(kKey, 7, slow, &first_outcome); });
  started.WaitForNotification();
  std::thread b([&] { retry = Run(kKey, 7, slow, &retry_outcome); });
  absl::SleepFor(absl::Milliseconds(50));  // b is waiting, not running
  EXPECT_EQ(runs.load(), 1);
  release.Notify();
  a.join();
  b.join();
  EXPECT_THAT(first, IsOkAndHolds(Eq("vm-1")));
  EXPECT_THAT(retry, IsOkAndHolds(Eq("vm-1")));
  EXPECT_EQ(first_outcome, Outcome::kRan);
  EXPECT_EQ(retry_outcome, Outcome::kJoined);
  EXPECT_EQ(runs.load(), 1);
}

TEST_F(IdempotencyCacheTest, SuccessIsCachedForTheTtl) {
  int runs = 0;
  auto fn = [&]() -> absl::StatusOr<std::string> { return "vm-" + std::to_string(++runs); };
  Outcome outcome;
  EXPECT_THAT(Run(kKey, 7, fn, &outcome), IsOkAndHolds(Eq("vm-1")));
  clock_.Advance(absl::Minutes(9));
  EXPECT_THAT(Run(kKey, 7, fn, &outcome), IsOkAndHolds(Eq("vm-1")));
  EXPECT_EQ(outcome, Outcome::kCached);
  clock_.Advance(absl::Minutes(2));  // past the TTL of the first success
  EXPECT_THAT(Run(kKey, 7, fn, &outcome), IsOkAndHolds(Eq("vm-2")));
  EXPECT_EQ(outcome, Outcome::kRan);
}

TEST_F(IdempotencyCacheTest, FailureIsNotKeptAndRunsAgain) {
  int runs = 0;
  auto flaky = [&]() -> absl::StatusOr<std::string> {
    if (++runs == 1) return absl::UnavailableError("vcenter down");
    return std::string("vm-2");
  };
  Outcome outcome;
  EXPECT_THAT(Run(kKey, 7, flaky, &outcome), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(cache_.cached(), 0u);
  EXPECT_THAT(Run(kKey, 7, flaky, &outcome), IsOkAndHolds(Eq("vm-2")));
  EXPECT_EQ(outcome, Outcome::kRan);
  EXPECT_EQ(runs, 2);
}

TEST_F(IdempotencyCacheTest, RetryWaitingOnAFailureRunsItAgain) {
  absl::Notification started, release;
  std::atomic<int> runs{0};
  auto fn = [&]() -> absl::StatusOr<std::string> {
    if (++runs == 1) {
      started.Notify();
      release.WaitForNotification();
      return absl::DeadlineExceededError("first attempt timed out");
    }
    return std::string("vm-2");
  };
  Outcome first_outcome, retry_outcome;
  absl::StatusOr<std::string> first, retry;
  std::thread a([&] { first = Run(kKey, 7, fn, &first_outcome); });
  started.WaitForNotification();
  std::thread b([&] { retry = Run(kKey, 7, fn, &retry_outcome); });
  absl::SleepFor(absl::Milliseconds(30));
  release.Notify();
  a.join();
  b.join();
  EXPECT_THAT(first, StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_THAT(retry, IsOkAndHolds(Eq("vm-2")));
  EXPECT_EQ(retry_outcome, Outcome::kRan);
}

TEST_F(IdempotencyCacheTest, WaitingRetryHonoursItsOwnDeadline) {
  absl::Notification started, release;
  auto slow = [&]() -> absl::StatusOr<std::string> {
    started.Notify();
    release.WaitForNotification();
    return std::string("vm-1");
  };
  Outcome outcome;
  absl::StatusOr<std::string> first;
  std::thread a([&] { first = Run(kKey, 7, slow, &outcome); });
  started.WaitForNotification();
  Outcome retry_outcome;
  absl::StatusOr<std::string> retry =
      Run(kKey, 7, slow, &retry_outcome, absl::Now() + absl::Milliseconds(50));
  EXPECT_THAT(retry, StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_THAT(std::string(retry.status().message()),
              HasSubstr("waiting for the first CreateVm with request_id op-1/vm on vCenter vc"));
  release.Notify();
  a.join();
  EXPECT_THAT(first, IsOkAndHolds(Eq("vm-1")));
}

TEST_F(IdempotencyCacheTest, SameRequestIdWithADifferentRequestRunsAgain) {
  int runs = 0;
  auto fn = [&]() -> absl::StatusOr<std::string> { return "vm-" + std::to_string(++runs); };
  Outcome outcome;
  EXPECT_THAT(Run(kKey, 7, fn, &outcome), IsOkAndHolds(Eq("vm-1")));
  EXPECT_THAT(Run(kKey, 8, fn, &outcome), IsOkAndHolds(Eq("vm-2")));
  EXPECT_EQ(outcome, Outcome::kRan);
  EXPECT_THAT(Run(kKey, 8, fn, &outcome), IsOkAndHolds(Eq("vm-2")));  // replaced
  EXPECT_EQ(outcome, Outcome::kCached);
}

TEST_F(IdempotencyCacheTest, KeysDifferByServerAndRpc) {
  int runs = 0;
  auto fn = [&]() -> absl::StatusOr<std::string> { return "r" + std::to_string(++runs); };
  Outcome outcome;
  EXPECT_THAT(Run(kKey, 7, fn, &outcome), IsOkAndHolds(Eq("r1")));
  EXPECT_THAT(Run({.server = "vc2", .rpc = "CreateVm", .request_id = "op-1/vm"}, 7, fn, &outcome),
              IsOkAndHolds(Eq("r2")));
  EXPECT_THAT(Run({.server = "vc", .rpc = "PowerOnVm", .request_id = "op-1/vm"}, 7, fn, &outcome),
              IsOkAndHolds(Eq("r3")));
}

TEST_F(IdempotencyCacheTest, KeepsAtMostMaxEntriesOldestFirst) {
  auto ok = []() -> absl::StatusOr<std::string> { return std::string("x"); };
  Outcome outcome;
  for (int i = 0; i < 5; ++i) {
    ASSERT_THAT(
        Run({.server = "vc", .rpc = "CreateVm", .request_id = std::to_string(i)}, 1, ok, &outcome),
        IsOkAndHolds(Eq("x")));
  }
  EXPECT_EQ(cache_.cached(), 3u);
  (void)Run({.server = "vc", .rpc = "CreateVm", .request_id = "4"}, 1, ok, &outcome);
  EXPECT_EQ(outcome, Outcome::kCached);
  (void)Run({.server = "vc", .rpc = "CreateVm", .request_id = "0"}, 1, ok, &outcome);
  EXPECT_EQ(outcome, Outcome::kRan);
}

}  // namespace
}  // namespace eksa::vsphere_agent
