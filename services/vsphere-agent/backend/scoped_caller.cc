#include "services/vsphere-agent/backend/scoped_caller.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <string>

#include "absl/time/clock.h"

namespace eksa::vsphere_agent::backend {

absl::Status ScopedCaller::Alive(std::string_view what) const {
  if (cancelled_ && cancelled_()) {
    return absl::CancelledError(std::string(what) + ": the call was cancelled");
  }
  if (absl::Now() >= context_.deadline) {
    return absl::DeadlineExceededError(std::string(what) + ": deadline exceeded");
  }
  return absl::OkStatus();
}

namespace {

// `inner`, asked at most once per `period`; true is remembered.
std::function<bool()> Throttled(std::function<bool()> inner, absl::Duration period) {
  struct State {
    std::function<bool()> inner;
    int64_t period_ns;
    std::atomic<int64_t> next_ns{0};
    std::atomic<bool> cancelled{false};
  };
  auto state = std::make_shared<State>();
  state->inner = std::move(inner);
  state->period_ns = absl::ToInt64Nanoseconds(period);
  // A call shorter than one period never asks: it ends before a cancellation could matter.
  state->next_ns = absl::GetCurrentTimeNanos() + state->period_ns;
  return [state] {
    if (state->cancelled.load(std::memory_order_relaxed)) return true;
    const int64_t now = absl::GetCurrentTimeNanos();
    int64_t next = state->next_ns.load(std::memory_order_relaxed);
    if (now < next || !state->next_ns.compare_exchange_strong(next, now + state->period_ns)) {
      return false;
    }
    if (state->inner()) state->cancelled = true;
    return state->cancelled.load();
  };
}

}  // namespace

ScopedCaller::ScopedCaller(vsphere::soap::Caller& inner, const CallContext& context)
    : inner_(inner), context_(context) {
  if (context.cancelled) cancelled_ = Throttled(context.cancelled, absl::Milliseconds(10));
}

bool IsReadOnlyMethod(std::string_view method) {
  static constexpr std::string_view kReads[] = {
      "RetrieveServiceContent", "RetrievePropertiesEx", "ContinueRetrievePropertiesEx",
      "FindByInventoryPath", "FindChild", "FindByUuid", "HasPrivilegeOnEntity", "CurrentTime",
      // SPBM (client/pbm), through storage_policy.h
      "PbmRetrieveServiceContent", "PbmQueryProfile", "PbmRetrieveContent"};
  for (std::string_view r : kReads) {
    if (method == r) return true;
  }
  return false;
}

absl::StatusOr<vsphere::soap::Response> ScopedCaller::Call(
    std::string_view method, std::string_view body_xml, const vsphere::soap::CallOptions& options) {
  if (absl::Status alive = Alive(method); !alive.ok()) return alive;
  // Before a call that changes something, ask the RPC itself: a cancelled caller must not start
  // a clone or a power operation, even within the throttle's period.
  if (!IsReadOnlyMethod(method) && context_.cancelled && context_.cancelled()) {
    return absl::CancelledError(std::string(method) + ": the call was cancelled");
  }
  vsphere::soap::CallOptions scoped = options;
  if (context_.deadline != absl::InfiniteFuture()) {
    const absl::Duration left = context_.deadline - absl::Now();
    scoped.timeout = scoped.timeout == absl::ZeroDuration() ? left : std::min(scoped.timeout, left);
  }
  if (cancelled_) {
    if (options.cancelled) {
      scoped.cancelled = [own = options.cancelled, rpc = cancelled_] { return own() || rpc(); };
    } else {
      scoped.cancelled = cancelled_;
    }
  }
  absl::StatusOr<vsphere::soap::Response> r = inner_.Call(method, body_xml, scoped);
  // A read whose connection dropped: resent, four times at most (2, 5, 15, 40 ms later).
  for (absl::Duration pause : {absl::Milliseconds(2), absl::Milliseconds(5), absl::Milliseconds(15),
                               absl::Milliseconds(40)}) {
    if (r.ok() || r.status().code() != absl::StatusCode::kUnavailable ||
        !IsReadOnlyMethod(method) || absl::Now() + pause >= context_.deadline) {
      break;
    }
    absl::SleepFor(pause);
    if (!Alive(method).ok()) break;
    if (context_.deadline != absl::InfiniteFuture()) {
      const absl::Duration left = context_.deadline - absl::Now();
      scoped.timeout =
          options.timeout == absl::ZeroDuration() ? left : std::min(options.timeout, left);
    }
    r = inner_.Call(method, body_xml, scoped);
  }
  return r;
}

vsphere::vim::TaskWaitOptions ScopedCaller::WaitOptions() const {
  return {.deadline = context_.deadline, .cancelled = cancelled_};
}

vsphere::vim::PropertyWaitOptions ScopedCaller::PropertyOptions(absl::Time deadline) const {
  return {.deadline = std::min(deadline, context_.deadline), .cancelled = cancelled_};
}

}  // namespace eksa::vsphere_agent::backend
