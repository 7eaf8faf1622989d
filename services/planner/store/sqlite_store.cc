// SQLite implementation of the planner store (settings and guarantees in sqlite_store.h).
#include "services/planner/store/sqlite_store.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "libs/common/status_macros.h"
#include "services/planner/store/rows.h"
#include "services/planner/store/schema.h"
#include "services/planner/store/sqlite_db.h"
#include "services/planner/store/sqlite_store_impl.h"

namespace eksa::planner::store {
namespace internal {
namespace {

constexpr std::string_view kKeyCheckPlaintext = "eksa store key check";

}  // namespace

absl::Status SqliteStore::CheckKey() {
  absl::MutexLock lock(&mu_);
  EKSA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(*db_));
  std::optional<std::string> stored;
  {
    EKSA_ASSIGN_OR_RETURN(Statement q,
                          db_->Query("SELECT value FROM store_meta WHERE name = 'key-check'"));
    EKSA_ASSIGN_OR_RETURN(bool found, q.Step());
    if (found) stored = q.Text(0);
  }
  if (stored.has_value()) {
    if (!box_.Open(*stored, KeyCheckAad()).ok()) {
      return absl::PermissionDeniedError(
          "the store key (EKSA_STORE_KEY or the planner config) is not the key this store was "
          "created with");
    }
    return txn.Commit();
  }
  EKSA_ASSIGN_OR_RETURN(std::string sealed, box_.Seal(kKeyCheckPlaintext, KeyCheckAad()));
  EKSA_RETURN_IF_ERROR(
      db_->Exec("INSERT INTO store_meta (name, value) VALUES ('key-check', ?)", Blob{sealed})
          .status());
  return txn.Commit();
}

absl::StatusOr<CreateOperationResult> SqliteStore::CreateOperation(const OperationRecord& op) {
  if (op.id.empty() || op.request_id.empty()) {
    return absl::InvalidArgumentError("an operation needs an id and a request id");
  }
  absl::MutexLock lock(&mu_);
  EKSA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(*db_));
  EKSA_ASSIGN_OR_RETURN(std::optional<OperationRecord> prior,
                        FindOperation("request_id", op.request_id));
  if (prior.has_value()) {
    if (prior->type != op.type || prior->cluster_name != op.cluster_name ||
        prior->spec_yaml != op.spec_yaml || prior->options != op.options) {
      return absl::AlreadyExistsError(absl::StrCat("request id ", op.request_id,
                                                   " was already used by operation ", prior->id,
                                                   " for a different request"));
    }
    return CreateOperationResult{*std::move(prior), false};
  }
  EKSA_ASSIGN_OR_RETURN(prior, FindOperation("id", op.id));
  if (prior.has_value()) {
    return absl::AlreadyExistsError(absl::StrCat("operation ", op.id, " already exists"));
  }
  OperationRecord stored = op;
  stored.created = stored.updated = absl::FromUnixMicros(NowMicros());
  EKSA_RETURN_IF_ERROR(
      db_->Exec("INSERT INTO operations (id, request_id, type, cluster_name, state, spec_yaml, "
                "spec_file, options, error_code, error_message, last_seq, created_us, updated_us) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                stored.id, stored.request_id, Name(stored.type), stored.cluster_name,
                Name(stored.state), stored.spec_yaml, stored.spec_file, stored.options,
                static_cast<int>(stored.error.code()), Message(stored.error),
                absl::ToUnixMicros(stored.created), absl::ToUnixMicros(stored.updated))
          .status());
  EKSA_RETURN_IF_ERROR(txn.Commit());
  return CreateOperationResult{std::move(stored), true};
}

absl::StatusOr<OperationRecord> SqliteStore::GetOperation(std::string_view id) {
  absl::MutexLock lock(&mu_);
  EKSA_ASSIGN_OR_RETURN(std::optional<OperationRecord> op, FindOperation("id", id));
  if (!op.has_value()) return absl::NotFoundError(absl::StrCat("operation ", AbslView(id)));
  return *std::move(op);
}

