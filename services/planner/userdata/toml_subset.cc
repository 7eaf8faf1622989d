#include "services/planner/userdata/toml_subset.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace eksa::planner::userdata::testing {
namespace {

class Parser {
 public:
  explicit Parser(const std::string& line, int number) : s_(line), number_(number) {}

  absl::Status Error(const std::string& what) const {
    return absl::InvalidArgumentError(
        absl::StrCat("toml line ", number_, " column ", pos_ + 1, ": ", what));
  }
  void SkipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
  }
  bool AtEndOrComment() {
    SkipSpace();
    return pos_ == s_.size() || s_[pos_] == '#';
  }
  bool Consume(char c) {
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  absl::StatusOr<std::string> BasicString() {
    if (!Consume('"')) return Error("expected '\"'");
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != '"') {
      char c = s_[pos_++];
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t') return Error("control character");
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= s_.size()) return Error("dangling escape");
      c = s_[pos_++];
      switch (c) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case 'b':
          out += '\b';
          break;
        case 't':
          out += '\t';
          break;
        case 'n':
          out += '\n';
          break;
        case 'f':
          out += '\f';
          break;
        case 'r':
          out += '\r';
          break;
        case 'u': {
          unsigned code = 0;
          if (pos_ + 4 > s_.size() ||
              !absl::SimpleHexAtoi(absl::string_view(s_.data() + pos_, 4), &code) || code > 0x7f) {
            return Error("only ASCII \\u escapes are supported");
          }
          out.push_back(static_cast<char>(code));
          pos_ += 4;
          break;
        }
        default:
          return Error(absl::StrCat("invalid escape \\", std::string(1, c)));
      }
    }
    if (pos_ >= s_.size()) return Error("unterminated string");
    ++pos_;
    return out;
  }

  absl::StatusOr<std::string> KeyPart() {
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == '"') {
      absl::StatusOr<std::string> quoted = BasicString();
      if (!quoted.ok()) return quoted;
      return quoted->find('.') != std::string::npos ? "\"" + *quoted + "\"" : *quoted;
    }
    const std::size_t start = pos_;
    while (pos_ < s_.size() && (absl::ascii_isalnum(static_cast<unsigned char>(s_[pos_])) ||
                                s_[pos_] == '-' || s_[pos_] == '_')) {
      ++pos_;
    }
    if (pos_ == start) return Error("expected a key");
    return s_.substr(start, pos_ - start);
  }

  absl::StatusOr<std::string> DottedKey() {
    std::vector<std::string> parts;
    do {
      absl::StatusOr<std::string> part = KeyPart();
      if (!part.ok()) return part.status();
      parts.push_back(*part);
    } while (Consume('.'));
    return absl::StrJoin(parts, ".");
  }

  absl::StatusOr<TomlValue> Value() {
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == '"') {
      absl::StatusOr<std::string> str = BasicString();
      if (!str.ok()) return str.status();
      return TomlValue(*str);
    }
    if (Consume('[')) return Array();
    for (const auto& [word, value] : {std::pair{"true", true}, std::pair{"false", false}}) {
      if (s_.compare(pos_, std::string(word).size(), word) == 0) {
        pos_ += std::string(word).size();
        return TomlValue(value);
      }
    }
    const std::size_t start = pos_;
    while (pos_ < s_.size() && (absl::ascii_isdigit(static_cast<unsigned char>(s_[pos_])) ||
                                (pos_ == start && (s_[pos_] == '-' || s_[pos_] == '+')))) {
      ++pos_;
    }
    std::int64_t number = 0;
    if (pos_ == start ||
        !absl::SimpleAtoi(absl::string_view(s_.data() + start, pos_ - start), &number)) {
      return Error("unsupported value");
    }
    return TomlValue(number);
  }

  absl::StatusOr<TomlValue> Array() {
    std::vector<std::string> items;
    if (Consume(']')) return TomlValue(items);
    do {
      absl::StatusOr<std::string> item = BasicString();
      if (!item.ok()) return item.status();
      items.push_back(*item);
    } while (Consume(','));
    if (!Consume(']')) return Error("expected ']'");
    return TomlValue(items);
  }

 private:
  const std::string& s_;
  int number_;
  std::size_t pos_ = 0;
};

struct Parsed {
  TomlDocument values;
  std::vector<std::string> tables;
};

absl::StatusOr<Parsed> Parse(const std::string& text) {
  Parsed parsed;
  std::set<std::string> tables;
  std::string table;
  int number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    Parser p(line, ++number);
    if (p.AtEndOrComment()) continue;
    if (p.Consume('[')) {
      absl::StatusOr<std::string> key = p.DottedKey();
      if (!key.ok()) return key.status();
      if (!p.Consume(']') || !p.AtEndOrComment()) return p.Error("malformed table header");
      if (!tables.insert(*key).second) return p.Error("table " + *key + " defined twice");
      table = *key;
      parsed.tables.push_back(table);
      continue;
    }
    absl::StatusOr<std::string> key = p.DottedKey();
    if (!key.ok()) return key.status();
    if (!p.Consume('=')) return p.Error("expected '='");
    absl::StatusOr<TomlValue> value = p.Value();
    if (!value.ok()) return value.status();
    if (!p.AtEndOrComment()) return p.Error("trailing characters");
    const std::string full = table.empty() ? *key : table + "." + *key;
    if (!parsed.values.emplace(full, *value).second) return p.Error("duplicate key " + full);
  }
  return parsed;
}

}  // namespace

absl::StatusOr<TomlDocument> ParseToml(const std::string& text) {
  absl::StatusOr<Parsed> parsed = Parse(text);
  if (!parsed.ok()) return parsed.status();
  return parsed->values;
}

absl::StatusOr<std::vector<std::string>> TomlTables(const std::string& text) {
  absl::StatusOr<Parsed> parsed = Parse(text);
  if (!parsed.ok()) return parsed.status();
  return parsed->tables;
}

}  // namespace eksa::planner::userdata::testing
