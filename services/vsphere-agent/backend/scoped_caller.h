// ScopedCaller: the soap::Caller one RPC works through. It applies the RPC's CallContext to
// every SOAP call made on its behalf, so the client library's helpers (Finder, Folder,
// VirtualMachine, …) honour the caller's deadline and cancellation without each taking them:
//  - a call starting after the deadline, or once the RPC is cancelled, is not sent
//    (kDeadlineExceeded / kCancelled, naming the method);
//  - each call's HTTP timeout is the time left (or its own, when shorter);
//  - the transport polls the RPC's cancellation while the call is in flight.
//
// Waits (tasks, properties) get the same bounds through WaitOptions() / PropertyOptions().
//
// Thread-safe as the inner caller is; lives for one RPC.
#pragma once

#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/vsphere-agent/agent/vcenter_backend.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/vim/property_wait.h"
#include "services/vsphere-agent/client/vim/task_wait.h"

namespace eksa::vsphere_agent::backend {

class ScopedCaller final : public vsphere::soap::Caller {
 public:
  // `inner` (the session) and `context` must outlive this object.
  ScopedCaller(vsphere::soap::Caller& inner, const CallContext& context)
      : inner_(inner), context_(context) {}

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
};

}  // namespace eksa::vsphere_agent::backend
