#include "services/planner/tasks/checks.h"

#include <string>

namespace eksa::planner::tasks {

absl::Status ChecksPassed(std::string_view what, const Checks& checks, const log::Logger& logger) {
  std::string failed;
  for (const eksa::common::v1::CheckResult& c : checks) {
    if (c.passed()) {
      if (c.warning()) {
        logger.Info(0, "Warning: " + c.name(), {{"subject", c.subject()}, {"detail", c.message()}});
      }
      continue;
    }
    failed += failed.empty() ? "" : "; ";
    failed += c.name();
    if (!c.subject().empty()) failed += " (" + c.subject() + ")";
    if (!c.message().empty()) failed += ": " + c.message();
    if (!c.remediation().empty()) failed += "; remediation: " + c.remediation();
  }
  if (failed.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(std::string(what) + " failed: " + failed);
}

}  // namespace eksa::planner::tasks
