// A thin layer over one SQLite connection: cached prepared statements, typed binding, errors as
// absl::Status, and a scoped write transaction. Internal to the SQLite store.
//
// Not thread-safe: the store serialises every use with its mutex.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace eksa::planner::store::internal {

// Debian's Abseil has its own string_view; StrCat and friends need it.
inline absl::string_view AbslView(std::string_view s) { return {s.data(), s.size()}; }

// The status for SQLite result `rc` on `db` while doing `what`: BUSY/LOCKED/IOERR/CANTOPEN/
// READONLY → kUnavailable, CONSTRAINT → kAlreadyExists, CORRUPT/NOTADB → kDataLoss,
// FULL → kResourceExhausted, TOOBIG → kInvalidArgument, anything else → kInternal.
absl::Status SqliteError(sqlite3* db, int rc, std::string_view what);

// A BLOB argument (a plain std::string_view binds as TEXT).
struct Blob {
  std::string_view bytes;
};

// A prepared statement in use. Bind the parameters in order, then Step(); the statement is reset
// (and its bindings cleared) when this object is destroyed, ready for the next user.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt, bool owned) : db_(db), stmt_(stmt), owned_(owned) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& Bind(int64_t v);
  Statement& Bind(int v) { return Bind(static_cast<int64_t>(v)); }
  Statement& Bind(std::string_view text);
  Statement& Bind(const std::string& text) { return Bind(std::string_view(text)); }
  Statement& Bind(const char* text) { return Bind(std::string_view(text)); }
  Statement& Bind(Blob blob);
  Statement& Bind(std::nullopt_t);
  Statement& Bind(const std::optional<int64_t>& v);

  // Advances: true when a row is available, false when done.
  [[nodiscard]] absl::StatusOr<bool> Step();
  // Steps until done (for statements that return no row).
  [[nodiscard]] absl::Status Run();

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string Text(int col) const;  // TEXT or BLOB bytes as they are
  std::optional<int64_t> OptionalInt(int col) const;

 private:
  Statement& Fail(int rc);

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool owned_;  // not from the cache: finalized on destruction
  int next_param_ = 1;
  int bind_rc_ = SQLITE_OK;
};

class Db {
 public:
  // Opens (creating when missing, mode 0600) the database at `path` with WAL, synchronous=FULL,
  // foreign keys on and the given busy timeout.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Db>> Open(const std::string& path,
                                                                absl::Duration busy_timeout);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // The cached statement for `sql` (prepared on first use), with `args` bound in order.
  template <typename... Args>
  [[nodiscard]] absl::StatusOr<Statement> Query(std::string_view sql, const Args&... args) {
    absl::StatusOr<Statement> s = Prepare(sql);
    if (s.ok()) (s->Bind(args), ...);
    return s;
  }

  // Runs a statement that returns no rows; returns the number of rows it changed.
  template <typename... Args>
  [[nodiscard]] absl::StatusOr<int> Exec(std::string_view sql, const Args&... args) {
    absl::StatusOr<Statement> s = Query(sql, args...);
    if (!s.ok()) return s.status();
    if (absl::Status st = s->Run(); !st.ok()) return st;
    return sqlite3_changes(db_);
  }

  // Runs SQL text that may hold several statements and no parameters (schema, PRAGMAs).
  [[nodiscard]] absl::Status ExecScript(std::string_view sql);

  sqlite3* raw() { return db_; }

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  absl::StatusOr<Statement> Prepare(std::string_view sql);

  sqlite3* db_;
  absl::flat_hash_map<std::string, sqlite3_stmt*> cache_;
};

// A transaction, rolled back on destruction unless committed. Begin() is a write transaction
// (BEGIN IMMEDIATE: takes the write lock at once, so two writers never deadlock upgrading a read
// lock); BeginRead() a deferred one, for several reads that must see one snapshot.
class Transaction {
 public:
  [[nodiscard]] static absl::StatusOr<Transaction> Begin(Db& db);
  [[nodiscard]] static absl::StatusOr<Transaction> BeginRead(Db& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  [[nodiscard]] absl::Status Commit();

 private:
  explicit Transaction(Db* db) : db_(db) {}
  Db* db_;  // null once committed or rolled back
};

}  // namespace eksa::planner::store::internal
