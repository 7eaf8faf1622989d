#include "services/vsphere-agent/client/vim/task_wait.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/vim/testing/fake_vcenter.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::vim {
namespace {

using ::eksa::testing::StatusIs;
using soap::MoRef;
using ::testing::ElementsAre;
using testing::FakeVcenter;
using ::testing::HasSubstr;
using ::testing::SizeIs;

const MoRef kTask{"Task", "task-69"};

class WaitForTaskTest : public ::testing::Test {
 protected:
  void ExpectWatch() {
    vc_.Reply("CreatePropertyCollector", "create_property_collector.xml");
    vc_.Reply("CreateFilter", "create_filter.xml");
    vc_.Reply("DestroyPropertyCollector", "destroy_property_collector.xml");
  }
  TaskWaitOptions Options() {
    return {.deadline = clock_.Now() + absl::Seconds(5),
            .on_progress =
                [this](const TaskInfo& t) {
                  states_.push_back(std::string(TaskStateName(t.state)) +
                                    (t.progress ? "@" + std::to_string(*t.progress) : ""));
                },
            .clock = &clock_};
  }

  FakeVcenter vc_;
  FakeClock clock_{absl::FromUnixSeconds(1000)};
  std::vector<std::string> states_;
};

TEST_F(WaitForTaskTest, AFinishedTaskTakesOneCall) {
  vc_.Reply("RetrievePropertiesEx", "retrieve_task_info_success.xml");
  absl::StatusOr<TaskInfo> done =
      WaitForTask(vc_.client, vc_.content.property_collector, kTask, Options());
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->result, (MoRef{"VirtualMachine", "vm-71"}));
  EXPECT_THAT(vc_.transport.requests(), SizeIs(1));
  EXPECT_THAT(vc_.Bodies("RetrievePropertiesEx"),
              ElementsAre(HasSubstr("<pathSet>info</pathSet>")));
  EXPECT_THAT(states_, ElementsAre("success"));
}

TEST_F(WaitForTaskTest, FollowsQueuedRunningSuccessThroughUpdates) {
  vc_.Reply("RetrievePropertiesEx", "derived_retrieve_task_info_queued.xml");
  ExpectWatch();
  vc_.Reply("WaitForUpdatesEx", "derived_wait_for_updates_task_running.xml");
  vc_.Reply("WaitForUpdatesEx", "wait_for_updates_timeout.xml");
  vc_.Reply("WaitForUpdatesEx", "derived_wait_for_updates_task_progress.xml");
  vc_.Reply("WaitForUpdatesEx", "derived_wait_for_updates_task_success.xml");
  absl::StatusOr<TaskInfo> done =
      WaitForTask(vc_.client, vc_.content.property_collector, kTask, Options());
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->result.value, "vm-71");
  EXPECT_THAT(states_, ElementsAre("queued", "running@40", "running@80", "success"));
  std::vector<std::string> waits = vc_.Bodies("WaitForUpdatesEx");
  ASSERT_THAT(waits, SizeIs(4));
  EXPECT_THAT(waits[0], HasSubstr("<version></version>"));
  EXPECT_THAT(waits[1], HasSubstr("<version>1</version>"));
  EXPECT_THAT(waits[2], HasSubstr("<version>1</version>"));  // after a timeout: same version
  EXPECT_THAT(waits[3], HasSubstr("<version>2</version>"));
  EXPECT_THAT(vc_.transport.Unused(), SizeIs(0));  // the collector was destroyed
}

TEST_F(WaitForTaskTest, AFaultInsideARunningTaskIsItsStatus) {
  vc_.Reply("RetrievePropertiesEx", "derived_retrieve_task_info_running.xml");
  ExpectWatch();
  vc_.Reply("WaitForUpdatesEx", "derived_wait_for_updates_task_error.xml");
  absl::StatusOr<TaskInfo> done =
      WaitForTask(vc_.client, vc_.content.property_collector, kTask, Options());
  EXPECT_THAT(done, StatusIs(absl::StatusCode::kAlreadyExists,
                             "task CloneVm (task-69): DuplicateName: The name 'cap-fault' "
                             "already exists."));
  EXPECT_TRUE(soap::IsFault(done.status(), "DuplicateName"));
  EXPECT_EQ(soap::FaultFromStatus(done.status())->fields["name"], "cap-fault");
}

