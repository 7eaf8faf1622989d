#include "services/vsphere-agent/client/vim/property_watch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/vsphere-agent/client/vim/task_info.h"
#include "services/vsphere-agent/client/vim/testing/fake_vcenter.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::vim {
namespace {

using ::eksa::testing::StatusIs;
using soap::MoRef;
using ::testing::ElementsAre;
using testing::FakeVcenter;
using ::testing::HasSubstr;
using testing::ParseFixture;
using ::testing::SizeIs;

const MoRef kTask{"Task", "task-69"};

void ExpectCreate(FakeVcenter& vc) {
  vc.Reply("CreatePropertyCollector", "create_property_collector.xml");
  vc.Reply("CreateFilter", "create_filter.xml");
}

TEST(UpdateSetTest, NoReturnvalIsATimeout) {
  soap::Response r = ParseFixture("wait_for_updates_timeout.xml", "WaitForUpdatesEx");
  absl::StatusOr<std::optional<UpdateSet>> set = ParseUpdateSet(r.returnval());
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_FALSE(set->has_value());
}

TEST(UpdateSetTest, DecodesEnterWithAnUnsetProperty) {
  soap::Response r = ParseFixture("wait_for_updates_vm_enter.xml", "WaitForUpdatesEx");
  absl::StatusOr<std::optional<UpdateSet>> set = ParseUpdateSet(r.returnval());
  ASSERT_TRUE(set.ok()) << set.status();
  ASSERT_TRUE(set->has_value());
  const UpdateSet& u = **set;
  EXPECT_EQ(u.version, "-");
  EXPECT_FALSE(u.truncated);
  ASSERT_THAT(u.filters, SizeIs(1));
  ASSERT_THAT(u.filters[0].objects, SizeIs(1));
  const ObjectUpdate& o = u.filters[0].objects[0];
  EXPECT_EQ(o.kind, ObjectUpdateKind::kEnter);
  EXPECT_EQ(o.obj, (MoRef{"VirtualMachine", "vm-71"}));
  ASSERT_THAT(o.changes, SizeIs(2));
  EXPECT_EQ(o.changes[0].name, "guest.ipAddress");
  EXPECT_EQ(o.changes[0].op, PropertyChangeOp::kAssign);
  EXPECT_FALSE(o.changes[0].val);  // no address yet
  EXPECT_EQ(o.changes[1].name, "runtime.powerState");
  EXPECT_STREQ(o.changes[1].val.child_value(), "poweredOn");
}

TEST(UpdateSetTest, DecodesTruncatedAndRejectsUnknownKinds) {
  soap::Response r =
      ParseFixture("derived_wait_for_updates_task_truncated.xml", "WaitForUpdatesEx");
  absl::StatusOr<std::optional<UpdateSet>> set = ParseUpdateSet(r.returnval());
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_TRUE((*set)->truncated);
  EXPECT_EQ((*set)->version, "2a");

  pugi::xml_document doc;
  ASSERT_TRUE(
      doc.load_string("<returnval><version>1</version><filterSet><filter type='F'>f"
                      "</filter><objectSet><kind>explode</kind><obj type='T'>t</obj>"
                      "</objectSet></filterSet></returnval>"));
  EXPECT_THAT(ParseUpdateSet(doc.first_child()),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("unknown ObjectUpdate kind")));
}

