// The store's schema and its migrations.
//
// `schema_version` holds one row per migration applied (version, applied_at_us). Migrations are
// ordered SQL scripts; version N is kMigrations[N-1]. Opening applies the missing ones, each in
// its own transaction with its version row, so a crash mid-migration leaves the previous version
// intact. A database whose version is newer than this binary knows is refused
// (kFailedPrecondition): an older planner must not write rows it does not understand.
//
// Portable SQL: a PostgreSQL store can run the same scripts after one textual substitution
// (BLOB → BYTEA). Column types, as written → in PostgreSQL:
//   TEXT    → TEXT     (names, states, YAML; UTF-8)
//   BIGINT  → BIGINT   (times as microseconds since the Unix epoch UTC, durations in µs, seqs;
//                       SQLite gives the name INTEGER affinity, 64-bit)
//   INTEGER → INTEGER  (status codes, levels, 0/1 flags; all fit 32 bits)
//   BLOB    → BYTEA    (sealed secrets and task output values: arbitrary bytes)
// Beyond types: composite primary keys, REFERENCES … ON DELETE CASCADE, UNIQUE, CREATE INDEX,
// INSERT … ON CONFLICT … DO UPDATE and UPDATE … RETURNING (SQLite >= 3.35; Debian 12 has 3.40),
// all of which PostgreSQL has. Not used: AUTOINCREMENT, rowid, WITHOUT ROWID, INSERT OR REPLACE,
// type-less columns. SQLite-only: the PRAGMAs in sqlite_db.cc and `?` placeholders (`$1` there).
#pragma once

#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/planner/store/sqlite_db.h"

namespace eksa::planner::store::internal {

// The schema version this binary writes.
int LatestSchemaVersion();

// Brings the database to LatestSchemaVersion(). kFailedPrecondition when it is newer.
[[nodiscard]] absl::Status Migrate(Db& db, absl::Time now);

}  // namespace eksa::planner::store::internal
