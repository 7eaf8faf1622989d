// The embedded store: one SQLite database file (ARCHITECTURE.md §1, eksa-server's default).
//
// Settings: journal_mode=WAL (readers never block the writer; a commit is one append to the
// WAL), synchronous=FULL (the WAL is fsynced at every commit, so a call that returned OK
// survives power loss, not only a killed process; NORMAL would keep the database consistent but
// could forget the last commits, and with them event seqs already shown to clients),
// foreign_keys=ON, busy_timeout from the options. Schema and migrations: schema.h.
//
// One connection guarded by one mutex: every call is a short transaction, the planner is the only
// writer, and SQLite serialises writers anyway, so a pool would add locking without adding
// throughput. Prepared statements are cached on the connection.
//
// Opening checks the key: the first open stores a value sealed with it, later opens must unseal
// that value (kPermissionDenied otherwise, before anything is read or written).
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/common/clock.h"
#include "services/planner/store/secret_box.h"
#include "services/planner/store/store.h"

namespace eksa::planner::store {

struct SqliteStoreOptions {
  Clock* clock = nullptr;  // stamps created/updated and unset event times; null: Clock::Real()
  absl::Duration busy_timeout = absl::Seconds(5);  // waiting for another process's write lock
};

// Opens or creates the store at `path` (created with mode 0600, and so are its -wal and -shm
// files). The store keeps its own copy of `box`. Codes: kUnavailable when the file cannot be
// opened; kDataLoss when it is not a SQLite database or is corrupt; kFailedPrecondition when its
// schema is newer than this binary; kPermissionDenied when `box` is not the store's key.
[[nodiscard]] absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(
    const std::string& path, const SecretBox& box, const SqliteStoreOptions& options = {});

}  // namespace eksa::planner::store
