#include "services/planner/operations/operation_manager.h"

#include <random>
#include <utility>

#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/planner/operations/store_observer.h"
#include "services/planner/workflows/create.h"
#include "services/planner/workflows/delete.h"
#include "services/planner/workflows/tasks.h"
#include "services/planner/workflows/upgrade.h"

namespace eksa::planner::operations {
namespace {

std::string NewOperationId() {
  static const char kHex[] = "0123456789abcdef";
  std::random_device rd;
  std::string id = "op-";
  for (int i = 0; i < 16; ++i) id += kHex[rd() % 16];
  return id;
}

std::string_view Verb(store::OperationType type) {
  switch (type) {
    case store::OperationType::kCreate:
      return "Creating";
    case store::OperationType::kUpgrade:
      return "Upgrading";
    case store::OperationType::kDelete:
      return "Deleting";
  }
  return "Running";
}

absl::StatusOr<spec::ClusterSpec> LoadValid(const std::string& yaml, const std::string& file) {
  spec::LoadResult r = spec::LoadSpec(file.empty() ? "spec.yaml" : file, yaml);
  if (!r.diagnostics.HasErrors()) return std::move(r.spec);
  std::string message = "the cluster spec is not valid:";
  for (const spec::Diagnostic& d : r.diagnostics.items()) {
    if (d.severity == spec::Severity::kError) message += "\n" + spec::FormatText(d);
  }
  return absl::InvalidArgumentError(message);
}

// The cluster a delete is about: `cluster_name`, or the spec's Cluster when a spec is given
// (`eksa delete cluster -f`); both given must agree. kInvalidArgument when neither is given, the
// spec is not valid, or they disagree.
absl::StatusOr<std::string> DeleteTarget(const std::string& spec_yaml, const std::string& spec_file,
                                         const std::string& cluster_name) {
  if (spec_yaml.empty()) {
    if (cluster_name.empty()) {
      return absl::InvalidArgumentError("deleting a cluster: give its name or its spec");
    }
    return cluster_name;
  }
  EKSA_ASSIGN_OR_RETURN(spec::ClusterSpec spec, LoadValid(spec_yaml, spec_file));
  const std::string& name = spec.clusters[0].header.metadata.name.value;
  if (!cluster_name.empty() && cluster_name != name) {
    return absl::InvalidArgumentError("the spec describes cluster " + name + ", not " +
                                      cluster_name);
  }
  return name;
}

// The cluster record as the workflows see it: its last spec and its machines.
absl::StatusOr<workflows::ClusterState> StateOf(const store::ClusterRecord& record) {
  EKSA_ASSIGN_OR_RETURN(spec::ClusterSpec spec, LoadValid(record.spec_yaml, record.name + ".yaml"));
  workflows::ClusterState state{.spec = std::move(spec), .machines = {}};
  for (const store::MachineRecord& m : record.machines) {
    workflows::Machine machine{.name = m.name};
    switch (m.role) {
      case store::MachineRole::kEtcd:
        machine.role = workflows::Role::kEtcd;
        machine.group = "etcd";
        break;
      case store::MachineRole::kControlPlane:
        machine.role = workflows::Role::kControlPlane;
        machine.group = "cp";
        break;
      case store::MachineRole::kWorker:
        machine.role = workflows::Role::kWorker;
        machine.group = m.node_group;
        break;
    }
    state.machines.push_back(std::move(machine));
  }
  return state;
}

}  // namespace

OperationManager::OperationManager(store::Store& store, dag::TaskRunner& runner, EventHub& hub,
                                   dag::ExecutorOptions executor_options)
    : store_(store), runner_(runner), hub_(hub), executor_(std::move(executor_options)) {}

OperationManager::~OperationManager() { Shutdown(); }

absl::StatusOr<dag::Graph> OperationManager::Plan(store::OperationType type,
                                                  const std::string& spec_yaml,
                                                  const std::string& spec_file,
                                                  const std::string& cluster_name,
                                                  const OperationOptions& options) {
  if (type == store::OperationType::kDelete) {
    EKSA_ASSIGN_OR_RETURN(std::string name, DeleteTarget(spec_yaml, spec_file, cluster_name));
    absl::StatusOr<store::ClusterRecord> record = store_.GetCluster(name);
    if (absl::IsNotFound(record.status())) {
      return absl::NotFoundError("deleting cluster " + name + ": the planner has no record of it");
    }
    if (!record.ok()) return Annotate(record.status(), "deleting cluster " + name);
    EKSA_ASSIGN_OR_RETURN(workflows::ClusterState state, StateOf(*record));
    return workflows::BuildDeleteWorkflow(state);
  }
  EKSA_ASSIGN_OR_RETURN(spec::ClusterSpec spec, LoadValid(spec_yaml, spec_file));
  const std::string& name = spec.clusters[0].header.metadata.name.value;
  if (!cluster_name.empty() && cluster_name != name) {
    return absl::InvalidArgumentError("the spec describes cluster " + name + ", not " +
                                      cluster_name);
  }
  absl::StatusOr<store::ClusterRecord> record = store_.GetCluster(name);
  if (type == store::OperationType::kCreate) {
    if (record.ok()) {
      return absl::AlreadyExistsError("cluster " + name +
                                      " exists; change it with `eksa upgrade cluster -f`");
    }
    if (record.status().code() != absl::StatusCode::kNotFound) return record.status();
    return workflows::BuildCreateWorkflow(spec, options.create);
  }
  if (!record.ok()) return Annotate(record.status(), "upgrading cluster " + name);
  EKSA_ASSIGN_OR_RETURN(workflows::ClusterState state, StateOf(*record));
  return workflows::BuildUpgradeWorkflow(state, spec, spec_file,
                                         {.commit_spec = options.commit_spec});
}

absl::StatusOr<dag::Graph> OperationManager::PlanFor(const store::OperationRecord& op) {
  EKSA_ASSIGN_OR_RETURN(OperationOptions options, OperationOptions::Parse(op.options));
  EKSA_ASSIGN_OR_RETURN(dag::Graph graph,
                        Plan(op.type, op.spec_yaml, op.spec_file, op.cluster_name, options));
  if (!options.dry_run) return graph;
  return workflows::ChecksOnly(graph);
}

absl::StatusOr<StartResult> OperationManager::Start(const StartRequest& request) {
  if (request.request_id.empty()) {
    return absl::InvalidArgumentError("starting an operation: request_id is required");
  }
  std::string cluster = request.cluster_name;
  if (request.type == store::OperationType::kDelete) {
    EKSA_ASSIGN_OR_RETURN(cluster,
                          DeleteTarget(request.spec_yaml, request.spec_file, request.cluster_name));
  } else {
    EKSA_ASSIGN_OR_RETURN(spec::ClusterSpec spec, LoadValid(request.spec_yaml, request.spec_file));
    cluster = spec.clusters[0].header.metadata.name.value;
  }
  store::OperationRecord op{.id = NewOperationId(),
                            .request_id = request.request_id,
                            .type = request.type,
                            .cluster_name = cluster,
                            .state = store::OperationState::kRunning,
                            .spec_yaml = request.spec_yaml,
                            .spec_file = request.spec_file,
                            .options = request.options.Serialize()};
  absl::MutexLock lock(&mu_);
  if (stopping_) return absl::UnavailableError("the planner is shutting down");
  // A retried request returns the operation it started, whatever happened since.
  if (absl::StatusOr<store::OperationRecord> prior = store_.GetOperationByRequestId(op.request_id);
      prior.ok()) {
    EKSA_ASSIGN_OR_RETURN(store::CreateOperationResult same, store_.CreateOperation(op));
    return StartResult{.operation = std::move(same.operation), .created = false};
  }
  EKSA_ASSIGN_OR_RETURN(std::vector<store::OperationRecord> unfinished,
                        store_.ListUnfinishedOperations());
  for (const store::OperationRecord& other : unfinished) {
    if (other.cluster_name == cluster) {
      return absl::AbortedError("operation " + other.id + " is still running on cluster " +
                                cluster + "; wait for it, or cancel it first");
    }
  }
  // Plan before storing anything: a spec that cannot run leaves no trace.
  EKSA_ASSIGN_OR_RETURN(dag::Graph graph, PlanFor(op));
  EKSA_ASSIGN_OR_RETURN(store::CreateOperationResult created, store_.CreateOperation(op));
  EKSA_RETURN_IF_ERROR(Launch(created.operation, std::move(graph)));
  return StartResult{.operation = std::move(created.operation), .created = true};
}

absl::Status OperationManager::Launch(store::OperationRecord op) {
  EKSA_ASSIGN_OR_RETURN(dag::Graph graph, PlanFor(op));
  return Launch(std::move(op), std::move(graph));
}

absl::Status OperationManager::Launch(store::OperationRecord op, dag::Graph graph) {
  ReapLocked();
  EKSA_ASSIGN_OR_RETURN(std::vector<store::TaskRecord> tasks, store_.ListTasks(op.id));
  if (tasks.empty()) {
    for (const dag::TaskSpec& t : graph.tasks()) {
      tasks.push_back({.operation_id = op.id, .task_id = t.id, .kind = t.kind, .pool = t.pool});
    }
    EKSA_RETURN_IF_ERROR(store_.PutTasks(op.id, tasks));
  }
  dag::ResumeState resume;
  for (const store::TaskRecord& t : tasks) {
    if (t.state == store::TaskState::kSucceeded) resume.succeeded[t.task_id] = t.outputs;
  }
  if (op.state != store::OperationState::kRunning) {
    EKSA_RETURN_IF_ERROR(store_
                             .UpdateOperationState(op.id, store::OperationState::kRunning,
                                                   absl::OkStatus(), std::nullopt)
                             .status());
  }
  std::string what = std::string(Verb(op.type)) + " cluster " + op.cluster_name;
  if (!resume.succeeded.empty()) {
    what += " (resuming: " + std::to_string(resume.succeeded.size()) + " of " +
            std::to_string(tasks.size()) + " tasks already done)";
  }
  EKSA_ASSIGN_OR_RETURN(
      int64_t seq,
      store_.AppendEvent(
          {.operation_id = op.id, .type = event::kOperationStarted, .message = what, .level = 0}));
  hub_.Reopen(op.id);
  hub_.Publish(op.id, seq);
  Running& r = running_[op.id];
  r = Running{};
  r.thread = std::thread(&OperationManager::Run, this, std::move(op), std::move(graph),
                         std::move(resume), std::move(tasks), r.cancel);
  return absl::OkStatus();
}

void OperationManager::Run(store::OperationRecord op, dag::Graph graph, dag::ResumeState resume,
                           std::vector<store::TaskRecord> tasks,
                           std::shared_ptr<dag::Cancellation> cancel) {
  StoreObserver observer(store_, hub_, op, std::move(tasks), stopping_);
  (void)executor_.Run(graph, op.id, resume, runner_, observer, *cancel);  // observer records it
  absl::MutexLock lock(&mu_);
  if (auto it = running_.find(op.id); it != running_.end()) it->second.done = true;
}

void OperationManager::ReapLocked() {
  for (auto it = running_.begin(); it != running_.end();) {
    if (!it->second.done) {
      ++it;
      continue;
    }
    it->second.thread.join();  // it has finished: the join does not block
    it = running_.erase(it);
  }
}

absl::Status OperationManager::ResumeUnfinished() {
  EKSA_ASSIGN_OR_RETURN(std::vector<store::OperationRecord> ops, store_.ListUnfinishedOperations());
  absl::MutexLock lock(&mu_);
  absl::Status first;
  for (store::OperationRecord& op : ops) {
    if (running_.count(op.id)) continue;
    absl::Status s = Launch(op);
    if (!s.ok()) {
      // An operation that cannot be planned again (its spec no longer loads) is failed, not lost.
      (void)store_.UpdateOperationState(
          op.id, store::OperationState::kFailed, s,
          store::EventRecord{.type = event::kOperationFinished,
                             .message = "❌ cannot resume: " + std::string(s.message()),
                             .code = s.code()});
      hub_.Finish(op.id);
      if (first.ok()) first = Annotate(s, "resuming operation " + op.id);
    }
  }
  return first;
}

absl::StatusOr<store::OperationRecord> OperationManager::Resume(std::string_view operation_id) {
  EKSA_ASSIGN_OR_RETURN(store::OperationRecord op, store_.GetOperation(operation_id));
  absl::MutexLock lock(&mu_);
  if (running_.count(op.id) && !running_[op.id].done) {
    return absl::FailedPreconditionError("operation " + op.id + " is running");
  }
  if (op.state != store::OperationState::kFailed && op.state != store::OperationState::kCancelled) {
    return absl::FailedPreconditionError("operation " + op.id + " is " +
                                         std::string(store::Name(op.state)) +
                                         "; only failed or cancelled operations resume");
  }
  EKSA_RETURN_IF_ERROR(Launch(op));
  return store_.GetOperation(op.id);
}

absl::StatusOr<store::OperationRecord> OperationManager::Cancel(std::string_view operation_id) {
  {
    absl::MutexLock lock(&mu_);
    auto it = running_.find(operation_id);
    if (it == running_.end() || it->second.done) {
      return absl::FailedPreconditionError("operation " + std::string(operation_id) +
                                           " is not running");
    }
    it->second.cancel->Cancel();
  }
  return store_.GetOperation(operation_id);
}

void OperationManager::Shutdown() {
  std::map<std::string, Running, std::less<>> all;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    for (auto& [id, r] : running_) r.cancel->Cancel();
    all.swap(running_);
  }
  for (auto& [id, r] : all) r.thread.join();
}

void OperationManager::WaitForIdle() {
  absl::MutexLock lock(&mu_);
  auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    for (const auto& [id, r] : running_) {
      if (!r.done) return false;
    }
    return true;
  };
  mu_.Await(absl::Condition(&idle));
  ReapLocked();
}

}  // namespace eksa::planner::operations
