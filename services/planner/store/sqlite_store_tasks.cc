// Tasks and their outputs in the SQLite store.
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "services/planner/store/rows.h"
#include "services/planner/store/sqlite_store_impl.h"

namespace eksa::planner::store::internal {
namespace {

std::optional<int64_t> Micros(const std::optional<absl::Time>& t) {
  if (!t.has_value()) return std::nullopt;
  return absl::ToUnixMicros(*t);
}

}  // namespace

absl::Status SqliteStore::PutTasks(std::string_view operation_id,
                                   const std::vector<TaskRecord>& tasks) {
  absl::flat_hash_set<std::string> ids;
  for (const TaskRecord& t : tasks) {
    if (t.task_id.empty() || !ids.insert(t.task_id).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("task ids must be non-empty and unique; \"", t.task_id, "\" is not"));
    }
  }
  absl::MutexLock lock(&mu_);
  EKSA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(*db_));
  EKSA_RETURN_IF_ERROR(RequireOperation(operation_id));
  EKSA_ASSIGN_OR_RETURN(
      Statement count,
      db_->Query("SELECT COUNT(*) FROM tasks WHERE operation_id = ?", operation_id));
  EKSA_ASSIGN_OR_RETURN(bool row, count.Step());
  if (row && count.Int(0) > 0) {
    return absl::AlreadyExistsError(
        absl::StrCat("operation ", AbslView(operation_id), " has its tasks already"));
  }
  int64_t position = 0;
  for (TaskRecord t : tasks) {
    t.operation_id = std::string(operation_id);
    EKSA_RETURN_IF_ERROR(
        db_->Exec("INSERT INTO tasks (operation_id, task_id, position, kind, pool, state, "
                  "attempts, request_id, agent_id, error_code, error_message, started_us, "
                  "finished_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  t.operation_id, t.task_id, position++, t.kind, t.pool, Name(t.state), t.attempts,
                  t.request_id, t.agent_id, static_cast<int>(t.last_error.code()),
                  Message(t.last_error), Micros(t.started), Micros(t.finished))
            .status());
    EKSA_RETURN_IF_ERROR(InsertOutputs(t));
  }
  return txn.Commit();
}

absl::StatusOr<int64_t> SqliteStore::UpdateTask(const TaskRecord& task,
                                                const std::optional<EventRecord>& event) {
  absl::MutexLock lock(&mu_);
  EKSA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(*db_));
  EKSA_ASSIGN_OR_RETURN(Statement q,
                        db_->Query("SELECT state FROM tasks WHERE operation_id = ? AND task_id = ?",
                                   task.operation_id, task.task_id));
  EKSA_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) {
    return absl::NotFoundError(
        absl::StrCat("task ", task.task_id, " of operation ", task.operation_id));
  }
  EKSA_ASSIGN_OR_RETURN(TaskState from, ParseTaskState(q.Text(0)));
  EKSA_RETURN_IF_ERROR(q.Run());
  if (!IsValidTransition(from, task.state)) {
    return absl::FailedPreconditionError(
        absl::StrCat("task ", task.task_id, " of operation ", task.operation_id, " cannot go from ",
                     AbslView(Name(from)), " to ", AbslView(Name(task.state))));
  }
  EKSA_RETURN_IF_ERROR(
      db_->Exec("UPDATE tasks SET state = ?, attempts = ?, request_id = ?, agent_id = ?, "
                "error_code = ?, error_message = ?, started_us = ?, finished_us = ? "
                "WHERE operation_id = ? AND task_id = ?",
                Name(task.state), task.attempts, task.request_id, task.agent_id,
                static_cast<int>(task.last_error.code()), Message(task.last_error),
                Micros(task.started), Micros(task.finished), task.operation_id, task.task_id)
          .status());
  EKSA_RETURN_IF_ERROR(db_->Exec("DELETE FROM task_outputs WHERE operation_id = ? AND task_id = ?",
                                 task.operation_id, task.task_id)
                           .status());
  EKSA_RETURN_IF_ERROR(InsertOutputs(task));
  int64_t seq = 0;
  if (event.has_value()) {
    EKSA_ASSIGN_OR_RETURN(seq, InsertEvent(*event, task.operation_id));
  }
  EKSA_RETURN_IF_ERROR(txn.Commit());
  return seq;
}

