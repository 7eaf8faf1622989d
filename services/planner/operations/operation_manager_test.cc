// OperationManager over a real SQLite store and the real executor, with a scripted task runner.
#include "services/planner/operations/operation_manager.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <set>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "services/planner/store/sqlite_store.h"
#include "services/planner/testing/lab_spec.h"
#include "services/planner/testing/scripted_runner.h"
#include "services/planner/workflows/tasks.h"
#include "tests/testing/status_matchers.h"

namespace eksa::planner::operations {
namespace {

using ::eksa::planner::testing::kLab;
using ::eksa::planner::testing::ScriptedRunner;

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

class OperationManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = ::testing::TempDir() + "eksa-ops-XXXXXX";
    ASSERT_NE(mkdtemp(dir.data()), nullptr);
    path_ = dir + "/planner.db";
    absl::StatusOr<store::SecretBox> box =
        store::SecretBox::FromKey(store::SecretBox::GenerateKey());
    ASSERT_THAT(box, IsOk());
    box_ = std::make_unique<store::SecretBox>(*box);
    OpenStore();
    manager_ = NewManager();
  }

  void OpenStore() {
    absl::StatusOr<std::unique_ptr<store::Store>> s = store::OpenSqliteStore(path_, *box_);
    ASSERT_THAT(s, IsOk());
    store_ = *std::move(s);
  }

  std::unique_ptr<OperationManager> NewManager() {
    dag::ExecutorOptions options;
    options.backoff.initial_backoff = absl::Milliseconds(1);
    options.backoff.max_backoff = absl::Milliseconds(2);
    return std::make_unique<OperationManager>(*store_, runner_, hub_, options);
  }

  StartRequest Create(std::string request_id = "req-1") {
    StartRequest r{.request_id = std::move(request_id),
                   .type = store::OperationType::kCreate,
                   .spec_yaml = kLab,
                   .spec_file = "lab.yaml"};
    r.options.create.skip_ip_check = true;
    return r;
  }

  std::vector<store::EventRecord> Events(const std::string& op) {
    absl::StatusOr<std::vector<store::EventRecord>> e = store_->ListEvents(op, 1, 0);
    EXPECT_THAT(e, IsOk());
    return e.ok() ? *e : std::vector<store::EventRecord>{};
  }

  store::TaskState StateOf(const std::string& op, const std::string& task) {
    absl::StatusOr<store::TaskRecord> t = store_->GetTask(op, task);
    EXPECT_THAT(t, IsOk()) << task;
    return t.ok() ? t->state : store::TaskState::kPending;
  }

  std::string VmTask(const std::string& op, const std::string& role) {
    for (const store::TaskRecord& t : *store_->ListTasks(op)) {
      if (t.kind == workflows::kind::kCreateVm && t.task_id.find(role) != std::string::npos) {
        return t.task_id;
      }
    }
    ADD_FAILURE() << "no create-vm task for " << role;
    return "";
  }

  std::string path_;
  std::unique_ptr<store::SecretBox> box_;
  std::unique_ptr<store::Store> store_;
  ScriptedRunner runner_;
  EventHub hub_;
  std::unique_ptr<OperationManager> manager_;
};

TEST_F(OperationManagerTest, CreateRunsEveryTaskAndRecordsEachStep) {
  absl::StatusOr<StartResult> started = manager_->Start(Create());
  ASSERT_THAT(started, IsOk());
  EXPECT_TRUE(started->created);
  manager_->WaitForIdle();
  const std::string op = started->operation.id;
  EXPECT_EQ(store_->GetOperation(op)->state, store::OperationState::kSucceeded);
  std::vector<store::TaskRecord> tasks = *store_->ListTasks(op);
  for (const store::TaskRecord& t : tasks) {
    if (t.kind == workflows::kind::kCollectDiagnostics) {
      EXPECT_EQ(t.state, store::TaskState::kPending) << "diagnostics run only on failure";
      continue;
    }
    EXPECT_EQ(t.state, store::TaskState::kSucceeded) << t.task_id;
    EXPECT_EQ(t.request_id, op + "/" + t.task_id);
    EXPECT_EQ(t.outputs.at("ran"), t.task_id);
  }
  std::vector<store::EventRecord> events = Events(op);
  ASSERT_FALSE(events.empty());
  for (size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].seq, static_cast<int64_t>(i + 1));
  EXPECT_EQ(events.front().type, "operation-started");
  EXPECT_EQ(events.front().message, "Creating cluster lab");
  EXPECT_EQ(events.back().type, "operation-finished");
  EXPECT_EQ(events.back().message, "🎉 Cluster created!");
  std::vector<std::string> lines;
  for (const store::EventRecord& e : events) {
    if (e.type == "task-finished") lines.push_back(e.message);
  }
  EXPECT_THAT(lines, Contains("Created new bootstrap cluster"));
  EXPECT_THAT(lines, Contains(HasSubstr("Machine ready: lab-md-0-")));
  EXPECT_TRUE(hub_.WaitBeyond(op, events.back().seq, absl::Now()).finished);
}