TEST_F(WaitForTaskTest, AFailedTaskSeenAtOnce) {
  vc_.Reply("RetrievePropertiesEx", "retrieve_task_info_error.xml");
  MoRef task = testing::FirstObjectIn("retrieve_task_info_error.xml");
  EXPECT_THAT(WaitForTask(vc_.client, vc_.content.property_collector, task),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("task PowerOn (" + task.value + "): InvalidPowerState")));
}

TEST_F(WaitForTaskTest, DeadlineCancelsTheTask) {
  vc_.Reply("RetrievePropertiesEx", "derived_retrieve_task_info_running.xml");
  ExpectWatch();
  // Each wait uses up 3 s of the 5 s budget.
  vc_.Reply("WaitForUpdatesEx", "derived_wait_for_updates_task_running.xml")
      .OnCall([&](const transport::Request&) { clock_.Advance(absl::Seconds(3)); });
  vc_.Reply("WaitForUpdatesEx", "wait_for_updates_timeout.xml")
      .OnCall([&](const transport::Request&) { clock_.Advance(absl::Seconds(3)); });
  vc_.Reply("CancelTask", "derived_cancel_task.xml");
  absl::StatusOr<TaskInfo> done =
      WaitForTask(vc_.client, vc_.content.property_collector, kTask, Options());
  EXPECT_THAT(done, StatusIs(absl::StatusCode::kDeadlineExceeded,
                             "waiting for task CloneVm (task-69): deadline exceeded while "
                             "running; cancel requested"));
  std::vector<std::string> waits = vc_.Bodies("WaitForUpdatesEx");
  ASSERT_THAT(waits, SizeIs(2));
  EXPECT_THAT(waits[0], HasSubstr("<maxWaitSeconds>5<"));
  EXPECT_THAT(waits[1], HasSubstr("<maxWaitSeconds>2<"));
  EXPECT_THAT(vc_.Bodies("CancelTask"), ElementsAre(HasSubstr(">task-69</_this>")));
  EXPECT_THAT(vc_.transport.Unused(), SizeIs(0));
}

TEST_F(WaitForTaskTest, DeadlineReportsACancelTheServerRefused) {
  vc_.Reply("RetrievePropertiesEx", "derived_retrieve_task_info_queued.xml");
  ExpectWatch();
  vc_.Reply("WaitForUpdatesEx", "wait_for_updates_timeout.xml")
      .OnCall([&](const transport::Request&) { clock_.Advance(absl::Seconds(6)); });
  vc_.Fault("CancelTask", "cancel_task_not_implemented.xml");  // the simulator's answer
  EXPECT_THAT(WaitForTask(vc_.client, vc_.content.property_collector, kTask, Options()),
              StatusIs(absl::StatusCode::kDeadlineExceeded,
                       HasSubstr("deadline exceeded while queued; cancel failed: CancelTask: "
                                 "MethodNotFound")));
}

TEST_F(WaitForTaskTest, CancellationStopsTheWait) {
  vc_.Reply("RetrievePropertiesEx", "derived_retrieve_task_info_running.xml");
  ExpectWatch();
  bool cancelled = false;
  vc_.Reply("WaitForUpdatesEx", "wait_for_updates_timeout.xml")
      .OnCall([&](const transport::Request&) { cancelled = true; });
  vc_.Reply("CancelTask", "derived_cancel_task.xml");
  TaskWaitOptions options = Options();
  options.cancelled = [&] { return cancelled; };
  EXPECT_THAT(WaitForTask(vc_.client, vc_.content.property_collector, kTask, options),
              StatusIs(absl::StatusCode::kCancelled, HasSubstr("cancelled while running")));
}

TEST_F(WaitForTaskTest, AMissingTaskIsNotFound) {
  vc_.Fault("RetrievePropertiesEx", "destroy_task_missing.xml");
  EXPECT_THAT(WaitForTask(vc_.client, vc_.content.property_collector, {"Task", "task-404"}),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("waiting for task task-404")));
}

}  // namespace
}  // namespace eksa::vsphere::vim
