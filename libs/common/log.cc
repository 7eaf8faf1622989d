#include "libs/common/log.h"

#include <spdlog/logger.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "libs/common/redact.h"

namespace eksa::log {
namespace {

constexpr int kMaxVerbosity = 9;
constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kReservedKeys[] = {"ts", "level", "v", "msg"};

// spdlog only moves finished lines: formatting, levels and redaction are ours, so the pattern is
// the bare message and the logger itself lets everything through.
struct Sink {
  std::shared_ptr<spdlog::logger> logger;
  Format format = Format::kText;
};

std::shared_ptr<const Sink> MakeSink(spdlog::sink_ptr out, Format format) {
  auto logger = std::make_shared<spdlog::logger>("eksa", std::move(out));
  logger->set_pattern("%v");
  logger->set_level(spdlog::level::trace);
  logger->flush_on(spdlog::level::trace);  // a line is on disk when Info() returns
  return std::make_shared<const Sink>(Sink{std::move(logger), format});
}

class State {
 public:
  State() : sink_(MakeSink(std::make_shared<spdlog::sinks::stderr_sink_mt>(), Format::kText)) {}

  std::shared_ptr<const Sink> sink() {
    absl::ReaderMutexLock lock(&mu_);
    return sink_;
  }
  void set_sink(std::shared_ptr<const Sink> sink) {
    absl::MutexLock lock(&mu_);
    sink_ = std::move(sink);
  }

  std::atomic<int> verbosity{0};

