// Routing: a vSphere task goes to an agent of its vCenter server; replicas of one server share the
// tasks in flight.
#include <thread>

#include "services/planner/tasks/task_test_util.h"
#include "tests/fakes/agents/fake_vsphere_agent.h"

namespace eksa::planner::tasks::testing {
namespace {

using ::eksa::testing::fakes::FakeVCenter;
using ::eksa::testing::fakes::FakeVSphereAgent;
using ::testing::ElementsAre;
using ::testing::SizeIs;

class RoutingTest : public TasksTest {};

TEST_F(RoutingTest, TasksLandOnTheAgentOfTheirServer) {
  FakeVCenter vc2({.server = "127.0.0.2", .ip_block = 2}),
      vc3({.server = "127.0.0.3", .ip_block = 3});
  FakeVSphereAgent a("vsphere-a", vc2), b("vsphere-b", vc3);
  AddAgent(a, registry::AgentKind::kVSphere, {"127.0.0.2"});
  AddAgent(b, registry::AgentKind::kVSphere, {"127.0.0.3"});
  LabSpec on2{.name = "two", .server = "127.0.0.2"}, on3{.name = "three", .server = "127.0.0.3"};
  const std::string op2 = NewOperation(on2, "op-2"), op3 = NewOperation(on3, "op-3");

  for (auto [op, spec] : {std::pair(op2, on2), std::pair(op3, on3)}) {
    absl::StatusOr<dag::TaskOutputs> pki = RunTask(op, TaskOf(spec, "generate-pki"));
    ASSERT_THAT(pki, IsOk());
    dag::TaskSpec vm = TaskOf(spec, "create-vm", "-cp-");
    absl::StatusOr<dag::TaskOutputs> out = RunTask(op, vm, {{"generate-pki", *pki}});
    ASSERT_THAT(out, IsOk());
    EXPECT_EQ(out->at("agent"), spec.server == "127.0.0.2" ? "vsphere-a" : "vsphere-b");
    EXPECT_THAT(RunTask(op, TaskOf(spec, "preflight-vcenter")), IsOk());
  }
  EXPECT_THAT(a.script().CallsOf("CreateVm"), SizeIs(1));
  EXPECT_THAT(b.script().CallsOf("CreateVm"), SizeIs(1));
  EXPECT_THAT(a.script().RequestIds("CheckVCenter"), ElementsAre(""));
  ASSERT_THAT(vc2.Vms(), SizeIs(1));
  ASSERT_THAT(vc3.Vms(), SizeIs(1));
  EXPECT_EQ(vc2.Vms()[0].name.rfind("two-cp-", 0), 0u);
  EXPECT_EQ(vc3.Vms()[0].name.rfind("three-cp-", 0), 0u);
  EXPECT_EQ(vc2.Vms()[0].ip, "127.0.2.1");
}

TEST_F(RoutingTest, ReplicasOfOneServerShareTheLoad) {
  FakeVCenter vc;
  FakeVSphereAgent a("vsphere-a", vc), b("vsphere-b", vc);
  AddAgent(a, registry::AgentKind::kVSphere, {"127.0.0.2"});
  AddAgent(b, registry::AgentKind::kVSphere, {"127.0.0.2"});
  a.script().SetLatency("CreateVm", absl::Milliseconds(500));
  b.script().SetLatency("CreateVm", absl::Milliseconds(500));
  LabSpec spec{.workers = 4};
  const std::string op = NewOperation(spec);
  absl::StatusOr<dag::TaskOutputs> pki = RunTask(op, TaskOf(spec, "generate-pki"));
  ASSERT_THAT(pki, IsOk());
  std::vector<dag::TaskSpec> workers = TasksOf(spec, "create-vm", "-md-0-");
  ASSERT_THAT(workers, SizeIs(4));
  std::vector<std::thread> threads;
  std::vector<absl::StatusOr<dag::TaskOutputs>> results(4);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      results[i] = RunTask(op, workers[i], {{"generate-pki", *pki}});
    });
    // Each call is in flight before the next task picks, so every pick sees the load.
    const absl::Time until = absl::Now() + absl::Seconds(5);
    while (a.script().CallCount("CreateVm") + b.script().CallCount("CreateVm") <= i &&
           absl::Now() < until) {
      absl::SleepFor(absl::Milliseconds(2));
    }
  }
  for (std::thread& t : threads) t.join();
  for (const auto& r : results) EXPECT_THAT(r, IsOk());
  EXPECT_EQ(a.script().CallCount("CreateVm"), 2);
  EXPECT_EQ(b.script().CallCount("CreateVm"), 2);
}

}  // namespace
}  // namespace eksa::planner::tasks::testing
