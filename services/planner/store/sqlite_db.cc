// SQLite connection, statement cache and transactions for the SQLite store.
#include "services/planner/store/sqlite_db.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"

namespace eksa::planner::store::internal {
namespace {

absl::StatusCode CodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
      return absl::StatusCode::kUnavailable;
    case SQLITE_CONSTRAINT:
      return absl::StatusCode::kAlreadyExists;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return absl::StatusCode::kDataLoss;
    case SQLITE_FULL:
      return absl::StatusCode::kResourceExhausted;
    case SQLITE_TOOBIG:
      return absl::StatusCode::kInvalidArgument;
    default:
      return absl::StatusCode::kInternal;
  }
}

// SQLite creates the -wal and -shm files with the database file's mode, so creating the
// database 0600 keeps all three private.
absl::Status CreatePrivate(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat("creating store database ", path, ": ", std::strerror(errno)));
  }
  ::close(fd);
  return absl::OkStatus();
}

}  // namespace

absl::Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return absl::Status(CodeFor(rc), absl::StrCat("store: ", AbslView(what), ": ", detail));
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      owned_(other.owned_),
      next_param_(other.next_param_),
      bind_rc_(other.bind_rc_) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (owned_) {
    sqlite3_finalize(stmt_);
  } else {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

// A failed bind (a wrong parameter count, a value over SQLite's size limit) is kept and reported
// by Step.
Statement& Statement::Fail(int rc) {
  next_param_++;
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Statement& Statement::Bind(int64_t v) {
  int rc = sqlite3_bind_int64(stmt_, next_param_++, v);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

// SQLite binds a null pointer as NULL; an empty view without storage is still an empty string.
Statement& Statement::Bind(std::string_view text) {
  if (text.size() > INT_MAX) return Fail(SQLITE_TOOBIG);
  int rc = sqlite3_bind_text(stmt_, next_param_++, text.data() != nullptr ? text.data() : "",
                             static_cast<int>(text.size()), SQLITE_TRANSIENT);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Statement& Statement::Bind(Blob blob) {
  if (blob.bytes.size() > INT_MAX) return Fail(SQLITE_TOOBIG);
  const char* data = blob.bytes.data() != nullptr ? blob.bytes.data() : "";
  int rc = sqlite3_bind_blob(stmt_, next_param_++, data, static_cast<int>(blob.bytes.size()),
                             SQLITE_TRANSIENT);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Statement& Statement::Bind(std::nullopt_t) {
  int rc = sqlite3_bind_null(stmt_, next_param_++);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Statement& Statement::Bind(const std::optional<int64_t>& v) {
  return v.has_value() ? Bind(*v) : Bind(std::nullopt);
}

absl::StatusOr<bool> Statement::Step() {
  if (bind_rc_ != SQLITE_OK) return SqliteError(db_, bind_rc_, sqlite3_sql(stmt_));
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, rc, sqlite3_sql(stmt_));
}

absl::Status Statement::Run() {
  while (true) {
    absl::StatusOr<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
  }
}

std::string Statement::Text(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return p == nullptr ? std::string() : std::string(static_cast<const char*>(p), n);
}

std::optional<int64_t> Statement::OptionalInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}

absl::StatusOr<std::unique_ptr<Db>> Db::Open(const std::string& path, absl::Duration busy_timeout) {
  if (path != ":memory:") {
    if (absl::Status s = CreatePrivate(path); !s.ok()) return s;
  }
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<Db> db(new Db(raw));  // closes `raw` even when the open failed
  if (rc != SQLITE_OK) return SqliteError(raw, rc, absl::StrCat("opening ", path));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, static_cast<int>(absl::ToInt64Milliseconds(busy_timeout)));
  // synchronous=FULL: in WAL mode NORMAL syncs only at checkpoints, so a commit that was
  // acknowledged (an event seq streamed to a client) could vanish on power loss and its seq be
  // reused; FULL syncs the WAL on every commit. One fsync per write is the price.
  if (absl::Status s = db->ExecScript(
          "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA journal_mode=WAL;");
      !s.ok()) {
    return s;
  }
  absl::StatusOr<Statement> mode = db->Query("PRAGMA journal_mode");
  if (!mode.ok()) return mode.status();
  absl::StatusOr<bool> row = mode->Step();
  if (!row.ok()) return row.status();
  if (!*row || (mode->Text(0) != "wal" && path != ":memory:")) {
    return absl::FailedPreconditionError(
        absl::StrCat("store ", path, ": the file system does not support SQLite's WAL mode"));
  }
  return db;
}

Db::~Db() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

absl::StatusOr<Statement> Db::Prepare(std::string_view sql) {
  auto it = cache_.find(AbslView(sql));
  if (it != cache_.end() && !sqlite3_stmt_busy(it->second)) {
    return Statement(db_, it->second, /*owned=*/false);
  }
  // Cached statements are prepared persistent; a second concurrent user of the same SQL (a nested
  // query) gets a private copy.
  bool cache = it == cache_.end();
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              cache ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, absl::StrCat("preparing ", AbslView(sql)));
  if (cache) cache_.emplace(std::string(sql), stmt);
  return Statement(db_, stmt, /*owned=*/!cache);
}

absl::Status Db::ExecScript(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return absl::OkStatus();
  std::string detail = err != nullptr ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  return absl::Status(SqliteError(db_, rc, "").code(), absl::StrCat("store: ", detail));
}

absl::StatusOr<Transaction> Transaction::Begin(Db& db) {
  if (absl::Status s = db.ExecScript("BEGIN IMMEDIATE"); !s.ok()) return s;
  return Transaction(&db);
}

absl::StatusOr<Transaction> Transaction::BeginRead(Db& db) {
  if (absl::Status s = db.ExecScript("BEGIN"); !s.ok()) return s;
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->ExecScript("ROLLBACK");
}

absl::Status Transaction::Commit() {
  absl::Status s = db_->ExecScript("COMMIT");
  // A failed COMMIT leaves the transaction open; the destructor rolls it back.
  if (s.ok()) db_ = nullptr;
  return s;
}

}  // namespace eksa::planner::store::internal
