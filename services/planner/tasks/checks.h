// Check results (eksa.common.v1.CheckResult) from the agents' Check* RPCs → task status.
#pragma once

#include <string_view>

#include "absl/status/status.h"
#include "eksa/common/v1/common.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "libs/common/log.h"

namespace eksa::planner::tasks {

using Checks = google::protobuf::RepeatedPtrField<eksa::common::v1::CheckResult>;

// OK when every check passed (warnings are logged at -v 0). Otherwise kFailedPrecondition, final
// (the operator must change something), listing each failed check as
// "<name> (<subject>): <message>; remediation: <remediation>" after "<what> failed: ".
absl::Status ChecksPassed(std::string_view what, const Checks& checks, const log::Logger& logger);

}  // namespace eksa::planner::tasks