TEST_F(OperationManagerTest, InvalidSpecIsRejectedAndNothingIsStored) {
  StartRequest r = Create();
  r.spec_yaml = std::string(kLab).replace(std::string(kLab).find("count: 1"), 8, "count: 0");
  EXPECT_THAT(manager_->Start(r),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("lab.yaml:12:12: error: spec.controlPlaneConfiguration.count: "
                                 "control plane node count must be positive")));
  EXPECT_THAT(store_->ListOperations({}), eksa::testing::IsOkAndHolds(::testing::IsEmpty()));
}

TEST_F(OperationManagerTest, StartIsIdempotentByRequestId) {
  absl::StatusOr<StartResult> first = manager_->Start(Create("same"));
  ASSERT_THAT(first, IsOk());
  manager_->WaitForIdle();
  absl::StatusOr<StartResult> again = manager_->Start(Create("same"));
  ASSERT_THAT(again, IsOk());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->operation.id, first->operation.id);
  EXPECT_EQ(store_->ListOperations({})->size(), 1u);
}

TEST_F(OperationManagerTest, OneOperationPerClusterAtATime) {
  runner_.Hold("validate-spec");
  absl::StatusOr<StartResult> first = manager_->Start(Create("a"));
  ASSERT_THAT(first, IsOk());
  EXPECT_THAT(manager_->Start(Create("b")),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("operation " + first->operation.id +
                                                             " is still running on "
                                                             "cluster lab")));
  runner_.Release("validate-spec");
  manager_->WaitForIdle();
}

TEST_F(OperationManagerTest, CreatingAClusterThatExistsIsRefused) {
  ASSERT_THAT(store_->PutCluster({.name = "lab", .spec_yaml = kLab}), IsOk());
  EXPECT_THAT(manager_->Start(Create()),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("cluster lab exists")));
}

TEST_F(OperationManagerTest, FailureRunsDiagnosticsAndResumeSkipsWhatSucceeded) {
  absl::StatusOr<StartResult> started = manager_->Start(Create());
  ASSERT_THAT(started, IsOk());
  manager_->WaitForIdle();
  // Fail the first worker of a fresh cluster; the rest of the run must not be repeated on resume.
  ASSERT_THAT(store_->DeleteCluster("lab").code(),
              ::testing::AnyOf(absl::StatusCode::kOk, absl::StatusCode::kNotFound));
  std::string op;
  {
    StartRequest r = Create("req-2");
    absl::StatusOr<dag::Graph> g = manager_->Plan(r.type, r.spec_yaml, r.spec_file, "", r.options);
    ASSERT_THAT(g, IsOk());
    std::string worker;
    for (const dag::TaskSpec& t : g->tasks()) {
      if (t.kind == workflows::kind::kCreateVm && t.id.find("md-0") != std::string::npos) {
        worker = t.id;
        break;
      }
    }
    runner_.Fail(worker, absl::FailedPreconditionError("template /DC0/vm/br not found"));
    absl::StatusOr<StartResult> second = manager_->Start(r);
    ASSERT_THAT(second, IsOk());
    manager_->WaitForIdle();
    op = second->operation.id;
    store::OperationRecord record = *store_->GetOperation(op);
    EXPECT_EQ(record.state, store::OperationState::kFailed);
    EXPECT_THAT(record.error, StatusIs(absl::StatusCode::kFailedPrecondition,
                                       HasSubstr(worker + ": template /DC0/vm/br not found")));
    EXPECT_EQ(StateOf(op, worker), store::TaskState::kFailed);
    EXPECT_EQ(StateOf(op, "collect-diagnostics"), store::TaskState::kSucceeded);
    EXPECT_THAT(Events(op).back().message, HasSubstr("eksa resume " + op));
    // FAILED_PRECONDITION is never retried (the first operation ran the same task id too).
    EXPECT_THAT(runner_.CallsOf(worker),
                ::testing::ElementsAre(started->operation.id + "/" + worker, op + "/" + worker));
  }
  size_t calls_before = runner_.Calls().size();
  absl::StatusOr<store::OperationRecord> resumed = manager_->Resume(op);
  ASSERT_THAT(resumed, IsOk());
  manager_->WaitForIdle();
  EXPECT_EQ(store_->GetOperation(op)->state, store::OperationState::kSucceeded);
  std::vector<ScriptedRunner::Call> calls = runner_.Calls();
  std::set<std::string> rerun;
  for (size_t i = calls_before; i < calls.size(); ++i) rerun.insert(calls[i].task);
  EXPECT_THAT(rerun, Not(Contains("validate-spec")));
  EXPECT_THAT(rerun, Not(Contains("generate-pki")));
  EXPECT_THAT(rerun, Contains("wait-nodes-ready"));
  EXPECT_EQ(Events(op).back().message, "🎉 Cluster created!");
}

