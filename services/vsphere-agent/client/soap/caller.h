// Caller: something vim25 methods can be invoked on. soap::Client sends them as they are;
// session::Session adds the login and transparent re-login. vim code takes a Caller& so it runs
// the same over either, and over a Client on a FakeTransport in unit tests.
#pragma once

#include <functional>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/vsphere-agent/client/soap/response.h"

namespace eksa::vsphere::soap {

struct CallOptions {
  // Budget for this call; zero: the transport's default.
  absl::Duration timeout = absl::ZeroDuration();
  // Optional cancellation hook (transport::Request::cancelled).
  std::function<bool()> cancelled;
};

class Caller {
 public:
  virtual ~Caller() = default;

  // Invokes vim25 method `method` with `body_xml`, the method element's children (XmlWriter
  // output, starting with <_this>), and returns the decoded response (response.h). Errors: the
  // transport's (kUnavailable, kFailedPrecondition for TLS verification, kDeadlineExceeded,
  // kCancelled), a fault's (fault.h), kInternal for a malformed response. Messages are prefixed
  // with the method: "Login: InvalidLogin: Cannot complete login …". Thread-safe.
  [[nodiscard]] virtual absl::StatusOr<Response> Call(std::string_view method,
                                                      std::string_view body_xml,
                                                      const CallOptions& options) = 0;

  [[nodiscard]] absl::StatusOr<Response> Call(std::string_view method, std::string_view body_xml) {
    return Call(method, body_xml, CallOptions{});
  }
};

}  // namespace eksa::vsphere::soap
