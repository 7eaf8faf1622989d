// The planner's durable records: operations, their tasks and events, and clusters.
//
// Plain C++ values (no protobuf): the store is below the RPC layer, and a second implementation
// (PostgreSQL) must be able to reuse them as they are. States are stored by name, so enum values
// may be reordered without a migration.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace eksa::planner::store {

enum class OperationType { kCreate, kUpgrade, kDelete };
enum class OperationState { kPending, kRunning, kSucceeded, kFailed, kCancelled };
enum class TaskState { kPending, kRunning, kSucceeded, kFailed, kSkipped, kCancelled };
enum class MachineRole { kControlPlane, kEtcd, kWorker };

// Names as stored: "create", "running", "control-plane", ... Parse* is kDataLoss for an unknown
// name (a row this binary cannot read).
std::string_view Name(OperationType v);
std::string_view Name(OperationState v);
std::string_view Name(TaskState v);
std::string_view Name(MachineRole v);
absl::StatusOr<OperationType> ParseOperationType(std::string_view name);
absl::StatusOr<OperationState> ParseOperationState(std::string_view name);
absl::StatusOr<TaskState> ParseTaskState(std::string_view name);
absl::StatusOr<MachineRole> ParseMachineRole(std::string_view name);

// Pending and running operations are unfinished: a restarted planner resumes them.
bool IsFinished(OperationState s);

// The transitions a store accepts (anything else is kFailedPrecondition). Staying in the same
// state is always allowed (an update of other fields, or a retried write).
//   operation: pending → running | failed | cancelled; running → succeeded | failed | cancelled;
//              failed | cancelled → pending | running (`eksa resume`); succeeded is final.
//   task:      pending → running | failed | skipped | cancelled;
//              running → pending (agent lost) | succeeded | failed | cancelled;
//              failed | cancelled → pending | running (retry, resume); succeeded and skipped
//              are final.
bool IsValidTransition(OperationState from, OperationState to);
bool IsValidTransition(TaskState from, TaskState to);

struct OperationRecord {
  std::string id;          // assigned by the caller; unique
  std::string request_id;  // the client's idempotency key for StartOperation; unique
  OperationType type = OperationType::kCreate;
  std::string cluster_name;
  OperationState state = OperationState::kPending;
  std::string spec_yaml;  // the spec as submitted (never holds secrets: ARCHITECTURE.md §2)
  std::string spec_file;  // the path the client read it from, for messages
  // The options the workflow was built with (`key=value` lines, e.g. skip-ip-check=true), so a
  // resumed operation rebuilds exactly the same task graph. Never secret.
  std::string options;
  absl::Status error;     // why it failed; OK otherwise
  absl::Time created;     // set by the store
  absl::Time updated;     // set by the store on every change
};

// Output keys starting with this prefix are secret: sealed with the store's key at rest, and
// returned decrypted. Every other output is stored as is.
inline constexpr std::string_view kSecretOutputPrefix = "secret.";
bool IsSecretOutput(std::string_view key);

struct TaskRecord {
  std::string operation_id;
  std::string task_id;  // the DAG's stable id ("create-vm[homelab-md-0-1]")
  std::string kind;
  std::string pool;
  TaskState state = TaskState::kPending;
  int attempts = 0;  // attempts started so far
  // The agent request id of the current attempt, written before the RPC is sent, so a restarted
  // planner re-sends a running task with the same id and the agent treats it as a retry.
  std::string request_id;
  std::string agent_id;
  absl::Status last_error;
  std::optional<absl::Time> started;
  std::optional<absl::Time> finished;
  std::map<std::string, std::string> outputs;  // see kSecretOutputPrefix
};

struct EventRecord {
  std::string operation_id;
  int64_t seq = 0;  // assigned by the store: 1, 2, 3, ... per operation, without gaps
  // When it happened; InfinitePast() (the default) means "now" by the store's clock.
  absl::Time time = absl::InfinitePast();
  std::string type;     // e.g. "task-started", "task-finished", "operation-state"
  std::string task_id;  // empty for operation-level events
  std::string message;  // already redacted by its producer
  absl::StatusCode code = absl::StatusCode::kOk;
  absl::Duration duration = absl::ZeroDuration();
  int level = 0;  // verbosity 0..9 at which the CLI shows it (log.h)
};

struct MachineRecord {
  std::string name;
  MachineRole role = MachineRole::kWorker;
  std::string node_group;  // worker node group name; empty for control plane and etcd
  std::string vm_path;     // inventory path
  std::string moref;       // "vm-1234"
  std::string ip;
};

struct ClusterRecord {
  std::string name;
  std::string spec_yaml;  // the desired spec, as last applied
  std::vector<MachineRecord> machines;
  std::string kubeconfig;  // admin kubeconfig: SECRET, sealed at rest
  absl::Time updated;      // set by the store
};

}  // namespace eksa::planner::store
