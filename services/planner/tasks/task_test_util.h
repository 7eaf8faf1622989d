// Test support for services/planner/tasks: a SQLite store in a temporary directory, an agent
// registry on the real clock, fake agents registered and heartbeating, a spec builder, and a way
// to run one task of an operation the way the executor does.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/spec/spec.h"
#include "services/planner/dag/cancellation.h"
#include "services/planner/dag/executor.h"
#include "services/planner/dag/task_runner.h"
#include "services/planner/registry/agent_registry.h"
#include "services/planner/store/secret_box.h"
#include "services/planner/store/sqlite_store.h"
#include "services/planner/tasks/planner_task_runner.h"
#include "services/planner/workflows/create.h"
#include "tests/fakes/agents/fake_agent.h"
#include "tests/testing/status_matchers.h"

namespace eksa::planner::tasks::testing {

using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;

// A small cluster spec; every knob a test needs, nothing else.
struct LabSpec {
  std::string name = "lab";
  std::string server = "127.0.0.2";
  std::string endpoint = "127.0.0.10";
  int etcd = 0;
  int control_plane = 1;
  int workers = 2;
  std::string os = "bottlerocket";  // or "ubuntu"
  bool named_template = true;       // false: the template is imported (ensure-template)
  bool gitops = false;

  std::string Yaml() const {
    auto machine = [&](const std::string& n, const std::string& ds, const std::string& pool,
                       int disk, int mem) {
      std::string user = os == "ubuntu" ? "capv" : "ec2-user";
      return "---\napiVersion: anywhere.eks.amazonaws.com/v1alpha1\nkind: VSphereMachineConfig\n"
             "metadata: {name: " +
             n + "}\nspec:\n  datastore: /DC0/datastore/" + ds + "\n  folder: /DC0/vm/" + name +
             "\n  resourcePool: /DC0/host/C0/Resources/" + pool +
             "\n  diskGiB: " + std::to_string(disk) + "\n  memoryMiB: " + std::to_string(mem) +
             "\n  numCPUs: 2\n  osFamily: " + os +
             (named_template ? "\n  template: /DC0/vm/Templates/" + os : "") +
             "\n  users:\n  - name: " + user +
             "\n    sshAuthorizedKeys: [\"ssh-ed25519 "
             "AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g lab\"]\n";
    };
    std::string y =
        "apiVersion: anywhere.eks.amazonaws.com/v1alpha1\nkind: Cluster\nmetadata: {name: " + name +
        "}\nspec:\n  kubernetesVersion: \"1.31\"\n  clusterNetwork:\n    cniConfig: {cilium: {}}\n"
        "    pods: {cidrBlocks: [192.168.0.0/16]}\n    services: {cidrBlocks: [10.96.0.0/12]}\n"
        "  controlPlaneConfiguration:\n    count: " +
        std::to_string(control_plane) + "\n    endpoint: {host: " + endpoint +
        "}\n    machineGroupRef: {kind: VSphereMachineConfig, name: " + name +
        "-cp}\n  datacenterRef: {kind: VSphereDatacenterConfig, name: " + name + "}\n";
    if (etcd > 0) {
      y += "  externalEtcdConfiguration:\n    count: " + std::to_string(etcd) +
           "\n    machineGroupRef: {kind: VSphereMachineConfig, name: " + name + "-etcd}\n";
    }
    if (gitops) y += "  gitOpsRef: {kind: FluxConfig, name: " + name + "-flux}\n";
    y += "  workerNodeGroupConfigurations:\n  - {name: md-0, count: " + std::to_string(workers) +
         ", machineGroupRef: {kind: VSphereMachineConfig, name: " + name + "}}\n";
    y += "---\napiVersion: anywhere.eks.amazonaws.com/v1alpha1\nkind: VSphereDatacenterConfig\n"
         "metadata: {name: " +
         name + "}\nspec: {datacenter: DC0, network: VM Network, server: " + server +
         ", insecure: true}\n";
    y += machine(name + "-cp", "ds-cp", "cp", 25, 8192);
    y += machine(name, "ds-workers", "workers", 40, 16384);
    if (etcd > 0) y += machine(name + "-etcd", "ds-cp", "cp", 20, 12288);
    if (gitops) {
      y += "---\napiVersion: anywhere.eks.amazonaws.com/v1alpha1\nkind: FluxConfig\n"
           "metadata: {name: " +
           name +
           "-flux}\nspec:\n  github: {owner: example, repository: "
           "fleet, personal: true}\n";
    }
    return y;
  }
};

// Every task of `kind` whose id contains `part` in the create workflow of `spec`.
inline std::vector<dag::TaskSpec> TasksOf(const LabSpec& spec, std::string_view kind,
                                          std::string_view part = "", bool ip_check = false) {
  spec::LoadResult loaded = spec::LoadSpec(spec.name + ".yaml", spec.Yaml());
  for (const spec::Diagnostic& d : loaded.diagnostics.items()) {
    if (d.severity == spec::Severity::kError) ADD_FAILURE() << FormatText(d);
  }
  std::vector<dag::TaskSpec> out;
  if (loaded.diagnostics.HasErrors()) return out;
  absl::StatusOr<dag::Graph> g =
      workflows::BuildCreateWorkflow(loaded.spec, {.skip_ip_check = !ip_check});
  EXPECT_THAT(g, IsOk());
  if (!g.ok()) return out;
  for (const dag::TaskSpec& t : g->tasks()) {
    if (t.kind == kind && t.id.find(part) != std::string::npos) out.push_back(t);
  }
  return out;
}

// The task of `kind` whose id contains `part` in the create workflow of `spec` (skip-ip-check
// unless `ip_check`); fails the test when there is none.
inline dag::TaskSpec TaskOf(const LabSpec& spec, std::string_view kind, std::string_view part = "",
                            bool ip_check = false) {
  std::vector<dag::TaskSpec> tasks = TasksOf(spec, kind, part, ip_check);
  if (tasks.empty()) {
    ADD_FAILURE() << "no task " << kind << " with " << part;
    return {};
  }
  return tasks.front();
}

// Records how each task of an executor run ended.
class ResultsObserver final : public dag::ExecutionObserver {
 public:
  void OnTaskFinished(std::string_view id, const dag::TaskResult& result) override {
    absl::MutexLock lock(&mu_);
    results_[std::string(id)] = result;
  }
  std::map<std::string, dag::TaskResult> results() {
    absl::MutexLock lock(&mu_);
    return results_;
  }

