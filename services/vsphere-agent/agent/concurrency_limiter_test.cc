// ConcurrencyLimiter: the bound, first-come-first-served hand-over, deadline and cancellation.
#include "services/vsphere-agent/agent/concurrency_limiter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ConcurrencyLimiterTest, NeverMoreThanTheLimitInside) {
  ConcurrencyLimiter limiter("vc", 3);
  std::atomic<int> inside{0}, most{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 12; ++i) {
    threads.emplace_back([&] {
      absl::StatusOr<ConcurrencyLimiter::Slot> slot = limiter.Acquire(absl::InfiniteFuture());
      ASSERT_THAT(slot, IsOk());
      int now = ++inside;
      for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
      }
      absl::SleepFor(absl::Milliseconds(20));
      --inside;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(most.load(), 3);
  EXPECT_EQ(limiter.busy(), 0);
  EXPECT_EQ(limiter.waiting(), 0);
}

TEST(ConcurrencyLimiterTest, FreedSlotGoesToTheOldestWaiter) {
  ConcurrencyLimiter limiter("vc", 1);
  absl::StatusOr<ConcurrencyLimiter::Slot> held = limiter.Acquire(absl::InfiniteFuture());
  ASSERT_THAT(held, IsOk());
  absl::Mutex mu;
  std::vector<int> order;
  std::vector<std::thread> waiters;
  for (int i = 0; i < 3; ++i) {
    waiters.emplace_back([&, i] {
      absl::StatusOr<ConcurrencyLimiter::Slot> slot = limiter.Acquire(absl::InfiniteFuture());
      ASSERT_THAT(slot, IsOk());
      absl::MutexLock lock(&mu);
      order.push_back(i);
    });
    // Queue them in a known order.
    while (limiter.waiting() != i + 1) absl::SleepFor(absl::Milliseconds(1));
  }
  { auto release = std::move(*held); }
  for (std::thread& t : waiters) t.join();
  EXPECT_THAT(order, ElementsAre(0, 1, 2));
}

TEST(ConcurrencyLimiterTest, DeadlineEndsTheWaitWithoutTakingASlot) {
  ConcurrencyLimiter limiter("vc.lab", 1);
  absl::StatusOr<ConcurrencyLimiter::Slot> held = limiter.Acquire(absl::InfiniteFuture());
  ASSERT_THAT(held, IsOk());
  const absl::Time start = absl::Now();
  absl::StatusOr<ConcurrencyLimiter::Slot> late =
      limiter.Acquire(absl::Now() + absl::Milliseconds(100));
  const absl::Duration waited = absl::Now() - start;
  EXPECT_THAT(late, StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_THAT(std::string(late.status().message()),
              HasSubstr("waiting for a free slot on vCenter vc.lab: the caller's deadline passed "
                        "(1 of 1 slots busy"));
  EXPECT_GE(waited, absl::Milliseconds(100));
  EXPECT_LT(waited, absl::Milliseconds(600));
  EXPECT_EQ(limiter.waiting(), 0);
  EXPECT_EQ(limiter.busy(), 1);
}

TEST(ConcurrencyLimiterTest, CancellationEndsTheWait) {
  ConcurrencyLimiter limiter("vc", 1);
  absl::StatusOr<ConcurrencyLimiter::Slot> held = limiter.Acquire(absl::InfiniteFuture());
  ASSERT_THAT(held, IsOk());
  std::atomic<bool> cancelled{false};
  std::thread canceller([&] {
    absl::SleepFor(absl::Milliseconds(30));
    cancelled = true;
  });
  absl::StatusOr<ConcurrencyLimiter::Slot> waiting = limiter.Acquire(
      absl::InfiniteFuture(), [&] { return cancelled.load(); }, absl::Milliseconds(5));
  canceller.join();
  EXPECT_THAT(waiting, StatusIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(limiter.waiting(), 0);
}

TEST(ConcurrencyLimiterTest, MovedSlotReleasesOnce) {
  ConcurrencyLimiter limiter("vc", 2);
  {
    absl::StatusOr<ConcurrencyLimiter::Slot> a = limiter.Acquire(absl::InfiniteFuture());
    ASSERT_THAT(a, IsOk());
    ConcurrencyLimiter::Slot moved = std::move(*a);
    EXPECT_EQ(limiter.busy(), 1);
  }
  EXPECT_EQ(limiter.busy(), 0);
}

}  // namespace
}  // namespace eksa::vsphere_agent
