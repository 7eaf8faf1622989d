#include "services/vsphere-agent/backend/keyed_lock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"

namespace eksa::vsphere_agent::backend {
namespace {

TEST(KeyedLockTest, SameKeyWaitsForTheHolder) {
  KeyedLock locks;
  std::atomic<bool> second_in{false};
  std::optional<KeyedLock::Hold> first(locks.Lock("/DC0/vm/Templates/t"));
  std::thread other([&] {
    KeyedLock::Hold h = locks.Lock("/DC0/vm/Templates/t");
    second_in = true;
  });
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_FALSE(second_in.load());
  first.reset();
  other.join();
  EXPECT_TRUE(second_in.load());
}

TEST(KeyedLockTest, OtherKeysDoNotWait) {
  KeyedLock locks;
  KeyedLock::Hold a = locks.Lock("a");
  absl::Notification done;
  std::thread other([&] {
    KeyedLock::Hold b = locks.Lock("b");
    done.Notify();
  });
  EXPECT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(5)));
  other.join();
}

TEST(KeyedLockTest, ReusableAfterRelease) {
  KeyedLock locks;
  for (int i = 0; i < 3; ++i) {
    KeyedLock::Hold h = locks.Lock("k");
    EXPECT_EQ(locks.KeyCount(), 1u);
  }
  EXPECT_EQ(locks.KeyCount(), 0u);  // a released key is dropped, not kept forever
}

TEST(KeyedLockTest, KeyIsDroppedOnceTheLastWaiterReleases) {
  KeyedLock locks;
  std::optional<KeyedLock::Hold> first(locks.Lock("k"));
  std::thread other([&] { KeyedLock::Hold h = locks.Lock("k"); });
  absl::SleepFor(absl::Milliseconds(20));
  EXPECT_EQ(locks.KeyCount(), 1u);
  first.reset();
  other.join();
  EXPECT_EQ(locks.KeyCount(), 0u);
}

}  // namespace
}  // namespace eksa::vsphere_agent::backend
