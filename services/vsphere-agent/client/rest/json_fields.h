// Reading vAPI JSON answers without exceptions: a field of the wrong type is kInternal
// ("decoding <what>: <field> is not a string"), since it means the server misbehaved.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace eksa::vsphere::rest {

// j[key] as a string; `fallback` when absent or null.
[[nodiscard]] absl::StatusOr<std::string> StringField(const nlohmann::json& j, std::string_view key,
                                                      std::string_view what,
                                                      std::string_view fallback = "");
// j[key] as an integer; `fallback` when absent or null.
[[nodiscard]] absl::StatusOr<int64_t> IntField(const nlohmann::json& j, std::string_view key,
                                               std::string_view what, int64_t fallback = 0);
// The id a create call answers with (its "value", a string). kInternal "decoding <what>: no id"
// when it is not a string; `v`'s error as is.
[[nodiscard]] absl::StatusOr<std::string> CreatedId(const absl::StatusOr<nlohmann::json>& v,
                                                    std::string_view what);
// `j` (an array of strings, or null for none) as strings.
[[nodiscard]] absl::StatusOr<std::vector<std::string>> StringArray(const nlohmann::json& j,
                                                                   std::string_view what);

}  // namespace eksa::vsphere::rest