TEST(PropertyWatchTest, ChainsVersionsAndDestroysItsCollector) {
  FakeVcenter vc;
  ExpectCreate(vc);
  vc.Reply("WaitForUpdatesEx", "derived_wait_for_updates_task_running.xml");
  vc.Reply("WaitForUpdatesEx", "wait_for_updates_timeout.xml");
  vc.Reply("WaitForUpdatesEx", "derived_wait_for_updates_task_progress.xml");
  vc.Reply("DestroyPropertyCollector", "destroy_property_collector.xml");
  {
    absl::StatusOr<std::unique_ptr<PropertyWatch>> watch = PropertyWatch::Create(
        vc.client, vc.content.property_collector, SingleObjectSpec(kTask, {"info"}));
    ASSERT_TRUE(watch.ok()) << watch.status();
    EXPECT_EQ((*watch)->collector().type, "PropertyCollector");
    EXPECT_THAT((*watch)->collector().value, HasSubstr("session["));

    absl::StatusOr<std::optional<Updates>> first = (*watch)->Next(absl::Seconds(10));
    ASSERT_TRUE(first.ok()) << first.status();
    ASSERT_TRUE(first->has_value());
    EXPECT_EQ((*watch)->version(), "1");
    absl::StatusOr<TaskInfo> info =
        ParseTaskInfo((*first)->sets[0].filters[0].objects[0].changes[0].val);
    ASSERT_TRUE(info.ok()) << info.status();
    EXPECT_EQ(info->state, TaskState::kRunning);

    absl::StatusOr<std::optional<Updates>> none = (*watch)->Next(absl::Milliseconds(1500));
    ASSERT_TRUE(none.ok()) << none.status();
    EXPECT_FALSE(none->has_value());
    EXPECT_EQ((*watch)->version(), "1");  // a timeout keeps the version

    absl::StatusOr<std::optional<Updates>> third = (*watch)->Next(absl::Hours(1));
    ASSERT_TRUE(third.ok()) << third.status();
    EXPECT_EQ((*watch)->version(), "2");
  }
  std::vector<std::string> waits = vc.Bodies("WaitForUpdatesEx");
  ASSERT_THAT(waits, SizeIs(3));
  EXPECT_THAT(waits[0], HasSubstr("<version></version><options><maxWaitSeconds>10<"));
  EXPECT_THAT(waits[1], HasSubstr("<version>1</version><options><maxWaitSeconds>2<"));
  // Capped at kMaxWaitPerCall.
  EXPECT_THAT(waits[2], HasSubstr("<version>1</version><options><maxWaitSeconds>60<"));
  EXPECT_THAT(vc.Bodies("CreateFilter"),
              ElementsAre(HasSubstr("<partialUpdates>false</partialUpdates>")));
  EXPECT_THAT(vc.Bodies("DestroyPropertyCollector"), ElementsAre(HasSubstr("session[")));
  EXPECT_THAT(vc.transport.Unused(), SizeIs(0));
}

TEST(PropertyWatchTest, FollowsATruncatedUpdateAtOnce) {
  FakeVcenter vc;
  ExpectCreate(vc);
  vc.Reply("WaitForUpdatesEx", "derived_wait_for_updates_task_truncated.xml");
  vc.Reply("WaitForUpdatesEx", "derived_wait_for_updates_task_success.xml");
  vc.Reply("DestroyPropertyCollector", "destroy_property_collector.xml");
  absl::StatusOr<std::unique_ptr<PropertyWatch>> watch = PropertyWatch::Create(
      vc.client, vc.content.property_collector, SingleObjectSpec(kTask, {"info"}));
  ASSERT_TRUE(watch.ok()) << watch.status();
  absl::StatusOr<std::optional<Updates>> next = (*watch)->Next(absl::Seconds(5));
  ASSERT_TRUE(next.ok()) << next.status();
  ASSERT_THAT((*next)->sets, SizeIs(2));
  EXPECT_EQ((*watch)->version(), "3");
  std::vector<std::string> waits = vc.Bodies("WaitForUpdatesEx");
  ASSERT_THAT(waits, SizeIs(2));
  EXPECT_THAT(waits[1], HasSubstr("<version>2a</version><options><maxWaitSeconds>0<"));
  EXPECT_TRUE((*watch)->Close().ok());
  EXPECT_TRUE((*watch)->Close().ok());  // idempotent: one DestroyPropertyCollector
  EXPECT_THAT(vc.Bodies("DestroyPropertyCollector"), SizeIs(1));
}

TEST(PropertyWatchTest, AFailedCreateFilterStillDestroysTheCollector) {
  FakeVcenter vc;
  vc.Reply("CreatePropertyCollector", "create_property_collector.xml");
  vc.Fault("CreateFilter", "destroy_task_missing.xml");
  vc.Reply("DestroyPropertyCollector", "destroy_property_collector.xml");
  EXPECT_THAT(PropertyWatch::Create(vc.client, vc.content.property_collector,
                                    SingleObjectSpec({"VirtualMachine", "vm-404"}, {"name"})),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("ManagedObjectNotFound")));
  EXPECT_THAT(vc.Bodies("DestroyPropertyCollector"), SizeIs(1));
}

}  // namespace
}  // namespace eksa::vsphere::vim