TEST_F(OperationManagerTest, CancelStopsTheRunAndResumeFinishesIt) {
  runner_.Hold("generate-pki");
  absl::StatusOr<StartResult> started = manager_->Start(Create());
  ASSERT_THAT(started, IsOk());
  const std::string op = started->operation.id;
  runner_.WaitUntilRunning("generate-pki");
  ASSERT_THAT(manager_->Cancel(op), IsOk());
  manager_->WaitForIdle();
  EXPECT_EQ(store_->GetOperation(op)->state, store::OperationState::kCancelled);
  EXPECT_EQ(StateOf(op, "generate-pki"), store::TaskState::kCancelled);
  EXPECT_EQ(StateOf(op, "bootstrap-cluster-init"), store::TaskState::kPending);
  EXPECT_THAT(manager_->Cancel(op), StatusIs(absl::StatusCode::kFailedPrecondition));
  runner_.Release("generate-pki");
  ASSERT_THAT(manager_->Resume(op), IsOk());
  manager_->WaitForIdle();
  EXPECT_EQ(store_->GetOperation(op)->state, store::OperationState::kSucceeded);
  EXPECT_THAT(manager_->Resume(op), StatusIs(absl::StatusCode::kFailedPrecondition,
                                             HasSubstr("only failed or cancelled")));
}

TEST_F(OperationManagerTest, ARestartedPlannerResumesAndResendsTheRunningTaskWithItsRequestId) {
  runner_.Hold("bootstrap-cluster-init");
  absl::StatusOr<StartResult> started = manager_->Start(Create());
  ASSERT_THAT(started, IsOk());
  const std::string op = started->operation.id;
  runner_.WaitUntilRunning("bootstrap-cluster-init");
  manager_->Shutdown();  // the planner goes away mid-task; nothing records an end
  manager_.reset();
  EXPECT_EQ(store_->GetOperation(op)->state, store::OperationState::kRunning);
  store_.reset();
  OpenStore();  // a new planner process opens the same database
  runner_.Release("bootstrap-cluster-init");
  manager_ = NewManager();
  ASSERT_THAT(manager_->ResumeUnfinished(), IsOk());
  manager_->WaitForIdle();
  EXPECT_EQ(store_->GetOperation(op)->state, store::OperationState::kSucceeded);
  std::vector<std::string> sends = runner_.CallsOf("bootstrap-cluster-init");
  ASSERT_EQ(sends.size(), 2u);
  EXPECT_EQ(sends[0], op + "/bootstrap-cluster-init");
  EXPECT_EQ(sends[1], sends[0]);
  EXPECT_EQ(runner_.CallsOf("validate-spec").size(), 1u);  // done before the restart
  std::vector<store::EventRecord> events = Events(op);
  for (size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].seq, static_cast<int64_t>(i + 1));
}

TEST_F(OperationManagerTest, DeletingAnUnknownClusterIsNotFound) {
  StartRequest r{
      .request_id = "del", .type = store::OperationType::kDelete, .cluster_name = "nope"};
  EXPECT_THAT(manager_->Start(r),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("deleting cluster nope: the planner has no record of it")));
}

TEST_F(OperationManagerTest, DeleteWithASpecDeletesTheClusterTheSpecNames) {
  ASSERT_THAT(store_->PutCluster({.name = "lab", .spec_yaml = kLab}), IsOk());
  StartRequest other{.request_id = "del-other",
                     .type = store::OperationType::kDelete,
                     .spec_yaml = kLab,
                     .spec_file = "lab.yaml",
                     .cluster_name = "other"};
  EXPECT_THAT(manager_->Start(other),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("the spec describes cluster lab, not other")));
  EXPECT_THAT(manager_->Plan(store::OperationType::kDelete, kLab, "lab.yaml", "", {}), IsOk());
  // `eksa delete cluster -f lab.yaml`: no name, the spec's.
  StartRequest by_spec{.request_id = "del-spec",
                       .type = store::OperationType::kDelete,
                       .spec_yaml = kLab,
                       .spec_file = "lab.yaml"};
  absl::StatusOr<StartResult> deleted = manager_->Start(by_spec);
  ASSERT_THAT(deleted, IsOk());
  EXPECT_EQ(deleted->operation.cluster_name, "lab");
  manager_->WaitForIdle();
  EXPECT_EQ(store_->GetOperation(deleted->operation.id)->state, store::OperationState::kSucceeded);
  EXPECT_EQ(Events(deleted->operation.id).front().message, "Deleting cluster lab");
}

TEST_F(OperationManagerTest, DeleteNamingNoClusterIsInvalid) {
  StartRequest r{.request_id = "del", .type = store::OperationType::kDelete};
  EXPECT_THAT(manager_->Start(r),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("give its name or its spec")));
}

TEST(OperationOptionsTest, RoundTripsAndRejectsUnknownKeys) {
  OperationOptions o;
  o.create.skip_ip_check = true;
  o.create.per_machine_wait = absl::Minutes(3);
  o.commit_spec = false;
  absl::StatusOr<OperationOptions> back = OperationOptions::Parse(o.Serialize());
  ASSERT_THAT(back, IsOk());
  EXPECT_TRUE(back->create.skip_ip_check);
  EXPECT_EQ(back->create.per_machine_wait, absl::Minutes(3));
  EXPECT_FALSE(back->commit_spec);
  EXPECT_THAT(OperationOptions::Parse("fast=yes\n"),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("fast=yes")));
}

}  // namespace
}  // namespace eksa::planner::operations
