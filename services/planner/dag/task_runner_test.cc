#include "services/planner/dag/task_runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "absl/time/time.h"
#include "tests/testing/status_matchers.h"

namespace eksa::planner::dag {
namespace {

using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::HasSubstr;

TEST(TaskContextTest, CarriesIdentityAndOutputs) {
  const std::map<std::string, TaskOutputs> done = {{"create-vm[cp-0]", {{"vm-id", "vm-1"}}}};
  Cancellation cancel;
  const absl::Time deadline = absl::FromUnixSeconds(1000);
  TaskContext ctx("op-1", "wait-control-plane", 2, deadline, cancel,
                  [&](std::string_view id) -> const TaskOutputs* {
                    auto it = done.find(std::string(id));
                    return it == done.end() ? nullptr : &it->second;
                  });
  EXPECT_EQ(ctx.operation_id(), "op-1");
  EXPECT_EQ(ctx.task_id(), "wait-control-plane");
  EXPECT_EQ(ctx.request_id(), "op-1/wait-control-plane");
  EXPECT_EQ(ctx.attempt(), 2);
  EXPECT_EQ(ctx.deadline(), deadline);
  EXPECT_FALSE(ctx.cancelled());
  cancel.Cancel();
  EXPECT_TRUE(ctx.cancelled());
  EXPECT_THAT(ctx.Output("create-vm[cp-0]", "vm-id"), IsOkAndHolds("vm-1"));
  EXPECT_THAT(ctx.Output("create-vm[cp-0]", "ip"),
              StatusIs(absl::StatusCode::kNotFound, "task create-vm[cp-0] has no output \"ip\""));
  EXPECT_THAT(
      ctx.Output("generate-pki", "ca"),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("generate-pki: it has not succeeded")));
}

TEST(TaskContextTest, RequestIdIsOperationSlashTask) {
  EXPECT_EQ(TaskContext::RequestIdFor("3f2a", "create-vm[md-0-1]"), "3f2a/create-vm[md-0-1]");
}

}  // namespace
}  // namespace eksa::planner::dag
