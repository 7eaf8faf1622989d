#include "libs/spec/reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>
#include <utility>

#include "absl/strings/string_view.h"

namespace eksa::spec {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool ParseInt(std::string_view s, int64_t* out) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size() && !s.empty();
}

// The YAML 1.1 booleans that sigs.k8s.io/yaml (go-yaml v2), and so EKS-A, reads as true/false.
std::optional<bool> YamlBool(std::string_view s) {
  static const std::set<std::string, std::less<>> kTrue = {
      "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"};
  static const std::set<std::string, std::less<>> kFalse = {
      "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"};
  if (kTrue.count(s)) return true;
  if (kFalse.count(s)) return false;
  return std::nullopt;
}

bool IsYamlBool(std::string_view s) { return YamlBool(s).has_value(); }

bool IsYamlNumber(std::string_view s) {
  if (s.empty()) return false;
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  bool digits = false, dot = false;
  for (; i < s.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      digits = true;
    } else if (s[i] == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits;
}

}  // namespace

MapReader::MapReader(const YamlNode* node, std::string path, Position parent_pos,
                     Diagnostics& diags)
    : path_(std::move(path)), pos_(parent_pos), diags_(&diags) {
  if (node == nullptr || node->IsNull()) return;
  if (!node->IsMap()) {
    pos_ = node->pos;  // what is missing from this map is reported at the value written instead
    diags_->Error(node->pos, path_, "must be a map of fields, got " + std::string(node->Describe()),
                  "indent the fields of " + (path_.empty() ? std::string("the object") : path_) +
                      " under it as `key: value` lines");
    finished_ = true;
    return;
  }
  node_ = node;
  pos_ = node->pos;
}