absl::StatusOr<TaskRecord> SqliteStore::GetTask(std::string_view operation_id,
                                                std::string_view task_id) {
  absl::MutexLock lock(&mu_);
  EKSA_ASSIGN_OR_RETURN(std::vector<TaskRecord> tasks, SelectTasks(operation_id, task_id));
  if (tasks.empty()) {
    return absl::NotFoundError(
        absl::StrCat("task ", AbslView(task_id), " of operation ", AbslView(operation_id)));
  }
  return std::move(tasks.front());
}

absl::StatusOr<std::vector<TaskRecord>> SqliteStore::ListTasks(std::string_view operation_id) {
  absl::MutexLock lock(&mu_);
  EKSA_ASSIGN_OR_RETURN(std::vector<TaskRecord> tasks, SelectTasks(operation_id, std::nullopt));
  if (tasks.empty()) EKSA_RETURN_IF_ERROR(RequireOperation(operation_id));
  return tasks;
}

absl::Status SqliteStore::InsertOutputs(const TaskRecord& task) {
  for (const auto& [key, value] : task.outputs) {
    const bool secret = IsSecretOutput(key);
    std::string stored = value;
    if (secret) {
      EKSA_ASSIGN_OR_RETURN(stored,
                            box_.Seal(value, OutputAad(task.operation_id, task.task_id, key)));
    }
    EKSA_RETURN_IF_ERROR(
        db_->Exec("INSERT INTO task_outputs (operation_id, task_id, name, secret, value) "
                  "VALUES (?, ?, ?, ?, ?)",
                  task.operation_id, task.task_id, key, secret ? 1 : 0, Blob{stored})
            .status());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<TaskRecord>> SqliteStore::SelectTasks(
    std::string_view operation_id, std::optional<std::string_view> task_id) {
  // Tasks and outputs from one snapshot.
  EKSA_ASSIGN_OR_RETURN(Transaction txn, Transaction::BeginRead(*db_));
  // One statement shape per case, so each is prepared once; "task_id = task_id" matches all.
  const std::string filter = task_id.has_value() ? "?" : "task_id";
  EKSA_ASSIGN_OR_RETURN(Statement q,
                        db_->Query(absl::StrCat("SELECT ", AbslView(kTaskColumns),
                                                " FROM tasks WHERE operation_id = ? AND task_id = ",
                                                filter, " ORDER BY position"),
                                   operation_id));
  EKSA_ASSIGN_OR_RETURN(
      Statement outputs,
      db_->Query(absl::StrCat("SELECT task_id, name, secret, value FROM task_outputs "
                              "WHERE operation_id = ? AND task_id = ",
                              filter),
                 operation_id));
  if (task_id.has_value()) {
    q.Bind(*task_id);
    outputs.Bind(*task_id);
  }
  std::vector<TaskRecord> tasks;
  absl::flat_hash_map<std::string, size_t> index;
  while (true) {
    EKSA_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    EKSA_ASSIGN_OR_RETURN(TaskRecord t, ReadTask(q));
    index[t.task_id] = tasks.size();
    tasks.push_back(std::move(t));
  }
  while (true) {
    EKSA_ASSIGN_OR_RETURN(bool row, outputs.Step());
    if (!row) break;
    auto it = index.find(outputs.Text(0));
    if (it == index.end()) continue;  // foreign keys make this impossible
    TaskRecord& t = tasks[it->second];
    std::string key = outputs.Text(1);
    std::string value = outputs.Text(3);
    // Secrecy follows the key name, so clearing the stored flag cannot expose a sealed value
    // as if it were plain.
    if (IsSecretOutput(key) || outputs.Int(2) != 0) {
      EKSA_ASSIGN_OR_RETURN(value, box_.Open(value, OutputAad(operation_id, t.task_id, key)));
    }
    t.outputs[std::move(key)] = std::move(value);
  }
  EKSA_RETURN_IF_ERROR(txn.Commit());
  return tasks;
}

}  // namespace eksa::planner::store::internal
