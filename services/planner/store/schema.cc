// Schema migrations of the store (portable SQL: see schema.h).
#include "services/planner/store/schema.h"

#include <array>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "libs/common/status.h"
#include "libs/common/status_macros.h"

namespace eksa::planner::store::internal {
namespace {

// Append only: a released migration is never edited.
constexpr std::array<std::string_view, 1> kMigrations = {
    // 1: operations, tasks, outputs, events, clusters, machines, store metadata.
    R"sql(
CREATE TABLE store_meta (
  name TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
CREATE TABLE operations (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  cluster_name TEXT NOT NULL,
  state TEXT NOT NULL,
  spec_yaml TEXT NOT NULL,
  spec_file TEXT NOT NULL,
  options TEXT NOT NULL,
  error_code INTEGER NOT NULL,
  error_message TEXT NOT NULL,
  last_seq BIGINT NOT NULL,
  created_us BIGINT NOT NULL,
  updated_us BIGINT NOT NULL
);
CREATE INDEX operations_by_state ON operations (state, created_us);
CREATE INDEX operations_by_cluster ON operations (cluster_name, created_us);
CREATE TABLE tasks (
  operation_id TEXT NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
  task_id TEXT NOT NULL,
  position BIGINT NOT NULL,
  kind TEXT NOT NULL,
  pool TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts BIGINT NOT NULL,
  request_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  error_code INTEGER NOT NULL,
  error_message TEXT NOT NULL,
  started_us BIGINT,
  finished_us BIGINT,
  PRIMARY KEY (operation_id, task_id)
);
CREATE TABLE task_outputs (
  operation_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  name TEXT NOT NULL,
  secret INTEGER NOT NULL,
  value BLOB NOT NULL,
  PRIMARY KEY (operation_id, task_id, name),
  FOREIGN KEY (operation_id, task_id) REFERENCES tasks (operation_id, task_id) ON DELETE CASCADE
);
CREATE TABLE events (
  operation_id TEXT NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
  seq BIGINT NOT NULL,
  time_us BIGINT NOT NULL,
  type TEXT NOT NULL,
  task_id TEXT NOT NULL,
  message TEXT NOT NULL,
  code INTEGER NOT NULL,
  duration_us BIGINT NOT NULL,
  level INTEGER NOT NULL,
  PRIMARY KEY (operation_id, seq)
);
CREATE TABLE clusters (
  name TEXT PRIMARY KEY,
  spec_yaml TEXT NOT NULL,
  kubeconfig BLOB,
  updated_us BIGINT NOT NULL
);
CREATE TABLE cluster_machines (
  cluster_name TEXT NOT NULL REFERENCES clusters (name) ON DELETE CASCADE,
  name TEXT NOT NULL,
  position BIGINT NOT NULL,
  role TEXT NOT NULL,
  node_group TEXT NOT NULL,
  vm_path TEXT NOT NULL,
  moref TEXT NOT NULL,
  ip TEXT NOT NULL,
  PRIMARY KEY (cluster_name, name)
);
)sql",
};

absl::StatusOr<int64_t> CurrentVersion(Db& db) {
  EKSA_ASSIGN_OR_RETURN(Statement q,
                        db.Query("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
  EKSA_ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? q.Int(0) : 0;
}

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(kMigrations.size()); }

absl::Status Migrate(Db& db, absl::Time now) {
  EKSA_RETURN_IF_ERROR(
      db.ExecScript("CREATE TABLE IF NOT EXISTS schema_version ("
                    "version BIGINT PRIMARY KEY, applied_at_us BIGINT NOT NULL)"));
  const int64_t latest = LatestSchemaVersion();
  while (true) {
    // The version is read inside the write transaction, so two processes opening a new
    // database at once apply each migration once.
    EKSA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db));
    EKSA_ASSIGN_OR_RETURN(int64_t version, CurrentVersion(db));
    if (version > latest) {
      return absl::FailedPreconditionError(
          absl::StrCat("store schema version ", version, " is newer than this eksa supports (",
                       latest, "); use a newer eksa-planner with this database"));
    }
    if (version == latest) return txn.Commit();
    EKSA_RETURN_IF_ERROR(
        Annotate(db.ExecScript(kMigrations[version]),
                 absl::StrCat("migrating the store to schema version ", version + 1)));
    EKSA_RETURN_IF_ERROR(
        db.Exec("INSERT INTO schema_version (version, applied_at_us) VALUES (?, ?)", version + 1,
                absl::ToUnixMicros(now))
            .status());
    EKSA_RETURN_IF_ERROR(txn.Commit());
  }
}

}  // namespace eksa::planner::store::internal
