// The CLI's connection to the planner (--planner, default 127.0.0.1:50051, or EKSA_PLANNER).
#pragma once

#include <memory>
#include <string>

#include "eksa/planner/v1/planner.grpc.pb.h"

namespace eksa::cli {

inline constexpr char kDefaultPlanner[] = "127.0.0.1:50051";

// The address to use: `flag` when set, else $EKSA_PLANNER, else kDefaultPlanner.
std::string PlannerAddress(const std::string& flag);

// A stub over an insecure channel (loopback and unix sockets; TLS comes with deploy).
std::unique_ptr<planner::v1::PlannerService::Stub> ConnectPlanner(const std::string& address);

// "Error: <what>: <message>" on stderr, with a hint when the planner is not reachable.
void PrintRpcError(const std::string& what, const grpc::Status& status, const std::string& address);

// A random request id for a mutating call ("cli-" + 16 hex digits).
std::string NewRequestId();

}  // namespace eksa::cli
