#include "services/vsphere-agent/backend/check_results.h"

#include <cctype>
#include <string>

#include "libs/common/redact.h"

namespace eksa::vsphere_agent::backend {
namespace {

CheckResult Make(std::string_view name, std::string_view subject, std::string message,
                 bool passed) {
  CheckResult c;
  c.set_name(std::string(name));
  c.set_subject(std::string(subject));
  // Over-redaction beats a leak: messages carry server text (faults, paths).
  c.set_message(Redact(message));
  c.set_passed(passed);
  return c;
}

}  // namespace

CheckResult Passed(std::string_view name, std::string_view subject, std::string message) {
  return Make(name, subject, std::move(message), true);
}

CheckResult Warned(std::string_view name, std::string_view subject, std::string message) {
  CheckResult c = Make(name, subject, std::move(message), true);
  c.set_warning(true);
  return c;
}

CheckResult Failed(std::string_view name, std::string_view subject, std::string message,
                   std::string remediation) {
  CheckResult c = Make(name, subject, std::move(message), false);
  c.set_remediation(std::move(remediation));
  return c;
}

std::string Lowercased(std::string_view message) {
  std::string s(message);
  if (!s.empty() && std::isupper(static_cast<unsigned char>(s[0])) &&
      !(s.size() > 1 && std::isupper(static_cast<unsigned char>(s[1])))) {
    s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  }
  return s;
}

std::string Lowercased(const absl::Status& status) {
  const absl::string_view m = status.message();
  return Lowercased(std::string_view(m.data(), m.size()));
}

}  // namespace eksa::vsphere_agent::backend
