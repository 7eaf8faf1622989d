// The control-plane IP check of EKS-A's IPValidator: dial <ip>:80 for at most 500 ms; a
// connection, a refusal or a reset all mean something answers at that address ("in use"); only
// silence (a timeout, an unreachable network) means it is free.
#pragma once

#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace eksa::vsphere_agent::backend {

// What one dial found.
enum class DialOutcome { kConnected, kRefused, kReset, kTimedOut, kUnreachable };

// "connected", "refused", "reset", "timed out", "unreachable".
std::string_view DialOutcomeName(DialOutcome outcome);

// A TCP connect to ip:port within `timeout` (IPv4 or IPv6 literal; eksa::DialTcp): any error
// but a refusal, a reset or a timeout (a bad literal included) is kUnreachable.
DialOutcome Dial(std::string_view ip, int port, absl::Duration timeout);

// Whether `outcome` means the address is taken (EKS-A's rule above).
bool InUse(DialOutcome outcome);

}  // namespace eksa::vsphere_agent::backend
