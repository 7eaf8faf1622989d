// Test helper: a strict parser for the TOML subset Bottlerocket userdata uses (no TOML library
// is installed). Supports `[a.b."c.d"]` table headers, `key = value` with bare or quoted keys,
// values that are basic strings (all TOML escapes), booleans, integers and single-line arrays of
// basic strings, blank lines and `#` comments. Rejects anything else, duplicate keys and
// redefined tables, so a malformed document fails the test rather than parsing loosely.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"

namespace eksa::planner::userdata::testing {

using TomlValue = std::variant<std::string, bool, std::int64_t, std::vector<std::string>>;

// Keys are the full dotted path; a path part that contains a dot is kept in double quotes:
// `settings.kubernetes.api-server`, `settings.container-registry.mirrors."public.ecr.aws"`.
using TomlDocument = std::map<std::string, TomlValue>;

absl::StatusOr<TomlDocument> ParseToml(const std::string& text);

// The tables (header paths, same key form) in order of appearance.
absl::StatusOr<std::vector<std::string>> TomlTables(const std::string& text);

}  // namespace eksa::planner::userdata::testing