absl::StatusOr<OperationRecord> SqliteStore::GetOperationByRequestId(std::string_view request_id) {
  absl::MutexLock lock(&mu_);
  EKSA_ASSIGN_OR_RETURN(std::optional<OperationRecord> op, FindOperation("request_id", request_id));
  if (!op.has_value()) {
    return absl::NotFoundError(absl::StrCat("no operation with request id ", AbslView(request_id)));
  }
  return *std::move(op);
}

absl::StatusOr<std::vector<OperationRecord>> SqliteStore::ListOperations(
    const OperationFilter& filter) {
  absl::MutexLock lock(&mu_);
  const bool by_state = filter.state.has_value();
  const bool by_cluster = !filter.cluster_name.empty();
  std::string_view state = by_state ? Name(*filter.state) : "";
  if (by_state && by_cluster) {
    return SelectOperations("WHERE state = ? AND cluster_name = ?", {state, filter.cluster_name});
  }
  if (by_state) return SelectOperations("WHERE state = ?", {state});
  if (by_cluster) return SelectOperations("WHERE cluster_name = ?", {filter.cluster_name});
  return SelectOperations("", {});
}

absl::StatusOr<std::vector<OperationRecord>> SqliteStore::ListUnfinishedOperations() {
  absl::MutexLock lock(&mu_);
  return SelectOperations("WHERE state IN (?, ?)",
                          {Name(OperationState::kPending), Name(OperationState::kRunning)});
}

absl::StatusOr<int64_t> SqliteStore::UpdateOperationState(std::string_view id, OperationState state,
                                                          const absl::Status& error,
                                                          const std::optional<EventRecord>& event) {
  absl::MutexLock lock(&mu_);
  EKSA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(*db_));
  EKSA_ASSIGN_OR_RETURN(std::optional<OperationRecord> op, FindOperation("id", id));
  if (!op.has_value()) return absl::NotFoundError(absl::StrCat("operation ", AbslView(id)));
  if (!IsValidTransition(op->state, state)) {
    return absl::FailedPreconditionError(absl::StrCat("operation ", AbslView(id),
                                                      " cannot go from ", AbslView(Name(op->state)),
                                                      " to ", AbslView(Name(state))));
  }
  EKSA_RETURN_IF_ERROR(db_->Exec("UPDATE operations SET state = ?, error_code = ?, "
                                 "error_message = ?, updated_us = ? WHERE id = ?",
                                 Name(state), static_cast<int>(error.code()), Message(error),
                                 NowMicros(), id)
                           .status());
  int64_t seq = 0;
  if (event.has_value()) {
    EKSA_ASSIGN_OR_RETURN(seq, InsertEvent(*event, id));
  }
  EKSA_RETURN_IF_ERROR(txn.Commit());
  return seq;
}

absl::StatusOr<int64_t> SqliteStore::AppendEvent(const EventRecord& event) {
  if (event.operation_id.empty()) return absl::InvalidArgumentError("event without operation id");
  absl::MutexLock lock(&mu_);
  EKSA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(*db_));
  EKSA_ASSIGN_OR_RETURN(int64_t seq, InsertEvent(event, event.operation_id));
  EKSA_RETURN_IF_ERROR(txn.Commit());
  return seq;
}

absl::StatusOr<std::vector<EventRecord>> SqliteStore::ListEvents(std::string_view operation_id,
                                                                 int64_t from_seq, int limit) {
  if (limit < 0) return absl::InvalidArgumentError("negative event limit");
  absl::MutexLock lock(&mu_);
  EKSA_ASSIGN_OR_RETURN(
      Statement q,
      db_->Query("SELECT " + std::string(kEventColumns) +
                     " FROM events WHERE operation_id = ? AND seq >= ? ORDER BY seq LIMIT ?",
                 operation_id, from_seq,
                 limit == 0 ? std::numeric_limits<int64_t>::max() : int64_t{limit}));
  std::vector<EventRecord> events;
  while (true) {
    EKSA_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    events.push_back(ReadEvent(q));
  }
  if (events.empty()) EKSA_RETURN_IF_ERROR(RequireOperation(operation_id));
  return events;
}

