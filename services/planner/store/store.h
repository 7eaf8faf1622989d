// The planner's store: operations, tasks, events and cluster records (ARCHITECTURE.md §3).
//
// Guarantees every implementation gives:
//  - Every write is atomic and durable when the call returns OK (a committed transaction
//    survives the process being killed at any moment and, with the SQLite store's settings, power
//    loss). A call that fails wrote nothing.
//  - Writes that must agree are one transaction: a task or operation state change and the event
//    that reports it (UpdateTask / UpdateOperationState with an event), so after a crash a task's
//    state always matches the events that were written with it.
//  - Event seqs are 1, 2, 3, ... per operation with no gap and no duplicate, assigned inside the
//    writing transaction; a seq returned to a caller is never reused, so a client resuming
//    WatchOperation from a seq sees exactly what it missed.
//  - Secrets (ClusterRecord::kubeconfig, task outputs named "secret.*") are sealed with the
//    store's SecretBox and never written in clear; reads return them decrypted. A sealed value
//    that does not authenticate (altered, or moved to another record) is kDataLoss.
// Waiting for new events is not the store's job: the service notifies its watchers and uses
// LatestSeq()/ListEvents() to catch up.
//
// Common codes: kInvalidArgument for a record missing its key fields; kNotFound for an unknown
// operation, task or cluster; kFailedPrecondition for a state transition records.h forbids;
// kUnavailable when the database is busy or the disk failed (retryable); kDataLoss for a row this
// binary cannot read. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/planner/store/records.h"

namespace eksa::planner::store {

struct OperationFilter {
  std::optional<OperationState> state;  // any state when unset
  std::string cluster_name;             // any cluster when empty
};

struct CreateOperationResult {
  OperationRecord operation;  // as stored: the existing one when `created` is false
  bool created = false;
};

class Store {
 public:
  virtual ~Store() = default;

  // Stores a new operation (id and request_id required; created/updated are set here).
  // Idempotent by request id: when `op.request_id` was used before by an operation with the same
  // type, cluster name, spec_yaml and options, returns that operation with created=false and writes
  // nothing (a retried StartOperation). The same request id with a different request is
  // kAlreadyExists naming the existing operation id; so is a reused operation id.
  [[nodiscard]] virtual absl::StatusOr<CreateOperationResult> CreateOperation(
      const OperationRecord& op) = 0;

  [[nodiscard]] virtual absl::StatusOr<OperationRecord> GetOperation(std::string_view id) = 0;
  [[nodiscard]] virtual absl::StatusOr<OperationRecord> GetOperationByRequestId(
      std::string_view request_id) = 0;

  // Operations matching `filter`, oldest first.
  [[nodiscard]] virtual absl::StatusOr<std::vector<OperationRecord>> ListOperations(
      const OperationFilter& filter) = 0;

  // Pending and running operations, oldest first: what a restarted planner resumes.
  [[nodiscard]] virtual absl::StatusOr<std::vector<OperationRecord>> ListUnfinishedOperations() = 0;

  // Sets the operation's state and error (OK clears it). When `event` is given it is appended in
  // the same transaction (its operation_id may be empty; another id is kInvalidArgument) and its
  // seq is returned; otherwise returns 0.
  [[nodiscard]] virtual absl::StatusOr<int64_t> UpdateOperationState(
      std::string_view id, OperationState state, const absl::Status& error,
      const std::optional<EventRecord>& event) = 0;

  // Stores the plan's tasks, in plan order, once. kAlreadyExists when the operation has tasks
  // already (a planner resuming an operation whose ListTasks() is empty plans it again).
  // Task ids must be unique within the operation (kInvalidArgument).
  [[nodiscard]] virtual absl::Status PutTasks(std::string_view operation_id,
                                              const std::vector<TaskRecord>& tasks) = 0;

  // Replaces the task's mutable fields (state, attempts, request_id, agent_id, last_error,
  // started, finished, outputs; kind and pool are kept) and, when `event` is given, appends it in
  // the same transaction and returns its seq (0 otherwise). `outputs` replaces the stored set.
  [[nodiscard]] virtual absl::StatusOr<int64_t> UpdateTask(
      const TaskRecord& task, const std::optional<EventRecord>& event) = 0;

  [[nodiscard]] virtual absl::StatusOr<TaskRecord> GetTask(std::string_view operation_id,
                                                           std::string_view task_id) = 0;
  // The operation's tasks in plan order (kNotFound for an unknown operation).
  [[nodiscard]] virtual absl::StatusOr<std::vector<TaskRecord>> ListTasks(
      std::string_view operation_id) = 0;

  // Appends an event and returns its seq; durable when this returns.
  [[nodiscard]] virtual absl::StatusOr<int64_t> AppendEvent(const EventRecord& event) = 0;

  // Events with seq >= from_seq in seq order, at most `limit` of them (0: no limit).
  // kNotFound for an unknown operation; kInvalidArgument for a negative limit.
  [[nodiscard]] virtual absl::StatusOr<std::vector<EventRecord>> ListEvents(
      std::string_view operation_id, int64_t from_seq, int limit) = 0;

  // The highest seq of the operation's events (0 when it has none).
  [[nodiscard]] virtual absl::StatusOr<int64_t> LatestSeq(std::string_view operation_id) = 0;

  // Creates or replaces the cluster record (machines included) by name.
  [[nodiscard]] virtual absl::Status PutCluster(const ClusterRecord& cluster) = 0;
  [[nodiscard]] virtual absl::StatusOr<ClusterRecord> GetCluster(std::string_view name) = 0;
  // kNotFound when there is no such cluster.
  [[nodiscard]] virtual absl::Status DeleteCluster(std::string_view name) = 0;
  // Every cluster record, by name.
  [[nodiscard]] virtual absl::StatusOr<std::vector<ClusterRecord>> ListClusters() = 0;
};

}  // namespace eksa::planner::store
