#include "services/vsphere-agent/client/rest/json_fields.h"

#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"

namespace eksa::vsphere::rest {
namespace {

absl::Status Malformed(std::string_view what, std::string_view detail) {
  return absl::InternalError(absl::StrCat("decoding ", AbslView(what), ": ", AbslView(detail)));
}

}  // namespace

absl::StatusOr<std::string> StringField(const nlohmann::json& j, std::string_view key,
                                        std::string_view what, std::string_view fallback) {
  if (!j.is_object()) return Malformed(what, "not an object");
  auto it = j.find(std::string(key));
  if (it == j.end() || it->is_null()) return std::string(fallback);
  if (!it->is_string()) return Malformed(what, absl::StrCat(AbslView(key), " is not a string"));
  return it->get<std::string>();
}

absl::StatusOr<int64_t> IntField(const nlohmann::json& j, std::string_view key,
                                 std::string_view what, int64_t fallback) {
  if (!j.is_object()) return Malformed(what, "not an object");
  auto it = j.find(std::string(key));
  if (it == j.end() || it->is_null()) return fallback;
  if (!it->is_number_integer()) {
    return Malformed(what, absl::StrCat(AbslView(key), " is not an integer"));
  }
  return it->get<int64_t>();
}

absl::StatusOr<std::string> CreatedId(const absl::StatusOr<nlohmann::json>& v,
                                      std::string_view what) {
  if (!v.ok()) return v.status();
  if (!v->is_string()) return Malformed(what, "no id");
  return v->get<std::string>();
}

absl::StatusOr<std::vector<std::string>> StringArray(const nlohmann::json& j,
                                                     std::string_view what) {
  std::vector<std::string> out;
  if (j.is_null()) return out;
  if (!j.is_array()) return Malformed(what, "not an array");
  for (const nlohmann::json& e : j) {
    if (!e.is_string()) return Malformed(what, "an element is not a string");
    out.push_back(e.get<std::string>());
  }
  return out;
}

}  // namespace eksa::vsphere::rest
