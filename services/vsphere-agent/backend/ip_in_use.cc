#include "services/vsphere-agent/backend/ip_in_use.h"

#include "libs/common/tcp_dial.h"

namespace eksa::vsphere_agent::backend {

std::string_view DialOutcomeName(DialOutcome outcome) {
  switch (outcome) {
    case DialOutcome::kConnected:
      return "connected";
    case DialOutcome::kRefused:
      return "refused";
    case DialOutcome::kReset:
      return "reset";
    case DialOutcome::kTimedOut:
      return "timed out";
    case DialOutcome::kUnreachable:
      return "unreachable";
  }
  return "unknown";
}

bool InUse(DialOutcome outcome) {
  return outcome == DialOutcome::kConnected || outcome == DialOutcome::kRefused ||
         outcome == DialOutcome::kReset;
}

DialOutcome Dial(std::string_view ip, int port, absl::Duration timeout) {
  switch (DialTcp(ip, port, timeout).outcome) {
    case TcpDialOutcome::kConnected:
      return DialOutcome::kConnected;
    case TcpDialOutcome::kRefused:
      return DialOutcome::kRefused;
    case TcpDialOutcome::kReset:
      return DialOutcome::kReset;
    case TcpDialOutcome::kTimedOut:
      return DialOutcome::kTimedOut;
    case TcpDialOutcome::kError:
      break;
  }
  return DialOutcome::kUnreachable;
}

}  // namespace eksa::vsphere_agent::backend
