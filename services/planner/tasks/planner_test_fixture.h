// Test support: a whole planner core (OperationManager + PlannerTaskRunner + the SQLite store)
// with fake agents over gRPC: two vSphere replicas of 127.0.0.2, a bootstrap and a gitops agent,
// and a control-plane endpoint that does not answer (preflight-endpoint passes).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "services/planner/operations/event_hub.h"
#include "services/planner/operations/operation_manager.h"
#include "services/planner/tasks/task_test_util.h"
#include "services/planner/tasks/test_listener.h"
#include "tests/fakes/agents/fake_bootstrap_agent.h"
#include "tests/fakes/agents/fake_gitops_agent.h"
#include "tests/fakes/agents/fake_vsphere_agent.h"

namespace eksa::planner::tasks::testing {

using ::eksa::testing::fakes::Call;
using ::eksa::testing::fakes::FakeAgent;
using ::eksa::testing::fakes::FakeBootstrapAgent;
using ::eksa::testing::fakes::FakeGitOpsAgent;
using ::eksa::testing::fakes::FakeVCenter;
using ::eksa::testing::fakes::FakeVSphereAgent;

class PlannerTest : public TasksTest {
 protected:
  void SetUp() override {
    TasksTest::SetUp();
    AddAgent(vsphere_a_, registry::AgentKind::kVSphere, {"127.0.0.2"});
    AddAgent(vsphere_b_, registry::AgentKind::kVSphere, {"127.0.0.2"});
    AddAgent(bootstrap_, registry::AgentKind::kBootstrap);
    AddAgent(gitops_, registry::AgentKind::kGitOps);
    // preflight-endpoint dials the endpoint at a port of a listener that never answers: free.
    options_.endpoint_check_port = silent_endpoint_.port();
    options_.endpoint_check_timeout = absl::Milliseconds(200);
    MakeRunner();
    StartManager();
  }
  void TearDown() override {
    manager_.reset();
    TasksTest::TearDown();
  }

  void StartManager() {
    manager_ = std::make_unique<operations::OperationManager>(
        *store_, *runner_, hub_,
        dag::ExecutorOptions{.backoff = {.initial_backoff = absl::Milliseconds(50),
                                         .max_backoff = absl::Milliseconds(200),
                                         .jitter = 0}});
  }

  operations::StartRequest Request(store::OperationType type, const LabSpec& spec,
                                   const std::string& request_id) {
    return {.request_id = request_id,
            .type = type,
            .spec_yaml = type == store::OperationType::kDelete ? "" : spec.Yaml(),
            .spec_file = "lab.yaml",
            .cluster_name = spec.name};
  }
  operations::StartRequest Create() {
    return Request(store::OperationType::kCreate, spec_, "cli-1");
  }

  // Starts the request, waits for the operation to end and returns it.
  absl::StatusOr<store::OperationRecord> RunToEnd(const operations::StartRequest& request) {
    absl::StatusOr<operations::StartResult> started = manager_->Start(request);
    if (!started.ok()) return started.status();
    manager_->WaitForIdle();
    return store_->GetOperation(started->operation.id);
  }

  std::vector<Call> AllCalls() {
    std::vector<Call> all;
    for (FakeAgent* a :
         std::initializer_list<FakeAgent*>{&vsphere_a_, &vsphere_b_, &bootstrap_, &gitops_}) {
      for (Call& c : a->script().calls()) all.push_back(std::move(c));
    }
    return all;
  }

  // External etcd, two workers, an imported template and GitOps: every task kind of create.
  LabSpec spec_{
      .endpoint = "127.0.0.10", .etcd = 1, .workers = 2, .named_template = false, .gitops = true};
  Listener silent_endpoint_{"127.0.0.10", /*listening=*/true, /*saturated=*/true};
  FakeVCenter vcenter_;
  FakeVSphereAgent vsphere_a_{"vsphere-a", vcenter_}, vsphere_b_{"vsphere-b", vcenter_};
  FakeBootstrapAgent bootstrap_{"bootstrap-a"};
  FakeGitOpsAgent gitops_{"gitops-a"};
  operations::EventHub hub_;
  std::unique_ptr<operations::OperationManager> manager_;
};

}  // namespace eksa::planner::tasks::testing
