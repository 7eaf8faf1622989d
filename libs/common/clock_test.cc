#include "libs/common/clock.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "absl/time/time.h"

namespace eksa {
namespace {

TEST(FakeClockTest, StartsAtGivenTime) {
  EXPECT_EQ(FakeClock().Now(), absl::UnixEpoch());
  const absl::Time start = absl::FromUnixSeconds(1'795'000'000);
  EXPECT_EQ(FakeClock(start).Now(), start);
}

TEST(FakeClockTest, SleepForAdvancesTimeAndRecordsSleep) {
  FakeClock clock;
  clock.SleepFor(absl::Milliseconds(250));
  clock.SleepFor(absl::Seconds(2));
  EXPECT_EQ(clock.Now(), absl::UnixEpoch() + absl::Milliseconds(2250));
  EXPECT_EQ(clock.TotalSlept(), absl::Milliseconds(2250));
}

TEST(FakeClockTest, AdvanceMovesTimeWithoutCountingAsSleep) {
  FakeClock clock;
  clock.Advance(absl::Minutes(3));
  EXPECT_EQ(clock.Now(), absl::UnixEpoch() + absl::Minutes(3));
  EXPECT_EQ(clock.TotalSlept(), absl::ZeroDuration());
}

TEST(FakeClockTest, NonPositiveSleepIsIgnored) {
  FakeClock clock;
  clock.SleepFor(absl::ZeroDuration());
  clock.SleepFor(-absl::Seconds(5));
  EXPECT_EQ(clock.Now(), absl::UnixEpoch());
  EXPECT_EQ(clock.TotalSlept(), absl::ZeroDuration());
}

TEST(FakeClockTest, IsThreadSafe) {
  FakeClock clock;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&clock] {
      for (int i = 0; i < 1000; ++i) clock.SleepFor(absl::Milliseconds(1));
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(clock.TotalSlept(), absl::Seconds(4));
  EXPECT_EQ(clock.Now(), absl::UnixEpoch() + absl::Seconds(4));
}

TEST(RealClockTest, IsOneProcessWideInstanceWithRealTime) {
  Clock& clock = Clock::Real();
  EXPECT_EQ(&clock, &Clock::Real());
  const absl::Time before = absl::Now();
  const absl::Time now = clock.Now();
  EXPECT_GE(now, before);
  EXPECT_LT(now - before, absl::Minutes(1));
  clock.SleepFor(absl::ZeroDuration());  // returns at once
  clock.SleepFor(-absl::Seconds(1));
  EXPECT_LT(clock.Now() - before, absl::Minutes(1));
}

}  // namespace
}  // namespace eksa
