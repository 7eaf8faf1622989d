#include "services/vsphere-agent/backend/scoped_caller.h"

#include <algorithm>
#include <string>

#include "absl/time/clock.h"

namespace eksa::vsphere_agent::backend {

absl::Status ScopedCaller::Alive(std::string_view what) const {
  if (context_.cancelled && context_.cancelled()) {
    return absl::CancelledError(std::string(what) + ": the call was cancelled");
  }
  if (absl::Now() >= context_.deadline) {
    return absl::DeadlineExceededError(std::string(what) + ": deadline exceeded");
  }
  return absl::OkStatus();
}

absl::StatusOr<vsphere::soap::Response> ScopedCaller::Call(
    std::string_view method, std::string_view body_xml, const vsphere::soap::CallOptions& options) {
  if (absl::Status alive = Alive(method); !alive.ok()) return alive;
  vsphere::soap::CallOptions scoped = options;
  if (context_.deadline != absl::InfiniteFuture()) {
    const absl::Duration left = context_.deadline - absl::Now();
    scoped.timeout = scoped.timeout == absl::ZeroDuration() ? left : std::min(scoped.timeout, left);
  }
  if (context_.cancelled) {
    if (options.cancelled) {
      scoped.cancelled = [own = options.cancelled, rpc = context_.cancelled] {
        return own() || rpc();
      };
    } else {
      scoped.cancelled = context_.cancelled;
    }
  }
  return inner_.Call(method, body_xml, scoped);
}

vsphere::vim::TaskWaitOptions ScopedCaller::WaitOptions() const {
  return {.deadline = context_.deadline, .cancelled = context_.cancelled};
}

vsphere::vim::PropertyWaitOptions ScopedCaller::PropertyOptions(absl::Time deadline) const {
  return {.deadline = std::min(deadline, context_.deadline), .cancelled = context_.cancelled};
}

}  // namespace eksa::vsphere_agent::backend
