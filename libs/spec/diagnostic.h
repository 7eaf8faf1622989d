// Diagnostics: every problem found in a spec, with where it is and how to fix it.
//
// Validation never stops at the first problem: parsing, defaulting and validating append to one
// Diagnostics list, and the caller decides (HasErrors()) whether the spec is usable. Warnings
// never make a spec invalid.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace eksa::spec {

// A place in a file. Lines and columns are 1-based; 0 means unknown (e.g. an empty file).
struct Position {
  int line = 0;
  int column = 0;
  friend bool operator==(const Position&, const Position&) = default;
};

enum class Severity { kError, kWarning };
std::string_view SeverityName(Severity s);  // "error" / "warning"

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;  // as given by the caller (e.g. "homelab.yaml")
  Position position;
  std::string kind;         // object kind, e.g. "Cluster"; empty for file-level problems
  std::string object;       // object name, e.g. "homelab"
  std::string field;        // field path, e.g. "spec.workerNodeGroupConfigurations[0].count"
  std::string message;      // lowercase, no final period
  std::string remediation;  // what to change; may be empty
};

// An ordered list of diagnostics for one file.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }

  // Sets the object that later diagnostics belong to (kind and name), until changed again.
  void SetObject(std::string kind, std::string name);

  void Error(Position pos, std::string field, std::string message, std::string remediation = "");
  void Warning(Position pos, std::string field, std::string message, std::string remediation = "");

  bool HasErrors() const;
  int ErrorCount() const;
  int WarningCount() const;
  const std::vector<Diagnostic>& items() const { return items_; }

  // Orders by position (line, then column) with file-level problems first; keeps insertion order
  // for equal positions. Called before output so lines read top to bottom.
  void SortByPosition();

  // Removes every error from index `from` on that has the position and field of an error before
  // `from`. LoadSpec calls it with the parse errors before `from`: a value with a type error is
  // unset in the model, and what defaulting and validation then say about it ("is required")
  // would repeat that error at the same place.
  void RemoveRepeatedErrors(size_t from);

 private:
  void Add(Severity severity, Position pos, std::string field, std::string message,
           std::string remediation);

  std::string file_;
  std::string kind_;
  std::string object_;
  std::vector<Diagnostic> items_;
};

// `homelab.yaml:25:12: error: spec.externalEtcdConfiguration.count: message (remediation: …)`.
// The field part is left out when empty; the position is left out when unknown.
std::string FormatText(const Diagnostic& d);

// A JSON array of objects {severity, file, line, column, kind, name, field, message, remediation}.
std::string FormatJson(const std::vector<Diagnostic>& diagnostics);

}  // namespace eksa::spec
