#include "services/planner/dag/graph.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "tests/testing/status_matchers.h"

namespace eksa::planner::dag {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TaskSpec Task(std::string id, absl::Duration estimate = absl::Seconds(1), bool on_failure = false) {
  TaskSpec spec;
  spec.id = std::move(id);
  spec.kind = "test";
  spec.estimate = estimate;
  spec.on_failure = on_failure;
  return spec;
}

Graph Build(const std::vector<std::string>& ids,
            const std::vector<std::pair<std::string, std::string>>& edges) {
  Graph g;
  for (const std::string& id : ids) EXPECT_THAT(g.AddTask(Task(id)), IsOk());
  for (const auto& [before, after] : edges) g.AddEdge(before, after);
  return g;
}

TEST(GraphTest, AcceptsIdsWithAndWithoutQualifier) {
  Graph g;
  EXPECT_THAT(g.AddTask(Task("validate-spec")), IsOk());
  EXPECT_THAT(g.AddTask(Task("create-vm[homelab-md-0-1]")), IsOk());
  EXPECT_THAT(g.AddTask(Task("ensure-template[ubuntu_22.04-1.29]")), IsOk());
  EXPECT_THAT(g.AddTask(Task("preflight-vcenter[VC01.lab]")), IsOk());
  EXPECT_EQ(g.tasks().size(), 4u);
  ASSERT_NE(g.Find("create-vm[homelab-md-0-1]"), nullptr);
  EXPECT_EQ(g.Find("create-vm[homelab-md-0-1]")->kind, "test");
  EXPECT_EQ(g.Find("create-vm"), nullptr);
}

TEST(GraphTest, RejectsMalformedIds) {
  for (const char* id : {"", "Create-vm", "create vm", "create_vm", "[x]", "create-vm[]",
                         "create-vm[a", "create-vm[a]b", "create-vm[a b]", "create-vm[a[b]]"}) {
    SCOPED_TRACE(id);
    Graph g;
    EXPECT_THAT(g.AddTask(Task(id)),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("is malformed")));
  }
}

TEST(GraphTest, RejectsDuplicateId) {
  Graph g;
  ASSERT_THAT(g.AddTask(Task("generate-pki")), IsOk());
  EXPECT_THAT(g.AddTask(Task("generate-pki")),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("\"generate-pki\"")));
  EXPECT_EQ(g.tasks().size(), 1u);
}

TEST(GraphTest, DuplicateEdgeIsIgnored) {
  Graph g = Build({"a", "b"}, {{"a", "b"}, {"a", "b"}});
  EXPECT_EQ(g.edges().size(), 1u);
  EXPECT_THAT(g.DependentsOf("a"), ElementsAre("b"));
}

TEST(GraphTest, ValidateNamesUnknownEdgeEnd) {
  Graph g = Build({"a"}, {{"a", "missing"}});
  EXPECT_THAT(g.Validate(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("edge a -> missing names unknown task \"missing\"")));
  Graph h = Build({"a"}, {{"ghost", "a"}});
  EXPECT_THAT(h.Validate(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unknown task \"ghost\"")));
}

TEST(GraphTest, EdgesMayBeAddedBeforeTasks) {
  Graph g;
  g.AddEdge("a", "b");
  ASSERT_THAT(g.AddTask(Task("a")), IsOk());
  ASSERT_THAT(g.AddTask(Task("b")), IsOk());
  EXPECT_THAT(g.Validate(), IsOk());
  EXPECT_THAT(g.DependenciesOf("b"), ElementsAre("a"));
}

TEST(GraphTest, ValidateRejectsSelfEdge) {
  Graph g = Build({"a"}, {{"a", "a"}});
  EXPECT_THAT(g.Validate(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("task a depends on itself")));
}

