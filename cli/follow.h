// Starting an operation in the planner and following it: its events from the first one, rendered
// as the CLI prints them (output.h), until the operation ends or the stream breaks.
#pragma once

#include <optional>
#include <string>

#include "eksa/planner/v1/planner.grpc.pb.h"

namespace eksa::cli {

// Prints every event of operation `op` up to `verbosity`, one flushed line each, until the
// operation finishes. kExitOk when it succeeded; kExitFailed when it failed or the stream broke
// (the error is printed naming `address`).
int FollowOperation(planner::v1::PlannerService::Stub& stub, const std::string& op, int verbosity,
                    const std::string& address);

// StartOperation(`req`), prints "Operation <id>" (+ " (already started)" for a replayed request
// id), then FollowOperation. A refused start is printed as "Error: <what>: …" and is kExitFailed.
int StartAndFollow(planner::v1::PlannerService::Stub& stub,
                   const planner::v1::StartOperationRequest& req, const std::string& what,
                   int verbosity, const std::string& address);

// The text of spec file `file` when it loads without errors (spec::LoadSpecFile, which bounds the
// size before reading); every diagnostic is printed on stderr. nullopt for a bad spec: nothing is
// to be sent for it.
std::optional<std::string> ReadValidSpec(const std::string& file);

}  // namespace eksa::cli
