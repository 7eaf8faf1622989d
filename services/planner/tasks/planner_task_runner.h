// The TaskRunner the planner runs its workflows with: dispatches each task on its kind to the
// function that does it (one file per task family in this folder; README.md has the table of
// kinds → RPCs → outputs, and what is still a placeholder).
//
// Construction: one runner serves every operation (OperationManager takes a single TaskRunner).
// A task finds its spec by TaskContext::operation_id() (operation_spec.h: the OperationRecord from
// the store, loaded and cached per operation). Agent tasks go through AgentCaller (agent_call.h):
// routing by pool, the attempt's deadline, the task's request id, failover when an agent stops
// heartbeating, cancellation.
//
//   tasks::PlannerTaskRunner runner(store, registry, {.artifacts_dir = config.artifacts_dir});
//   operations::OperationManager manager(store, runner, hub, executor_options);
//
// Outputs are strings; keys starting "secret." (PKI keys, kubeconfigs, the bootstrap token) are
// sealed by the store and never appear in other outputs, events or errors.
//
// Thread-safe: the executor calls Run() concurrently for different tasks and operations.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/common/clock.h"
#include "services/planner/dag/task_runner.h"
#include "services/planner/pki/key.h"
#include "services/planner/registry/agent_registry.h"
#include "services/planner/store/store.h"
#include "services/planner/tasks/agent_call.h"

namespace eksa::planner::tasks {

struct PlannerTaskRunnerOptions {
  // Where write-cluster-artifacts puts <name>/<name>-eks-a-cluster.{kubeconfig,yaml}.
  std::string artifacts_dir = ".";
  ChannelFactory channel_factory;  // null: insecure TCP channels (InsecureChannelFactory)
  Clock* clock = nullptr;          // must be the executor's clock; null: Clock::Real()
  absl::Duration liveness_poll = absl::Milliseconds(100);  // agent heartbeat check in calls
  // preflight-endpoint: EKS-A dials <endpoint>:80 with a 500 ms timeout. Tests point the port at
  // a listener they own on a 127.0.0.x address.
  int endpoint_check_port = 80;
  absl::Duration endpoint_check_timeout = absl::Milliseconds(500);
  // Keys of generate-pki. RSA 2048 as kubeadm; tests use ECDSA P-256 for speed.
  pki::KeyAlgorithm key_algorithm = pki::KeyAlgorithm::kRsa2048;
};

class PlannerTaskRunner final : public dag::TaskRunner {
 public:
  // `store` and `registry` must outlive the runner.
  PlannerTaskRunner(store::Store& store, registry::AgentRegistry& registry,
                    PlannerTaskRunnerOptions options = {});
  ~PlannerTaskRunner() override;

  // Runs one attempt of `spec`. Codes beyond the task's own: kUnimplemented for a kind with no
  // runner (final); the store's error when the operation or its spec cannot be loaded.
  absl::StatusOr<dag::TaskOutputs> Run(const dag::TaskSpec& spec, dag::TaskContext& ctx) override;

  AgentCaller& agents();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace eksa::planner::tasks
