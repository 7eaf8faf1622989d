#include "libs/common/redact.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/escaping.h"
#include "absl/synchronization/mutex.h"

namespace eksa {
namespace {

// Every detector reports byte ranges of the original text; overlapping ranges are merged and
// each merged range prints as one kRedacted. Working on ranges (instead of rewriting the text
// detector after detector) keeps each scan linear and lets patterns overlap freely.
struct Range {
  size_t begin;
  size_t end;
};

// Substrings that make a key secret. Containment (not equality) is deliberate: it catches
// client_secret, access_token, x-api-key and EKSA_VSPHERE_PASSWORD without listing them.
constexpr std::string_view kSecretWords[] = {
    "password", "passwd",  "passphrase",    "token",       "secret",     "apikey",
    "api_key",  "api-key", "authorization", "private_key", "privatekey", "private-key",
};

constexpr size_t kMinSecretLength = 4;
constexpr size_t kMinBearerLength = 8;
constexpr size_t kMinGithubTokenBody = 16;
constexpr size_t kMaxPemLabel = 64;

class SecretRegistry {
 public:
  void Add(std::string_view secret) {
    absl::MutexLock lock(&mu_);
    if (std::find(secrets_.begin(), secrets_.end(), secret) == secrets_.end()) {
      secrets_.emplace_back(secret);
    }
  }
  void Clear() {
    absl::MutexLock lock(&mu_);
    secrets_.clear();
  }
  void Find(std::string_view text, std::vector<Range>& out) {
    absl::ReaderMutexLock lock(&mu_);
    for (const std::string& s : secrets_) {
      for (size_t pos = text.find(s); pos != std::string_view::npos;
           pos = text.find(s, pos + s.size())) {
        out.push_back({pos, pos + s.size()});
      }
    }
  }