TEST(GraphTest, ValidateNamesTwoCycle) {
  Graph g = Build({"x", "a", "b"}, {{"x", "a"}, {"a", "b"}, {"b", "a"}});
  EXPECT_THAT(g.Validate(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cycle: a -> b -> a")));
}

TEST(GraphTest, ValidateNamesThreeCycleOnly) {
  // root and tail are outside the cycle and must not be listed.
  Graph g = Build({"root", "a", "b", "c", "tail"},
                  {{"root", "a"}, {"a", "b"}, {"b", "c"}, {"c", "a"}, {"c", "tail"}});
  absl::Status s = g.Validate();
  EXPECT_THAT(s,
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cycle: a -> b -> c -> a")));
  EXPECT_THAT(std::string(s.message()), ::testing::Not(HasSubstr("root")));
  EXPECT_THAT(g.TopologicalOrder(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cycle")));
  EXPECT_THAT(g.ComputeCriticalPath(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cycle")));
}

TEST(GraphTest, LongChainValidatesWithoutRecursion) {
  Graph g;
  constexpr int kLength = 100000;
  for (int i = 0; i < kLength; ++i) {
    ASSERT_THAT(g.AddTask(Task("t" + std::to_string(i))), IsOk());
    if (i > 0) g.AddEdge("t" + std::to_string(i - 1), "t" + std::to_string(i));
  }
  EXPECT_THAT(g.Validate(), IsOk());
}

TEST(GraphTest, OnFailureEdgeRules) {
  Graph g;
  ASSERT_THAT(g.AddTask(Task("apply")), IsOk());
  ASSERT_THAT(g.AddTask(Task("collect-diagnostics", absl::Seconds(1), true)), IsOk());
  ASSERT_THAT(g.AddTask(Task("upload-bundle", absl::Seconds(1), true)), IsOk());
  g.AddEdge("collect-diagnostics", "upload-bundle");  // on_failure → on_failure: fine
  EXPECT_THAT(g.Validate(), IsOk());

  Graph into = g;
  into.AddEdge("apply", "collect-diagnostics");
  EXPECT_THAT(into.Validate(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("edge apply -> collect-diagnostics joins an on_failure task")));
  Graph out_of = g;
  out_of.AddEdge("upload-bundle", "apply");
  EXPECT_THAT(out_of.Validate(), StatusIs(absl::StatusCode::kInvalidArgument,
                                          HasSubstr("edge upload-bundle -> apply joins")));
}

TEST(GraphTest, TopologicalOrderRespectsEdgesAndBreaksTiesByInsertion) {
  // Added out of dependency order on purpose: d first, then the diamond a → {b, c} → d, then e
  // independent. Ties between ready tasks go to the one added first.
  Graph g = Build({"d", "c", "e", "b", "a"}, {{"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}});
  EXPECT_THAT(g.TopologicalOrder(), IsOkAndHolds(ElementsAre("e", "a", "c", "b", "d")));
}

TEST(GraphTest, TopologicalOrderLeavesOutOnFailureTasks) {
  Graph g;
  ASSERT_THAT(g.AddTask(Task("collect-diagnostics", absl::Seconds(1), true)), IsOk());
  ASSERT_THAT(g.AddTask(Task("a")), IsOk());
  EXPECT_THAT(g.TopologicalOrder(), IsOkAndHolds(ElementsAre("a")));
}

TEST(GraphTest, DependenciesAndDependentsInEdgeOrder) {
  Graph g = Build({"a", "b", "c", "d"}, {{"a", "d"}, {"c", "d"}, {"b", "d"}, {"a", "b"}});
  EXPECT_THAT(g.DependenciesOf("d"), ElementsAre("a", "c", "b"));
  EXPECT_THAT(g.DependentsOf("a"), ElementsAre("d", "b"));
  EXPECT_THAT(g.DependenciesOf("a"), IsEmpty());
  EXPECT_THAT(g.DependentsOf("d"), IsEmpty());
  EXPECT_THAT(g.DependentsOf("nope"), IsEmpty());
}

TEST(GraphTest, CriticalPathOfDiamond) {
  Graph g;
  ASSERT_THAT(g.AddTask(Task("a", absl::Seconds(1))), IsOk());
  ASSERT_THAT(g.AddTask(Task("fast", absl::Seconds(2))), IsOk());
  ASSERT_THAT(g.AddTask(Task("slow", absl::Seconds(5))), IsOk());
  ASSERT_THAT(g.AddTask(Task("d", absl::Seconds(1))), IsOk());
  ASSERT_THAT(g.AddTask(Task("diag", absl::Hours(1), true)), IsOk());  // not counted
  for (const char* mid : {"fast", "slow"}) {
    g.AddEdge("a", mid);
    g.AddEdge(mid, "d");
  }
  absl::StatusOr<CriticalPath> path = g.ComputeCriticalPath();
  ASSERT_THAT(path, IsOk());
  EXPECT_THAT(path->task_ids, ElementsAre("a", "slow", "d"));
  EXPECT_EQ(path->length, absl::Seconds(7));
}

TEST(GraphTest, CriticalPathTieGoesToFirstAdded) {
  Graph g = Build({"a", "left", "right", "d"},
                  {{"a", "right"}, {"a", "left"}, {"right", "d"}, {"left", "d"}});
  EXPECT_THAT(g.ComputeCriticalPath(),
              IsOkAndHolds(Field(&CriticalPath::task_ids, ElementsAre("a", "left", "d"))));
}

TEST(GraphTest, CriticalPathOfEmptyGraph) {
  Graph g;
  absl::StatusOr<CriticalPath> path = g.ComputeCriticalPath();
  ASSERT_THAT(path, IsOk());
  EXPECT_THAT(path->task_ids, IsEmpty());
  EXPECT_EQ(path->length, absl::ZeroDuration());
}

// The create DAG of ARCHITECTURE.md §4 (3 etcd, 3 control plane, 3 workers), with estimates in
// seconds chosen so the template import and the serial control plane dominate.
Graph CreateDag() {
  Graph g;
  auto add = [&g](const std::string& id, int seconds, std::vector<std::string> after) {
    EXPECT_THAT(g.AddTask(Task(id, absl::Seconds(seconds))), IsOk());
    for (const std::string& before : after) g.AddEdge(before, id);
  };
  add("validate-spec", 1, {});
  add("preflight-vcenter[vc]", 5, {"validate-spec"});
  add("preflight-machine-config[cp]", 4, {"preflight-vcenter[vc]"});
  add("preflight-capacity", 2, {"preflight-machine-config[cp]"});
  add("preflight-gitops", 3, {"validate-spec"});
  add("generate-pki", 2, {"validate-spec"});
  add("ensure-template[ubuntu-1.29]", 300, {"preflight-machine-config[cp]"});
  add("bootstrap-cluster-init", 60, {"preflight-capacity", "preflight-gitops"});
  add("install-capi-bootstrap", 60, {"bootstrap-cluster-init"});
  add("apply-cluster-objects", 10, {"install-capi-bootstrap"});
  std::vector<std::string> machines;
  for (int i = 0; i < 3; ++i) {
    const std::string etcd = "create-vm[etcd-" + std::to_string(i) + "]";
    add(etcd, 90, {"generate-pki", "ensure-template[ubuntu-1.29]", "preflight-capacity"});
    machines.push_back(etcd);
  }
  add("create-vm[cp-0]", 120, machines);
  add("wait-control-plane", 30, {"create-vm[cp-0]"});
  add("create-vm[cp-1]", 120, {"wait-control-plane"});
  add("create-vm[cp-2]", 120, {"create-vm[cp-1]"});
  machines.insert(machines.end(), {"create-vm[cp-0]", "create-vm[cp-1]", "create-vm[cp-2]"});
  for (int i = 0; i < 3; ++i) {
    const std::string md = "create-vm[md-0-" + std::to_string(i) + "]";
    add(md, 100, {"wait-control-plane"});
    machines.push_back(md);
  }
  add("install-cni", 40, {"wait-control-plane"});
  add("install-capi-workload", 60, {"wait-control-plane"});
  machines.push_back("install-cni");
  add("wait-nodes-ready", 20, machines);
  add("capi-management-move", 30,
      {"wait-nodes-ready", "apply-cluster-objects", "install-capi-workload"});
  add("install-eksa-components", 20, {"capi-management-move"});
  add("gitops-commit-config", 5, {"install-eksa-components", "preflight-gitops"});
  add("gitops-install-flux", 40, {"gitops-commit-config"});
  add("write-cluster-artifacts", 1, {"install-eksa-components"});
  add("delete-bootstrap-cluster", 15, {"capi-management-move"});
  EXPECT_THAT(g.AddTask(Task("collect-diagnostics", absl::Hours(1), true)), IsOk());
  return g;
}

TEST(GraphTest, CriticalPathOfCreateDag) {
  Graph g = CreateDag();
  ASSERT_THAT(g.Validate(), IsOk());
  absl::StatusOr<CriticalPath> path = g.ComputeCriticalPath();
  ASSERT_THAT(path, IsOk());
  EXPECT_THAT(path->task_ids,
              ElementsAre("validate-spec", "preflight-vcenter[vc]", "preflight-machine-config[cp]",
                          "ensure-template[ubuntu-1.29]", "create-vm[etcd-0]", "create-vm[cp-0]",
                          "wait-control-plane", "create-vm[cp-1]", "create-vm[cp-2]",
                          "wait-nodes-ready", "capi-management-move", "install-eksa-components",
                          "gitops-commit-config", "gitops-install-flux"));
  // 1+5+4+300+90+120+30+120+120+20+30+20+5+40
  EXPECT_EQ(path->length, absl::Seconds(905));
}

TEST(GraphTest, CreateDagOrderStartsWithValidation) {
  Graph g = CreateDag();
  absl::StatusOr<std::vector<std::string>> order = g.TopologicalOrder();
  ASSERT_THAT(order, IsOk());
  EXPECT_EQ(order->size(), g.tasks().size() - 1);  // collect-diagnostics left out
  EXPECT_EQ(order->front(), "validate-spec");
  // Every edge goes forward in the order.
  auto position = [&](const std::string& id) {
    return std::find(order->begin(), order->end(), id) - order->begin();
  };
  for (const auto& [before, after] : g.edges()) {
    EXPECT_LT(position(before), position(after)) << before << " -> " << after;
  }
}

}  // namespace
}  // namespace eksa::planner::dag
