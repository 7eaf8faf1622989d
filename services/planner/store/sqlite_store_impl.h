// The SQLite store's class (internal; users call OpenSqliteStore in sqlite_store.h). Its methods
// are spread over sqlite_store.cc (opening, operations, events), sqlite_store_tasks.cc and
// sqlite_store_clusters.cc.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "libs/common/clock.h"
#include "services/planner/store/secret_box.h"
#include "services/planner/store/sqlite_db.h"
#include "services/planner/store/store.h"

namespace eksa::planner::store::internal {

class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<Db> db, const SecretBox& box, Clock& clock)
      : db_(std::move(db)), box_(box), clock_(clock) {}

  // Seals a check value on first open; kPermissionDenied when it does not open with box_.
  [[nodiscard]] absl::Status CheckKey();

  absl::StatusOr<CreateOperationResult> CreateOperation(const OperationRecord& op) override;
  absl::StatusOr<OperationRecord> GetOperation(std::string_view id) override;
  absl::StatusOr<OperationRecord> GetOperationByRequestId(std::string_view request_id) override;
  absl::StatusOr<std::vector<OperationRecord>> ListOperations(
      const OperationFilter& filter) override;
  absl::StatusOr<std::vector<OperationRecord>> ListUnfinishedOperations() override;
  absl::StatusOr<int64_t> UpdateOperationState(std::string_view id, OperationState state,
                                               const absl::Status& error,
                                               const std::optional<EventRecord>& event) override;
  absl::Status PutTasks(std::string_view operation_id,
                        const std::vector<TaskRecord>& tasks) override;
  absl::StatusOr<int64_t> UpdateTask(const TaskRecord& task,
                                     const std::optional<EventRecord>& event) override;
  absl::StatusOr<TaskRecord> GetTask(std::string_view operation_id,
                                     std::string_view task_id) override;
  absl::StatusOr<std::vector<TaskRecord>> ListTasks(std::string_view operation_id) override;
  absl::StatusOr<int64_t> AppendEvent(const EventRecord& event) override;
  absl::StatusOr<std::vector<EventRecord>> ListEvents(std::string_view operation_id,
                                                      int64_t from_seq, int limit) override;
  absl::StatusOr<int64_t> LatestSeq(std::string_view operation_id) override;
  absl::Status PutCluster(const ClusterRecord& cluster) override;
  absl::StatusOr<ClusterRecord> GetCluster(std::string_view name) override;
  absl::Status DeleteCluster(std::string_view name) override;
  absl::StatusOr<std::vector<ClusterRecord>> ListClusters() override;

 private:
  // Operations whose row matches `where` (SQL after FROM, with up to two `?` bound to `args`),
  // oldest first.
  absl::StatusOr<std::vector<OperationRecord>> SelectOperations(
      std::string_view where, std::initializer_list<std::string_view> args)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The operation whose `column` ("id" or "request_id") equals `value`, if any.
  absl::StatusOr<std::optional<OperationRecord>> FindOperation(std::string_view column,
                                                               std::string_view value)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status RequireOperation(std::string_view id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Appends `event` to `operation_id` inside the caller's transaction; returns its seq.
  absl::StatusOr<int64_t> InsertEvent(const EventRecord& event, std::string_view operation_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Status InsertOutputs(const TaskRecord& task) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The operation's tasks (or the one named `task_id`) with their outputs, in plan order.
  absl::StatusOr<std::vector<TaskRecord>> SelectTasks(std::string_view operation_id,
                                                      std::optional<std::string_view> task_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // Every cluster (or the one named `name`) with machines, kubeconfig opened.
  absl::StatusOr<std::vector<ClusterRecord>> SelectClusters(std::optional<std::string_view> name)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  int64_t NowMicros() { return absl::ToUnixMicros(clock_.Now()); }

  absl::Mutex mu_;
  std::unique_ptr<Db> db_ ABSL_GUARDED_BY(mu_);
  const SecretBox box_;
  Clock& clock_;
};

}  // namespace eksa::planner::store::internal