 private:
  absl::Mutex mu_;
  std::shared_ptr<const Sink> sink_ ABSL_GUARDED_BY(mu_);
};

State& GetState() {
  static State* state = new State();  // never destroyed: other threads may log during exit
  return *state;
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is malformed (overlong forms and
// surrogates included), so JSON output stays valid UTF-8.
size_t Utf8Length(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size() || byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

// Escapes for a double-quoted JSON string or logfmt value: quote, backslash and control
// characters; malformed UTF-8 becomes U+FFFD.
void AppendEscaped(std::string& out, std::string_view s) {
  constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t n = Utf8Length(s, i);
      out.append(n == 0 ? kReplacementChar : s.substr(i, n));
      i += n == 0 ? 1 : n;
      continue;
    }
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out.append("\\u00").push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xf]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
}

void AppendQuoted(std::string& out, std::string_view s) {
  out.push_back('"');
  AppendEscaped(out, s);
  out.push_back('"');
}

// logfmt leaves a value bare unless it is empty or holds a space, '=', '"' or a control character.
void AppendLogfmtValue(std::string& out, std::string_view s) {
  bool bare = !s.empty() && std::none_of(s.begin(), s.end(), [](char ch) {
    unsigned char c = static_cast<unsigned char>(ch);
    return c <= ' ' || c == '=' || c == '"' || c == '\\' || c == 0x7f || c >= 0x80;
  });
  if (bare) {
    out.append(s);
  } else {
    AppendQuoted(out, s);
  }
}

// Keys come from code, but a stray space or '=' would break the line, and a field must not
// shadow ts/level/v/msg: those get a trailing '_'.
std::string CleanKey(std::string_view key) {
  std::string out(key.empty() ? std::string_view("_") : key);
  for (char& c : out) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    if (!ok) c = '_';
  }
  if (std::find(std::begin(kReservedKeys), std::end(kReservedKeys), out) !=
      std::end(kReservedKeys)) {
    out.push_back('_');
  }
  return out;
}

std::string CleanValue(std::string_view key, std::string_view value) {
  if (IsSecretKey(key)) return std::string(kRedacted);
  return Redact(value);
}

struct Entry {
  std::string_view level_name;
  int level;
  std::string_view msg;
  const Fields* bound;
  const Fields* fields;
};

std::string FormatLine(const Entry& e, Format format) {
  const std::string ts = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  const std::string msg = Redact(e.msg);
  std::string out;
  out.reserve(64 + msg.size());
  if (format == Format::kJson) {
    out.append("{\"ts\":\"").append(ts).append("\",\"level\":\"").append(e.level_name);
    out.append("\",\"v\":").append(std::to_string(e.level)).append(",\"msg\":");
    AppendQuoted(out, msg);
    for (const Fields* fields : {e.bound, e.fields}) {
      for (const auto& [key, value] : *fields) {
        out.push_back(',');
        AppendQuoted(out, CleanKey(key));
        out.push_back(':');
        AppendQuoted(out, CleanValue(key, value));
      }
    }
    out.push_back('}');
    return out;
  }
  out.append("ts=").append(ts).append(" level=").append(e.level_name);
  out.append(" v=").append(std::to_string(e.level)).append(" msg=");
  AppendQuoted(out, msg);
  for (const Fields* fields : {e.bound, e.fields}) {
    for (const auto& [key, value] : *fields) {
      out.append(" ").append(CleanKey(key)).push_back('=');
      AppendLogfmtValue(out, CleanValue(key, value));
    }
  }
  return out;
}

// Verbosity maps to spdlog's levels as docs/STYLE.md §3.10 says (V0 info, V1-3 debug, V4-9
// trace), so a sink with its own level filter still sees sensible severities.
spdlog::level::level_enum SpdlogLevel(int level) {
  if (level <= 0) return spdlog::level::info;
  if (level <= 3) return spdlog::level::debug;
  return spdlog::level::trace;
}

void Write(const Entry& e, spdlog::level::level_enum severity) {
  std::shared_ptr<const Sink> sink = GetState().sink();
  std::string line = FormatLine(e, sink->format);
  sink->logger->log(severity, spdlog::string_view_t(line.data(), line.size()));
}

}  // namespace

absl::StatusOr<Format> ParseFormat(std::string_view name) {
  if (name == "text") return Format::kText;
  if (name == "json") return Format::kJson;
  return absl::InvalidArgumentError("unknown log format \"" + std::string(name) +
                                    "\" (want text or json)");
}

absl::Status Init(const Options& options) {
  spdlog::sink_ptr out;
  if (options.path.empty()) {
    out = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  } else {
    // Probe first: spdlog retries a failing open with sleeps in between, then throws.
    std::FILE* probe = std::fopen(options.path.c_str(), "ab");
    if (probe == nullptr) {
      return absl::InvalidArgumentError("opening log file " + options.path + ": " +
                                        std::strerror(errno));
    }
    std::fclose(probe);
    try {  // spdlog reports an unopenable file by throwing; keep that exception inside this call

      out = std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.path, /*truncate=*/false);
    } catch (const std::exception& e) {
      return absl::InvalidArgumentError("opening log file " + options.path + ": " + e.what());
    }
  }
  GetState().set_sink(MakeSink(std::move(out), options.format));
  GetState().verbosity.store(std::clamp(options.verbosity, 0, kMaxVerbosity),
                             std::memory_order_relaxed);
  return absl::OkStatus();
}

int Verbosity() { return GetState().verbosity.load(std::memory_order_relaxed); }

Logger Logger::With(std::string key, std::string value) const {
  Logger copy = *this;
  copy.bound_.emplace_back(std::move(key), std::move(value));
  return copy;
}

bool Logger::Enabled(int level) { return level <= Verbosity(); }

void Logger::Info(int level, std::string_view msg, const Fields& fields) const {
  if (!Enabled(level)) return;  // before any formatting or redaction
  level = std::clamp(level, 0, kMaxVerbosity);
  Write({.level_name = "info", .level = level, .msg = msg, .bound = &bound_, .fields = &fields},
        SpdlogLevel(level));
}

void Logger::Error(std::string_view msg, const Fields& fields) const {
  Write({.level_name = "error", .level = 0, .msg = msg, .bound = &bound_, .fields = &fields},
        spdlog::level::err);
}

}  // namespace eksa::log
