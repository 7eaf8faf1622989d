// Typed reading of YAML maps into the spec model, with strict field checking.
//
// A MapReader wraps one YAML map at a field path. Each typed getter marks its key as known and
// reports a type mismatch at the value's position. Finish() then reports every key that no getter
// asked for: unknown keys get a did-you-mean suggestion among the known ones, keys declared with
// Unsupported() get "not supported yet", and duplicate keys are reported at the second occurrence.
// So the parse code is the schema: there is no separate list of allowed fields to drift.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "libs/spec/diagnostic.h"
#include "libs/spec/model.h"
#include "libs/spec/yaml_tree.h"

namespace eksa::spec {

class MapReader {
 public:
  // `node` may be null (field absent) or not a map (reported once, as a type error at `path`).
  MapReader(const YamlNode* node, std::string path, Position parent_pos, Diagnostics& diags);
  MapReader(const MapReader&) = delete;
  MapReader& operator=(const MapReader&) = delete;
  MapReader(MapReader&&) = default;

  bool present() const { return node_ != nullptr; }
  Position pos() const { return pos_; }
  const std::string& path() const { return path_; }

  // Typed getters. An absent or null value yields an unset Value positioned at this map.
  Value<std::string> String(std::string_view key);
  Value<int64_t> Int(std::string_view key);
  Value<bool> Bool(std::string_view key);
  // A list of strings.
  std::vector<Value<std::string>> StringList(std::string_view key);
  // A map of string to string (labels, annotations).
  std::vector<std::pair<Value<std::string>, Value<std::string>>> StringMap(std::string_view key);
  // A nested map.
  MapReader Map(std::string_view key);
  // A list of maps; each item is read by the caller.
  std::vector<MapReader> MapList(std::string_view key);
  // Where `key`'s value is written (its key when the value is empty), or this map's position when
  // `key` is absent. For diagnostics about a whole value (an empty list).
  Position ValuePos(std::string_view key) const;
  // Marks `key` as known without reading it (e.g. `status`).
  void Ignore(std::string_view key);
  // Declares `key` as an EKS-A field that eksa does not implement yet; Finish() reports it.
  void Unsupported(std::string_view key, std::string_view remediation = "");

  // Reports unknown, unsupported and duplicate keys. Call once, after every getter.
  void Finish();

  // The field path of `key` under this map ("spec.count"), for diagnostics.
  std::string PathOf(std::string_view key) const;

 private:
  const YamlNode* Find(std::string_view key);
  void TypeError(const YamlNode& value, std::string_view key, std::string_view want);

  const YamlNode* node_ = nullptr;
  std::string path_;
  Position pos_;
  Diagnostics* diags_;
  std::vector<std::string> known_;
  std::vector<std::pair<std::string, std::string>> unsupported_;
  bool finished_ = false;
};

// A positive duration in absl::ParseDuration's form ("30s", "5m", "1h30m") at `key` into *out;
// absent leaves *out alone, anything else is an error at the value ("write e.g. 30s, 5m or 1h").
// For service configs (the planner's, the vSphere agent's).
void ReadPositiveDuration(MapReader& r, std::string_view key, absl::Duration* out, Diagnostics& d);

// Levenshtein distance, capped: returns > `cap` as soon as it is known to exceed it.
int EditDistance(std::string_view a, std::string_view b, int cap = 3);

// The candidate closest to `word` (case-insensitive edit distance ≤ 2, or same letters
// lowercased), or "" when none is close.
std::string Suggest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace eksa::spec
