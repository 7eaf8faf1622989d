#include "libs/spec/diagnostic.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>
#include <utility>

namespace eksa::spec {

std::string_view SeverityName(Severity s) { return s == Severity::kError ? "error" : "warning"; }

void Diagnostics::SetObject(std::string kind, std::string name) {
  kind_ = std::move(kind);
  object_ = std::move(name);
}

void Diagnostics::Error(Position pos, std::string field, std::string message,
                        std::string remediation) {
  Add(Severity::kError, pos, std::move(field), std::move(message), std::move(remediation));
}

void Diagnostics::Warning(Position pos, std::string field, std::string message,
                          std::string remediation) {
  Add(Severity::kWarning, pos, std::move(field), std::move(message), std::move(remediation));
}

void Diagnostics::Add(Severity severity, Position pos, std::string field, std::string message,
                      std::string remediation) {
  items_.push_back(Diagnostic{.severity = severity,
                              .file = file_,
                              .position = pos,
                              .kind = kind_,
                              .object = object_,
                              .field = std::move(field),
                              .message = std::move(message),
                              .remediation = std::move(remediation)});
}

bool Diagnostics::HasErrors() const { return ErrorCount() > 0; }

int Diagnostics::ErrorCount() const {
  return static_cast<int>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::kError;
  }));
}

int Diagnostics::WarningCount() const { return static_cast<int>(items_.size()) - ErrorCount(); }

void Diagnostics::SortByPosition() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::pair(a.position.line, a.position.column) <
           std::pair(b.position.line, b.position.column);
  });
}

void Diagnostics::RemoveRepeatedErrors(size_t from) {
  from = std::min(from, items_.size());
  std::set<std::tuple<int, int, std::string>> earlier;
  for (size_t i = 0; i < from; ++i) {
    const Diagnostic& d = items_[i];
    if (d.severity == Severity::kError)
      earlier.emplace(d.position.line, d.position.column, d.field);
  }
  auto repeats = [&](const Diagnostic& d) {
    return d.severity == Severity::kError && d.position.line != 0 &&
           earlier.count({d.position.line, d.position.column, d.field}) > 0;
  };
  items_.erase(std::remove_if(items_.begin() + from, items_.end(), repeats), items_.end());
}

std::string FormatText(const Diagnostic& d) {
  std::string out = d.file;
  if (d.position.line > 0) {
    out += ":" + std::to_string(d.position.line) + ":" + std::to_string(d.position.column);
  }
  out += ": ";
  out += SeverityName(d.severity);
  out += ": ";
  if (!d.field.empty()) out += d.field + ": ";
  out += d.message;
  if (!d.remediation.empty()) out += " (remediation: " + d.remediation + ")";
  return out;
}

std::string FormatJson(const std::vector<Diagnostic>& diagnostics) {
  nlohmann::json out = nlohmann::json::array();
  for (const Diagnostic& d : diagnostics) {
    out.push_back({{"severity", SeverityName(d.severity)},
                   {"file", d.file},
                   {"line", d.position.line},
                   {"column", d.position.column},
                   {"kind", d.kind},
                   {"name", d.object},
                   {"field", d.field},
                   {"message", d.message},
                   {"remediation", d.remediation}});
  }
  // Replace invalid UTF-8 (it can come from a hostile file) instead of throwing.
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace eksa::spec