absl::StatusOr<int64_t> SqliteStore::LatestSeq(std::string_view operation_id) {
  absl::MutexLock lock(&mu_);
  EKSA_ASSIGN_OR_RETURN(Statement q,
                        db_->Query("SELECT last_seq FROM operations WHERE id = ?", operation_id));
  EKSA_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return absl::NotFoundError(absl::StrCat("operation ", AbslView(operation_id)));
  return q.Int(0);
}

absl::StatusOr<std::vector<OperationRecord>> SqliteStore::SelectOperations(
    std::string_view where, std::initializer_list<std::string_view> args) {
  EKSA_ASSIGN_OR_RETURN(Statement q, db_->Query(absl::StrCat("SELECT ", AbslView(kOperationColumns),
                                                             " FROM operations ", AbslView(where),
                                                             " ORDER BY created_us, id")));
  for (std::string_view arg : args) q.Bind(arg);
  std::vector<OperationRecord> out;
  while (true) {
    EKSA_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return out;
    EKSA_ASSIGN_OR_RETURN(OperationRecord op, ReadOperation(q));
    out.push_back(std::move(op));
  }
}

absl::StatusOr<std::optional<OperationRecord>> SqliteStore::FindOperation(std::string_view column,
                                                                          std::string_view value) {
  // `column` is one of two literals from this file, never input.
  EKSA_ASSIGN_OR_RETURN(
      Statement q, db_->Query(absl::StrCat("SELECT ", AbslView(kOperationColumns),
                                           " FROM operations WHERE ", AbslView(column), " = ?"),
                              value));
  EKSA_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::nullopt;
  return ReadOperation(q);
}

absl::Status SqliteStore::RequireOperation(std::string_view id) {
  EKSA_ASSIGN_OR_RETURN(Statement q, db_->Query("SELECT 1 FROM operations WHERE id = ?", id));
  EKSA_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return absl::NotFoundError(absl::StrCat("operation ", AbslView(id)));
  return absl::OkStatus();
}

// The seq comes from the operation row, incremented in the writer's transaction: dense per
// operation, and on PostgreSQL the row lock serialises concurrent appenders the same way.
absl::StatusOr<int64_t> SqliteStore::InsertEvent(const EventRecord& event,
                                                 std::string_view operation_id) {
  if (!event.operation_id.empty() && event.operation_id != operation_id) {
    return absl::InvalidArgumentError(absl::StrCat("event of operation ", event.operation_id,
                                                   " written with operation ",
                                                   AbslView(operation_id)));
  }
  EKSA_ASSIGN_OR_RETURN(
      Statement next,
      db_->Query("UPDATE operations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq",
                 operation_id));
  EKSA_ASSIGN_OR_RETURN(bool row, next.Step());
  if (!row) return absl::NotFoundError(absl::StrCat("operation ", AbslView(operation_id)));
  const int64_t seq = next.Int(0);
  EKSA_RETURN_IF_ERROR(next.Run());
  const int64_t time_us =
      event.time == absl::InfinitePast() ? NowMicros() : absl::ToUnixMicros(event.time);
  EKSA_RETURN_IF_ERROR(
      db_->Exec("INSERT INTO events (operation_id, seq, time_us, type, task_id, message, code, "
                "duration_us, level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                operation_id, seq, time_us, event.type, event.task_id, event.message,
                static_cast<int>(event.code), absl::ToInt64Microseconds(event.duration),
                event.level)
          .status());
  return seq;
}

}  // namespace internal

absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                                       const SecretBox& box,
                                                       const SqliteStoreOptions& options) {
  Clock& clock = options.clock != nullptr ? *options.clock : Clock::Real();
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<internal::Db> db,
                        internal::Db::Open(path, options.busy_timeout));
  EKSA_RETURN_IF_ERROR(internal::Migrate(*db, clock.Now()));
  auto store = std::make_unique<internal::SqliteStore>(std::move(db), box, clock);
  EKSA_RETURN_IF_ERROR(store->CheckKey());
  return store;
}

}  // namespace eksa::planner::store