 private:
  absl::Mutex mu_;
  std::map<std::string, dag::TaskResult> results_ ABSL_GUARDED_BY(mu_);
};

class TasksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "eksa-tasks-XXXXXX";
    ASSERT_NE(mkdtemp(dir_.data()), nullptr);
    absl::StatusOr<store::SecretBox> box =
        store::SecretBox::FromKey(store::SecretBox::GenerateKey());
    ASSERT_THAT(box, IsOk());
    box_ = std::make_unique<store::SecretBox>(*box);
    OpenStore();
    options_ = {.artifacts_dir = dir_ + "/artifacts",
                .liveness_poll = absl::Milliseconds(20),
                .key_algorithm = pki::KeyAlgorithm::kEcdsaP256};
    UseRegistry(absl::Seconds(2));
  }

  void TearDown() override {
    runner_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void OpenStore() {
    store_.reset();
    absl::StatusOr<std::unique_ptr<store::Store>> s =
        store::OpenSqliteStore(dir_ + "/planner.db", *box_);
    ASSERT_THAT(s, IsOk());
    store_ = *std::move(s);
  }

  // A fresh registry (agents must be added again) and runner.
  void UseRegistry(absl::Duration heartbeat_ttl) {
    runner_.reset();
    registry_ = std::make_unique<registry::AgentRegistry>(Clock::Real(), heartbeat_ttl);
    MakeRunner();
  }
  // A fresh runner with options_ over the current store and registry.
  void MakeRunner() {
    runner_ = std::make_unique<PlannerTaskRunner>(*store_, *registry_, options_);
  }

  // Starts `agent`, registers it and heartbeats every 50 ms.
  void AddAgent(::eksa::testing::fakes::FakeAgent& agent, registry::AgentKind kind,
                std::vector<std::string> servers = {}) {
    ASSERT_THAT(agent.Start(), IsOk());
    ASSERT_THAT(registry_->Register({.id = agent.id(),
                                     .kind = kind,
                                     .address = agent.address(),
                                     .vcenter_servers = std::move(servers)}),
                IsOk());
    agent.StartHeartbeats([this](const std::string& id) { (void)registry_->Heartbeat(id, 0); },
                          absl::Milliseconds(50));
  }

  // Stores an operation for `spec` and returns its id.
  std::string NewOperation(const LabSpec& spec, const std::string& id = "op-1",
                           store::OperationType type = store::OperationType::kCreate) {
    store::OperationRecord op{.id = id,
                              .request_id = "req-" + id,
                              .type = type,
                              .cluster_name = spec.name,
                              .state = store::OperationState::kRunning,
                              .spec_yaml = type == store::OperationType::kDelete ? "" : spec.Yaml(),
                              .spec_file = spec.name + ".yaml"};
    EXPECT_THAT(store_->CreateOperation(op), IsOk());
    return id;
  }

  // Runs one attempt of `task` in operation `op`, seeing `outputs` as earlier tasks' outputs.
  absl::StatusOr<dag::TaskOutputs> RunTask(
      const std::string& op, const dag::TaskSpec& task,
      const std::map<std::string, dag::TaskOutputs>& outputs = {},
      dag::Cancellation* cancel = nullptr, absl::Duration timeout = absl::Seconds(20)) {
    dag::Cancellation none;
    dag::TaskContext ctx(op, task.id, 1, absl::Now() + timeout, cancel != nullptr ? *cancel : none,
                         [&outputs](std::string_view id) -> const dag::TaskOutputs* {
                           auto it = outputs.find(std::string(id));
                           return it == outputs.end() ? nullptr : &it->second;
                         });
    return runner_->Run(task, ctx);
  }

  // Runs `tasks`, each after the one before, with the real executor (short backoff) and `resume`.
  struct ChainRun {
    absl::Status status;
    std::map<std::string, dag::TaskResult> results;
  };
  ChainRun RunChain(const std::string& op, const std::vector<dag::TaskSpec>& tasks,
                    const dag::ResumeState& resume = {}, dag::Cancellation* cancel = nullptr) {
    dag::Graph graph;
    for (size_t i = 0; i < tasks.size(); ++i) {
      EXPECT_THAT(graph.AddTask(tasks[i]), IsOk());
      if (i > 0) graph.AddEdge(tasks[i - 1].id, tasks[i].id);
    }
    dag::Executor executor({.backoff = {.initial_backoff = absl::Milliseconds(50),
                                        .max_backoff = absl::Milliseconds(200),
                                        .jitter = 0}});
    ResultsObserver observer;
    dag::Cancellation none;
    absl::Status s =
        executor.Run(graph, op, resume, *runner_, observer, cancel != nullptr ? *cancel : none);
    return {s, observer.results()};
  }

  std::string dir_;
  PlannerTaskRunnerOptions options_;
  std::unique_ptr<store::SecretBox> box_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<registry::AgentRegistry> registry_;
  std::unique_ptr<PlannerTaskRunner> runner_;
};

}  // namespace eksa::planner::tasks::testing
