// gRPC writes its own log lines to stderr; RouteGrpcLogs sends them through eksa's logger instead,
// so they obey -v and --log-format: gRPC errors at verbosity 2, info at 4, debug at 6, each with
// source=grpc and at=<file>:<line>. GRPC_VERBOSITY, when set, still decides what gRPC emits at
// all; otherwise `verbosity` does. Call once, after log::Init. The logger outlives every thread
// (log.cc never destroys it), so late lines from gRPC's threads during exit are safe.
#pragma once

namespace eksa::rpc {

void RouteGrpcLogs(int verbosity);

}  // namespace eksa::rpc
