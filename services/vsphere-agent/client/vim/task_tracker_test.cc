#include "services/vsphere-agent/client/vim/task_tracker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/vim/object_content.h"
#include "services/vsphere-agent/client/vim/testing/fake_vcenter.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::vim {
namespace {

using ::eksa::testing::StatusIs;
using soap::MoRef;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ParseFixture;

// The TaskInfo in a captured or derived RetrievePropertiesEx answer.
TaskInfo InfoFrom(std::string_view fixture) {
  soap::Response r = ParseFixture(fixture, "RetrievePropertiesEx");
  absl::StatusOr<RetrieveResult> result = ParseRetrieveResult(r.returnval());
  EXPECT_TRUE(result.ok()) << result.status();
  absl::StatusOr<TaskInfo> info = ParseTaskInfo(result->objects.at(0).Get("info"));
  EXPECT_TRUE(info.ok()) << info.status();
  return *info;
}

TEST(TaskInfoTest, DecodesASuccessfulClone) {
  TaskInfo t = InfoFrom("retrieve_task_info_success.xml");
  EXPECT_EQ(t.key, "task-69");
  EXPECT_EQ(t.task, (MoRef{"Task", "task-69"}));
  EXPECT_EQ(t.name, "CloneVm");
  EXPECT_EQ(t.entity, (MoRef{"VirtualMachine", "vm-63"}));
  EXPECT_EQ(t.state, TaskState::kSuccess);
  EXPECT_TRUE(t.error.ok());
  EXPECT_EQ(t.result, (MoRef{"VirtualMachine", "vm-71"}));
  EXPECT_EQ(t.progress, std::nullopt);
}

TEST(TaskInfoTest, DecodesRunningWithProgressAndQueued) {
  TaskInfo running = InfoFrom("derived_retrieve_task_info_running.xml");
  EXPECT_EQ(running.state, TaskState::kRunning);
  EXPECT_EQ(running.progress, 40);
  EXPECT_TRUE(running.cancelable);
  EXPECT_TRUE(running.result.empty());
  EXPECT_EQ(InfoFrom("derived_retrieve_task_info_queued.xml").state, TaskState::kQueued);
}

TEST(TaskInfoTest, DecodesTheErrorAsTheFaultsStatus) {
  TaskInfo t = InfoFrom("retrieve_task_info_error.xml");
  EXPECT_EQ(t.state, TaskState::kError);
  EXPECT_THAT(t.error,
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("InvalidPowerState")));
  std::optional<soap::Fault> fault = soap::FaultFromStatus(t.error);
  ASSERT_TRUE(fault.has_value());
  EXPECT_EQ(fault->fields["existingState"], "poweredOn");
}

TEST(TaskInfoTest, RejectsAnUnknownState) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string("<info><key>task-1</key><state>exploded</state></info>"));
  EXPECT_THAT(ParseTaskInfo(doc.first_child()),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("unknown state \"exploded\"")));
}

TEST(TaskTrackerTest, QueuedRunningSuccessReportsEachChange) {
  std::vector<std::string> seen;
  TaskTracker tracker([&](const TaskInfo& t) {
    seen.push_back(std::string(TaskStateName(t.state)) +
                   (t.progress ? "@" + std::to_string(*t.progress) : ""));
  });
  TaskInfo queued = InfoFrom("derived_retrieve_task_info_queued.xml");
  TaskInfo running = InfoFrom("derived_retrieve_task_info_running.xml");
  EXPECT_EQ(tracker.Observe(queued), std::nullopt);
  EXPECT_EQ(tracker.Observe(queued), std::nullopt);  // no change: no callback
  EXPECT_EQ(tracker.Observe(running), std::nullopt);
  running.progress = 90;
  EXPECT_EQ(tracker.Observe(running), std::nullopt);
  std::optional<absl::StatusOr<TaskInfo>> done =
      tracker.Observe(InfoFrom("retrieve_task_info_success.xml"));
  ASSERT_TRUE(done.has_value());
  ASSERT_TRUE(done->ok()) << done->status();
  EXPECT_EQ((*done)->result.value, "vm-71");
  EXPECT_THAT(seen, ElementsAre("queued", "running@40", "running@90", "success"));
  EXPECT_EQ(tracker.Describe(), "task CloneVm (task-69)");
}

TEST(TaskTrackerTest, ErrorKeepsTheFaultAndNamesTheTask) {
  TaskTracker tracker;
  std::optional<absl::StatusOr<TaskInfo>> done =
      tracker.Observe(InfoFrom("retrieve_task_info_duplicate_name.xml"));
  ASSERT_TRUE(done.has_value());
  EXPECT_THAT(done->status(), StatusIs(absl::StatusCode::kAlreadyExists,
                                       ::testing::MatchesRegex(
                                           "task CloneVM_Task \\(task-[0-9]+\\): DuplicateName: "
                                           "The name 'cap-fault' already exists\\.")));
  EXPECT_TRUE(soap::IsFault(done->status(), "DuplicateName"));
}

}  // namespace
}  // namespace eksa::vsphere::vim