 private:
  absl::Mutex mu_;
  std::vector<std::string> secrets_ ABSL_GUARDED_BY(mu_);
};

SecretRegistry& Registry() {
  static SecretRegistry* registry = new SecretRegistry();  // never destroyed: used at exit
  return *registry;
}

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool IsKeyChar(char c) { return IsAlnum(c) || c == '_' || c == '-' || c == '.'; }
bool IsBlank(char c) { return c == ' ' || c == '\t'; }
bool IsSpace(char c) { return IsBlank(c) || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsToken68(char c) {
  return IsAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
}
bool IsBase64(char c) { return IsAlnum(c) || c == '+' || c == '/'; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

size_t SkipBlanks(std::string_view text, size_t i) {
  while (i < text.size() && IsBlank(text[i])) ++i;
  return i;
}

// Length of the quote that opens at `i`: `"`, `'` or a backslash-escaped `\"`; 0 if none.
size_t QuoteAt(std::string_view text, size_t i) {
  if (i >= text.size()) return 0;
  if (text[i] == '"' || text[i] == '\'') return 1;
  if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '"') return 2;
  return 0;
}

// End of a quoted value whose content starts at `i` and closes with `quote`; honours backslash
// escapes for plain quotes. Returns text.size() when the quote never closes.
size_t QuotedEnd(std::string_view text, size_t i, std::string_view quote) {
  if (quote.size() == 2) {
    size_t end = text.find(quote, i);
    return end == std::string_view::npos ? text.size() : end;
  }
  while (i < text.size() && text[i] != quote[0]) i += (text[i] == '\\') ? 2 : 1;
  return std::min(i, text.size());
}

size_t UnquotedEnd(std::string_view text, size_t i, bool to_end_of_line) {
  constexpr std::string_view kStops = "&;,\"'}]";
  while (i < text.size()) {
    char c = text[i];
    if (c == '\n' || c == '\r') break;
    if (!to_end_of_line && (IsSpace(c) || kStops.find(c) != std::string_view::npos)) break;
    ++i;
  }
  return i;
}

// `key=value`, `key: value`, `"key":"value"` (and `\"key\":\"value\"` inside escaped JSON).
void FindKeyValues(std::string_view text, std::vector<Range>& out) {
  size_t i = 0;
  while (i < text.size()) {
    if (!IsKeyChar(text[i])) {
      ++i;
      continue;
    }
    size_t key_begin = i;
    while (i < text.size() && IsKeyChar(text[i])) ++i;
    std::string_view key = text.substr(key_begin, i - key_begin);
    size_t j = i;
    size_t close = QuoteAt(text, j);
    bool quoted_key =
        close > 0 && key_begin > 0 && (text[key_begin - 1] == '"' || text[key_begin - 1] == '\'');
    if (quoted_key) j += close;
    const size_t key_end = j;
    j = SkipBlanks(text, j);
    if (j >= text.size() || (text[j] != '=' && text[j] != ':')) continue;
    const bool colon = text[j] == ':';
    if (!IsSecretKey(key)) continue;
    // `password= user=x` has an empty password, but `password = hunter2` and `password: x` do not.
    const bool spaced = colon || j > key_end;
    j = spaced ? SkipBlanks(text, j + 1) : j + 1;
    size_t open = QuoteAt(text, j);
    size_t value_begin = j + open;
    size_t value_end;
    if (open > 0) {
      value_end = QuotedEnd(text, value_begin, text.substr(j, open));
    } else {
      value_end = UnquotedEnd(text, value_begin, colon && !quoted_key);
    }
    if (value_end > value_begin) out.push_back({value_begin, value_end});
    i = std::max(i, value_end);
  }
}

bool DecodesToUserPass(std::string_view b64) {
  std::string decoded;
  if (!absl::Base64Unescape(absl::string_view(b64.data(), b64.size()), &decoded)) return false;
  return decoded.find(':') != std::string::npos;
}

// `Bearer <token>` and `Basic <base64 of user:pass>`, scheme matched case-insensitively.
void FindAuthSchemes(std::string_view text, std::vector<Range>& out) {
  size_t i = 0;
  while (i < text.size()) {
    if (!IsAlnum(text[i])) {
      ++i;
      continue;
    }
    size_t word_begin = i;
    while (i < text.size() && IsAlnum(text[i])) ++i;
    std::string_view word = text.substr(word_begin, i - word_begin);
    bool bearer = EqualsIgnoreCase(word, "bearer");
    if (!bearer && !EqualsIgnoreCase(word, "basic")) continue;
    size_t j = SkipBlanks(text, i);
    if (j == i) continue;
    size_t end = j;
    while (end < text.size() && (bearer ? IsToken68(text[end]) : IsBase64(text[end]))) ++end;
    while (end < text.size() && text[end] == '=') ++end;
    std::string_view token = text.substr(j, end - j);
    if (bearer ? token.size() >= kMinBearerLength : DecodesToUserPass(token)) {
      out.push_back({j, end});
      i = end;
    }
  }
}

// `scheme://user:password@host`: the password only; a bare user may be a login name.
void FindUrlUserinfo(std::string_view text, std::vector<Range>& out) {
  constexpr std::string_view kStops = "/?#<>\"'";
  for (size_t pos = text.find("://"); pos != std::string_view::npos; pos = text.find("://", pos)) {
    pos += 3;
    size_t colon = std::string_view::npos;
    size_t k = pos;
    while (k < text.size() && text[k] != '@' && !IsSpace(text[k]) &&
           kStops.find(text[k]) == std::string_view::npos) {
      if (text[k] == ':' && colon == std::string_view::npos) colon = k;
      ++k;
    }
    if (k < text.size() && text[k] == '@' && colon != std::string_view::npos && k > colon + 1) {
      out.push_back({colon + 1, k});
    }
    pos = k;
  }
}

bool IsGithubChar(char c) { return IsAlnum(c) || c == '_'; }

// GitHub tokens: ghp_/gho_/ghs_/ghu_/ghr_ (classic, OAuth, app) and github_pat_ (fine-grained).
size_t GithubBodyStart(std::string_view rest) {
  if (rest.substr(0, 11) == "github_pat_") return 11;
  if (rest.size() >= 4 && rest[1] == 'h' && rest[3] == '_' &&
      std::string_view("posur").find(rest[2]) != std::string_view::npos) {
    return 4;
  }
  return 0;
}

void FindGithubTokens(std::string_view text, std::vector<Range>& out) {
  for (size_t pos = text.find('g'); pos != std::string_view::npos; pos = text.find('g', pos)) {
    size_t prefix =
        (pos > 0 && IsGithubChar(text[pos - 1])) ? 0 : GithubBodyStart(text.substr(pos));
    if (prefix == 0) {
      ++pos;
      continue;
    }
    size_t end = pos + prefix;
    while (end < text.size() && IsGithubChar(text[end])) ++end;
    if (end - pos - prefix >= kMinGithubTokenBody) out.push_back({pos, end});
    pos = end;
  }
}

// PEM private keys (`-----BEGIN [RSA |EC |OPENSSH |ENCRYPTED ]PRIVATE KEY-----`): the body goes,
// the armour lines stay so the reader knows what was there.
void FindPemKeys(std::string_view text, std::vector<Range>& out) {
  constexpr std::string_view kBegin = "-----BEGIN ";
  constexpr std::string_view kDashes = "-----";
  constexpr std::string_view kSuffix = "PRIVATE KEY";
  for (size_t pos = text.find(kBegin); pos != std::string_view::npos;
       pos = text.find(kBegin, pos)) {
    size_t label_begin = pos + kBegin.size();
    size_t label_end = text.substr(label_begin, kMaxPemLabel + kDashes.size()).find(kDashes);
    pos = label_begin;
    if (label_end == std::string_view::npos) continue;
    std::string_view label = text.substr(label_begin, label_end);
    if (label.size() < kSuffix.size() || label.substr(label.size() - kSuffix.size()) != kSuffix) {
      continue;
    }
    size_t body_begin = label_begin + label_end + kDashes.size();
    size_t body_end = text.find("-----END ", body_begin);
    const bool closed = body_end != std::string_view::npos;
    if (!closed) body_end = text.size();
    while (body_begin < body_end && (text[body_begin] == '\n' || text[body_begin] == '\r')) {
      ++body_begin;
    }
    while (closed && body_end > body_begin &&
           (text[body_end - 1] == '\n' || text[body_end - 1] == '\r')) {
      --body_end;
    }
    if (body_end > body_begin) out.push_back({body_begin, body_end});
    if (!closed) return;
    pos = body_end;
  }
}

std::string Apply(std::string_view text, std::vector<Range>& ranges) {
  std::sort(ranges.begin(), ranges.end(),
            [](const Range& a, const Range& b) { return a.begin < b.begin; });
  std::string out;
  out.reserve(text.size());
  size_t copied = 0;
  for (size_t r = 0; r < ranges.size();) {
    size_t begin = ranges[r].begin;
    size_t end = ranges[r].end;
    for (++r; r < ranges.size() && ranges[r].begin <= end; ++r) end = std::max(end, ranges[r].end);
    out.append(text.substr(copied, begin - copied)).append(kRedacted);
    copied = end;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace

void RegisterSecret(std::string_view secret) {
  if (secret.size() < kMinSecretLength) return;
  Registry().Add(secret);
}

void ClearRegisteredSecrets() { Registry().Clear(); }

bool IsSecretKey(std::string_view key) {
  std::string lower(key.size(), '\0');
  std::transform(key.begin(), key.end(), lower.begin(), Lower);
  for (std::string_view word : kSecretWords) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

std::string Redact(std::string_view text) {
  std::vector<Range> ranges;
  Registry().Find(text, ranges);
  FindKeyValues(text, ranges);
  FindAuthSchemes(text, ranges);
  FindUrlUserinfo(text, ranges);
  FindGithubTokens(text, ranges);
  FindPemKeys(text, ranges);
  if (ranges.empty()) return std::string(text);
  return Apply(text, ranges);
}

}  // namespace eksa
