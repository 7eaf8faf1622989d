// ScopedCaller: the soap::Caller one RPC works through. It applies the RPC's CallContext to
// every SOAP call made on its behalf, so the client library's helpers (Finder, Folder,
// VirtualMachine, …) honour the caller's deadline and cancellation without each taking them:
//  - a call starting after the deadline, or once the RPC is cancelled, is not sent
//    (kDeadlineExceeded / kCancelled, naming the method);
//  - each call's HTTP timeout is the time left (or its own, when shorter);
//  - the RPC's cancellation is asked before each call that changes something (a cancelled
//    caller never starts a clone or a power operation); reads, and the transport while a call is
//    in flight, go through a hook that asks the RPC at most every 10 ms, the first time 10 ms
//    after the scope began (libcurl polls dozens of times per call, and the sync gRPC server's
//    ServerContext::IsCancelled plucks its completion queue, ~50 µs: unthrottled it cost
//    ~1 ms per CreateVm, more than the gRPC hop itself);
//  - a read (IsReadOnlyMethod) that loses its connection without an answer (kUnavailable) is
//    sent again, four times at most (2, 5, 15 and 40 ms later), within the deadline. Reads
//    change nothing, so resending is safe. (A load balancer dropping an idle connection does
//    this; so does the testbed's simulator, whose SearchIndex handler panics — and drops the
//    connection — when FindChild meets a VM that a concurrent clone into the same folder has not
//    named yet.)
//    a mutating call is never resent here — its RPC fails UNAVAILABLE, the planner retries it and
//    the backend adopts what the first attempt made.
//
// Waits (tasks, properties) get the same bounds through WaitOptions() / PropertyOptions().
//
// Thread-safe as the inner caller is; lives for one RPC.
#pragma once

#include <functional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/vsphere-agent/agent/vcenter_backend.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/vim/property_wait.h"
#include "services/vsphere-agent/client/vim/task_wait.h"

namespace eksa::vsphere_agent::backend {

// Whether vim25 method `method` only reads (lookups, property retrievals, privilege queries).
bool IsReadOnlyMethod(std::string_view method);

class ScopedCaller final : public vsphere::soap::Caller {
 public:
  // `inner` (the session) and `context` must outlive this object.
  ScopedCaller(vsphere::soap::Caller& inner, const CallContext& context);

  using Caller::Call;
  [[nodiscard]] absl::StatusOr<vsphere::soap::Response> Call(
      std::string_view method, std::string_view body_xml,
      const vsphere::soap::CallOptions& options) override;

  // OK while the RPC may go on; kCancelled once cancelled, kDeadlineExceeded once its deadline
  // has passed ("<what>: deadline exceeded").
  [[nodiscard]] absl::Status Alive(std::string_view what) const;

  // Task and property waits bounded by the RPC (deadline, cancellation). `deadline` shortens
  // it further (WaitForIp's own timeout).
  vsphere::vim::TaskWaitOptions WaitOptions() const;
  vsphere::vim::PropertyWaitOptions PropertyOptions(
      absl::Time deadline = absl::InfiniteFuture()) const;

  const CallContext& context() const { return context_; }

 private:
  vsphere::soap::Caller& inner_;
  const CallContext& context_;
  // context_.cancelled asked at most every 10 ms (sticky once true); null when it is null.
  std::function<bool()> cancelled_;
};

}  // namespace eksa::vsphere_agent::backend
