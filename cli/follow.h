// Following an operation the planner runs: its events from the first one, rendered as the CLI
// prints them (output.h), until the operation ends or the stream breaks.
#pragma once

#include <string>

#include "eksa/planner/v1/planner.grpc.pb.h"

namespace eksa::cli {

// Prints every event of operation `op` up to `verbosity`, one flushed line each, until the
// operation finishes. kExitOk when it succeeded; kExitFailed when it failed or the stream broke
// (the error is printed naming `address`).
int FollowOperation(planner::v1::PlannerService::Stub& stub, const std::string& op, int verbosity,
                    const std::string& address);

}  // namespace eksa::cli
