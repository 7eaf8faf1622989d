// A raw TCP exchange with a server on 127.0.0.1, for tests of small HTTP endpoints (metrics,
// health) that want to see the exact bytes the server answers.
#pragma once

#include <string>

namespace eksa::testing {

// Connects to 127.0.0.1:<port of `address`> ("host:port"; only the port is used), sends `request`
// and returns everything read until the server closes or 5 s pass without data; "" when the port
// cannot be parsed or the connection is refused.
std::string LoopbackExchange(const std::string& address, const std::string& request);

}  // namespace eksa::testing
