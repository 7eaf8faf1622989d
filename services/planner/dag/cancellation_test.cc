#include "services/planner/dag/cancellation.h"

#include <gtest/gtest.h>

#include <thread>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace eksa::planner::dag {
namespace {

TEST(CancellationTest, StartsClearAndStaysSet) {
  Cancellation c;
  EXPECT_FALSE(c.IsCancelled());
  c.Cancel();
  c.Cancel();  // idempotent
  EXPECT_TRUE(c.IsCancelled());
  EXPECT_TRUE(c.WaitFor(absl::ZeroDuration()));
}

TEST(CancellationTest, WaitTimesOutWhenNotCancelled) {
  Cancellation c;
  const absl::Time start = absl::Now();
  EXPECT_FALSE(c.WaitFor(absl::Milliseconds(20)));
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(20));
  EXPECT_FALSE(c.WaitUntil(absl::InfinitePast()));
}

TEST(CancellationTest, CancelWakesWaiterAtOnce) {
  Cancellation c;
  std::thread canceller([&] {
    absl::SleepFor(absl::Milliseconds(10));
    c.Cancel();
  });
  const absl::Time start = absl::Now();
  EXPECT_TRUE(c.WaitFor(absl::Minutes(5)));
  EXPECT_LT(absl::Now() - start, absl::Minutes(1));
  canceller.join();
}

}  // namespace
}  // namespace eksa::planner::dag
