// Logging facade over spdlog with EKS-A's verbosity levels.
//
// Verbosity, not severity (EKS-A pkg/logger/doc.go): a message at level N is written when the
// configured verbosity is >= N. 0 user-facing, 2 steady state, 4 debug (task start/finish),
// 6 external commands and API calls, 7 payloads sent, 8 responses truncated, 9 full responses.
// The level is checked before anything is formatted. Errors that are returned are not logged;
// Logger::Error is for an error that is swallowed.
//
// Output is one line per message, either text (logfmt: `ts=… level=… msg="…" key=value`) or
// JSON lines (`{"ts":…,"level":…,"v":N,"msg":…,"key":"value"}`), to stderr by default. Every
// value passes through Redact() (redact.h) first, so secrets given as fields never reach the sink.
//
// Line layout, fields in order ts, level, v, msg, bound fields, call fields:
//   ts=2026-11-25T18:51:02.123Z level=info v=4 msg="Starting task" task=create-kind cluster=mgmt
//   {"ts":"2026-11-25T18:51:02.123Z","level":"info","v":4,"msg":"Starting
//   task","task":"create-kind"}
// `level` is "info" for Info() (whatever N) and "error" for Error() (v=0); ts is UTC, milliseconds.
// The message is always quoted in text; a value is quoted when it is empty or holds a space, '=',
// a quote, a backslash, a control or non-ASCII byte. Escapes are JSON's (\" \\ \n \t \u00XX);
// malformed UTF-8 becomes U+FFFD. A field whose key names a secret (IsSecretKey: password, token,
// …) prints as "*****" whole. Keys other than [A-Za-z0-9_.-] characters are replaced by '_', and a
// field named ts, level, v or msg is renamed with a trailing '_' so it cannot shadow the header.
// Each line is flushed when written.
//
// Thread-safe. spdlog stays out of this header (it costs seconds per translation unit).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace eksa::log {

enum class Format { kText, kJson };

// Parses "text" or "json"; anything else is kInvalidArgument.
absl::StatusOr<Format> ParseFormat(std::string_view name);

struct Options {
  int verbosity = 0;  // 0..9; values outside are clamped
  Format format = Format::kText;
  std::string path;  // empty: stderr; otherwise a file opened for append (its
                     // directory must exist)
};

// Configures the process-wide sink. May be called again (tests do); later calls replace the sink.
// A file that cannot be opened is kInvalidArgument and leaves the previous sink in place.
absl::Status Init(const Options& options);

// The configured verbosity.
int Verbosity();

using Fields = std::vector<std::pair<std::string, std::string>>;

// A logger value carries fields bound once (cluster, task, requestId) and adds them to every
// message. Copying is cheap enough for per-request use.
class Logger {
 public:
  Logger() = default;

  // A copy with `key=value` bound.
  Logger With(std::string key, std::string value) const;

  // Whether a message at `level` would be written.
  static bool Enabled(int level);

  // Writes `msg` at verbosity `level` with the bound fields then `fields`.
  void Info(int level, std::string_view msg, const Fields& fields = {}) const;
  // Writes at level 0 with severity error: for errors that are handled here and not returned.
  void Error(std::string_view msg, const Fields& fields = {}) const;

 private:
  Fields bound_;
};

}  // namespace eksa::log
