// Names and transition rules of the store's records.
#include "services/planner/store/records.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace eksa::planner::store {
namespace {

using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::HasSubstr;

TEST(RecordsTest, NamesRoundTrip) {
  for (auto s : {OperationState::kPending, OperationState::kRunning, OperationState::kSucceeded,
                 OperationState::kFailed, OperationState::kCancelled}) {
    EXPECT_THAT(ParseOperationState(Name(s)), IsOkAndHolds(s));
  }
  for (auto s : {TaskState::kPending, TaskState::kRunning, TaskState::kSucceeded,
                 TaskState::kFailed, TaskState::kSkipped, TaskState::kCancelled}) {
    EXPECT_THAT(ParseTaskState(Name(s)), IsOkAndHolds(s));
  }
  for (auto t : {OperationType::kCreate, OperationType::kUpgrade, OperationType::kDelete}) {
    EXPECT_THAT(ParseOperationType(Name(t)), IsOkAndHolds(t));
  }
  for (auto r : {MachineRole::kControlPlane, MachineRole::kEtcd, MachineRole::kWorker}) {
    EXPECT_THAT(ParseMachineRole(Name(r)), IsOkAndHolds(r));
  }
  EXPECT_EQ(Name(MachineRole::kControlPlane), "control-plane");
}

TEST(RecordsTest, UnknownNameIsDataLoss) {
  EXPECT_THAT(ParseTaskState("paused"), StatusIs(absl::StatusCode::kDataLoss, HasSubstr("paused")));
}

TEST(RecordsTest, OperationTransitions) {
  using S = OperationState;
  EXPECT_TRUE(IsValidTransition(S::kPending, S::kRunning));
  EXPECT_TRUE(IsValidTransition(S::kRunning, S::kSucceeded));
  EXPECT_TRUE(IsValidTransition(S::kFailed, S::kRunning));  // eksa resume
  EXPECT_TRUE(IsValidTransition(S::kRunning, S::kRunning));
  EXPECT_FALSE(IsValidTransition(S::kSucceeded, S::kRunning));
  EXPECT_TRUE(IsValidTransition(S::kCancelled, S::kRunning));  // eksa resume after a cancel
  EXPECT_FALSE(IsValidTransition(S::kSucceeded, S::kPending));
  EXPECT_FALSE(IsValidTransition(S::kPending, S::kSucceeded));
  EXPECT_TRUE(IsFinished(S::kFailed));
  EXPECT_FALSE(IsFinished(S::kRunning));
}

TEST(RecordsTest, TaskTransitions) {
  using S = TaskState;
  EXPECT_TRUE(IsValidTransition(S::kPending, S::kRunning));
  EXPECT_TRUE(IsValidTransition(S::kRunning, S::kPending));  // agent lost
  EXPECT_TRUE(IsValidTransition(S::kFailed, S::kRunning));
  EXPECT_TRUE(IsValidTransition(S::kPending, S::kSkipped));
  EXPECT_FALSE(IsValidTransition(S::kSucceeded, S::kRunning));
  EXPECT_FALSE(IsValidTransition(S::kSkipped, S::kPending));
  EXPECT_TRUE(IsValidTransition(S::kCancelled, S::kRunning));
  EXPECT_FALSE(IsValidTransition(S::kPending, S::kSucceeded));
}

TEST(RecordsTest, SecretOutputsArePrefixed) {
  EXPECT_TRUE(IsSecretOutput("secret.join-token"));
  EXPECT_FALSE(IsSecretOutput("vm-moref"));
  EXPECT_FALSE(IsSecretOutput("my.secret.x"));
}

}  // namespace
}  // namespace eksa::planner::store
