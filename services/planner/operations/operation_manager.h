// Operations: validate the spec, plan the DAG, persist the run, execute it in the background,
// cancel, resume — the core behind PlannerService.
//
// Durability: the operation, its tasks and an operation-started event are stored before anything
// runs; every task transition is stored with its event (StoreObserver). A planner that restarts
// calls ResumeUnfinished(): each pending or running operation is planned again from its stored
// spec and options (the builders are deterministic, so the task ids are the same), tasks that
// succeeded are skipped with their stored outputs, and tasks that were running are sent again
// with the same request id ("<operation>/<task>"), which agents treat as a retry.
//
// One unfinished operation per cluster: a second Start for a cluster with one running is
// kAborted naming it. Thread-safe.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "libs/spec/spec.h"
#include "services/planner/dag/executor.h"
#include "services/planner/operations/event_hub.h"
#include "services/planner/operations/options.h"
#include "services/planner/store/store.h"

namespace eksa::planner::operations {

struct StartRequest {
  std::string request_id;  // the client's idempotency key (required)
  store::OperationType type = store::OperationType::kCreate;
  std::string spec_yaml;     // create, upgrade; delete: optional, names the cluster
  std::string spec_file;     // names the spec in diagnostics
  std::string cluster_name;  // delete without a spec; with one, empty or the spec's cluster
  OperationOptions options;
};

struct StartResult {
  store::OperationRecord operation;
  bool created = false;  // false: a retried request, the existing operation is returned
};

class OperationManager {
 public:
  OperationManager(store::Store& store, dag::TaskRunner& runner, EventHub& hub,
                   dag::ExecutorOptions executor_options);
  ~OperationManager();  // Shutdown()

  // Loads `spec_yaml` and builds the workflow for `type` (upgrade and delete read the cluster
  // record; a delete's cluster is `cluster_name` or the spec's, which must agree when both are
  // given). kInvalidArgument with every diagnostic as `file:line:col: error: …` lines for an
  // invalid spec, or for a delete naming no cluster or two different ones; kNotFound for an upgrade
  // or delete of an unknown cluster; kAlreadyExists for a create of a cluster that exists;
  // kFailedPrecondition for an upgrade that changes nothing.
  absl::StatusOr<dag::Graph> Plan(store::OperationType type, const std::string& spec_yaml,
                                  const std::string& spec_file, const std::string& cluster_name,
                                  const OperationOptions& options);

  // Plans, persists and starts the operation; returns once it is stored (it runs in the
  // background). Idempotent by request_id.
  absl::StatusOr<StartResult> Start(const StartRequest& request);

  // Starts every unfinished operation found in the store (planner start-up).
  absl::Status ResumeUnfinished();

  // Runs a failed or cancelled operation again from where it stopped. kFailedPrecondition for one
  // that succeeded or is still running.
  absl::StatusOr<store::OperationRecord> Resume(std::string_view operation_id);

  // Asks a running operation to stop (no new task starts; running ones are interrupted).
  // kFailedPrecondition when it is not running.
  absl::StatusOr<store::OperationRecord> Cancel(std::string_view operation_id);

  // Stops every running operation without recording an end: they stay running in the store and
  // the next planner resumes them. Idempotent.
  void Shutdown();

  // Blocks until no operation runs (tests and graceful shutdown).
  void WaitForIdle();

 private:
  struct Running {
    std::shared_ptr<dag::Cancellation> cancel = std::make_shared<dag::Cancellation>();
    std::thread thread;
    bool done = false;
  };

  absl::StatusOr<dag::Graph> PlanFor(const store::OperationRecord& op);
  // Stores the tasks if needed and starts the executor thread. Requires mu_.
  absl::Status Launch(store::OperationRecord op) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // As above with the graph already planned (Start plans before storing anything).
  absl::Status Launch(store::OperationRecord op, dag::Graph graph)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Run(store::OperationRecord op, dag::Graph graph, dag::ResumeState resume,
           std::vector<store::TaskRecord> tasks, std::shared_ptr<dag::Cancellation> cancel);
  void ReapLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  store::Store& store_;
  dag::TaskRunner& runner_;
  EventHub& hub_;
  const dag::Executor executor_;
  std::atomic<bool> stopping_{false};
  absl::Mutex mu_;
  std::map<std::string, Running, std::less<>> running_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::planner::operations