std::string MapReader::PathOf(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const YamlNode* MapReader::Find(std::string_view key) {
  known_.emplace_back(key);
  if (node_ == nullptr) return nullptr;
  for (size_t i = 0; i + 1 < node_->children.size(); i += 2) {
    const YamlNode& k = node_->children[i];
    if (k.IsScalar() && k.value == key) {
      const YamlNode& v = node_->children[i + 1];
      return v.IsNull() ? nullptr : &v;
    }
  }
  return nullptr;
}

void MapReader::TypeError(const YamlNode& value, std::string_view key, std::string_view want) {
  std::string got(value.Describe());
  if (value.IsScalar()) got = "\"" + value.value + "\"";
  diags_->Error(value.pos, PathOf(key), "must be " + std::string(want) + ", got " + got,
                "write " + PathOf(key) + " as " + std::string(want));
}

Value<std::string> MapReader::String(std::string_view key) {
  Value<std::string> out{.pos = pos_};
  const YamlNode* v = Find(key);
  if (v == nullptr) return out;
  out.pos = v->pos;
  if (!v->IsScalar()) {
    TypeError(*v, key, "a string");
    return out;
  }
  if (!v->quoted && (IsYamlNumber(v->value) || IsYamlBool(v->value))) {
    // sigs.k8s.io/yaml (and so EKS-A) reads these as numbers or booleans and rejects them for a
    // string field; "1.30" unquoted would even become 1.3.
    diags_->Error(v->pos, PathOf(key),
                  "must be a string, but unquoted " + v->value + " is read as a " +
                      (IsYamlBool(v->value) ? "boolean" : "number"),
                  "quote the value: " + std::string(key) + ": \"" + v->value + "\"");
    return out;
  }
  out.value = v->value;
  out.set = true;
  return out;
}

Value<int64_t> MapReader::Int(std::string_view key) {
  Value<int64_t> out{.pos = pos_};
  const YamlNode* v = Find(key);
  if (v == nullptr) return out;
  out.pos = v->pos;
  if (!v->IsScalar() || v->quoted || !ParseInt(v->value, &out.value)) {
    TypeError(*v, key, "an integer");
    out.value = 0;
    return out;
  }
  out.set = true;
  return out;
}

Value<bool> MapReader::Bool(std::string_view key) {
  Value<bool> out{.pos = pos_};
  const YamlNode* v = Find(key);
  if (v == nullptr) return out;
  out.pos = v->pos;
  std::optional<bool> b = v->IsScalar() && !v->quoted ? YamlBool(v->value) : std::nullopt;
  if (!b) {
    TypeError(*v, key, "true or false");
    return out;
  }
  out.value = *b;
  out.set = true;
  return out;
}

std::vector<Value<std::string>> MapReader::StringList(std::string_view key) {
  std::vector<Value<std::string>> out;
  const YamlNode* v = Find(key);
  if (v == nullptr) return out;
  if (!v->IsSeq()) {
    TypeError(*v, key, "a list of strings");
    return out;
  }
  for (size_t i = 0; i < v->children.size(); ++i) {
    const YamlNode& item = v->children[i];
    std::string item_key = std::string(key) + "[" + std::to_string(i) + "]";
    if (!item.IsScalar()) {
      TypeError(item, item_key, "a string");
      continue;
    }
    out.push_back({.value = item.value, .pos = item.pos, .set = true});
  }
  return out;
}

std::vector<std::pair<Value<std::string>, Value<std::string>>> MapReader::StringMap(
    std::string_view key) {
  std::vector<std::pair<Value<std::string>, Value<std::string>>> out;
  const YamlNode* v = Find(key);
  if (v == nullptr) return out;
  if (!v->IsMap()) {
    TypeError(*v, key, "a map of strings");
    return out;
  }
  for (size_t i = 0; i + 1 < v->children.size(); i += 2) {
    const YamlNode& k = v->children[i];
    const YamlNode& val = v->children[i + 1];
    if (!k.IsScalar() || !(val.IsScalar() || val.IsNull())) {
      TypeError(k.IsScalar() ? val : k, std::string(key) + "." + k.value, "a string");
      continue;
    }
    out.push_back({{.value = k.value, .pos = k.pos, .set = true},
                   {.value = val.value, .pos = val.pos, .set = val.IsScalar()}});
  }
  return out;
}

MapReader MapReader::Map(std::string_view key) {
  const YamlNode* v = Find(key);
  return MapReader(v, PathOf(key), pos_, *diags_);
}

std::vector<MapReader> MapReader::MapList(std::string_view key) {
  std::vector<MapReader> out;
  const YamlNode* v = Find(key);
  if (v == nullptr) return out;
  if (!v->IsSeq()) {
    TypeError(*v, key, "a list");
    return out;
  }
  for (size_t i = 0; i < v->children.size(); ++i) {
    std::string item_path = PathOf(key) + "[" + std::to_string(i) + "]";
    const YamlNode& item = v->children[i];
    if (item.IsNull()) {
      diags_->Error(item.pos, item_path, "list item is empty", "remove the stray `-` line");
      continue;
    }
    out.emplace_back(&item, item_path, item.pos, *diags_);
  }
  return out;
}

Position MapReader::ValuePos(std::string_view key) const {
  if (node_ == nullptr) return pos_;
  for (size_t i = 0; i + 1 < node_->children.size(); i += 2) {
    if (node_->children[i].IsScalar() && node_->children[i].value == key) {
      const YamlNode& v = node_->children[i + 1];
      return v.IsNull() ? node_->children[i].pos : v.pos;
    }
  }
  return pos_;
}

void MapReader::Ignore(std::string_view key) { known_.emplace_back(key); }

void MapReader::Unsupported(std::string_view key, std::string_view remediation) {
  unsupported_.emplace_back(key, remediation);
}

void MapReader::Finish() {
  if (finished_ || node_ == nullptr) return;
  finished_ = true;
  std::vector<std::string> candidates = known_;
  for (const auto& [k, r] : unsupported_) candidates.push_back(k);
  std::set<std::string> seen;
  for (size_t i = 0; i + 1 < node_->children.size(); i += 2) {
    const YamlNode& k = node_->children[i];
    if (!k.IsScalar()) {
      diags_->Error(k.pos, path_, "field names must be strings, got " + std::string(k.Describe()),
                    "remove the complex key (`? ` syntax)");
      continue;
    }
    if (!seen.insert(k.value).second) {
      diags_->Error(k.pos, PathOf(k.value), "duplicate field; the earlier value would be lost",
                    "keep one " + k.value + " line");
      continue;
    }
    if (std::find(known_.begin(), known_.end(), k.value) != known_.end()) continue;
    auto unsupported = std::find_if(unsupported_.begin(), unsupported_.end(),
                                    [&](const auto& u) { return u.first == k.value; });
    if (unsupported != unsupported_.end()) {
      diags_->Error(k.pos, PathOf(k.value),
                    "EKS Anywhere field not supported yet by eksa; it would be ignored",
                    unsupported->second.empty() ? "remove " + k.value + " from the spec"
                                                : unsupported->second);
      continue;
    }
    std::string suggestion = Suggest(k.value, candidates);
    diags_->Error(k.pos, PathOf(k.value),
                  "unknown field" + (suggestion.empty() ? std::string()
                                                        : "; did you mean \"" + suggestion + "\"?"),
                  suggestion.empty() ? "remove it; it is not part of the EKS Anywhere " +
                                           std::string(kApiVersion) + " schema"
                                     : "rename it to " + suggestion);
  }
}

void ReadPositiveDuration(MapReader& r, std::string_view key, absl::Duration* out, Diagnostics& d) {
  Value<std::string> v = r.String(key);
  if (!v.set) return;
  if (!absl::ParseDuration(absl::string_view(v.value.data(), v.value.size()), out) ||
      *out <= absl::ZeroDuration()) {
    d.Error(v.pos, r.PathOf(key), "\"" + v.value + "\" is not a positive duration",
            "write e.g. 30s, 5m or 1h");
  }
}

int EditDistance(std::string_view a, std::string_view b, int cap) {
  if (std::abs(static_cast<int>(a.size()) - static_cast<int>(b.size())) > cap) return cap + 1;
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    int row_min = cur[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > cap) return cap + 1;
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string Suggest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string lower = Lower(word);
  std::string best;
  int best_distance = 3;
  for (const std::string& c : candidates) {
    int d = EditDistance(lower, Lower(c), 2);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace eksa::spec
