// RpcScope: what one RPC works with — the logged-in session behind a ScopedCaller bound to the
// RPC's deadline and cancellation, the ServiceContent, a Finder, and lookups through the
// backend's inventory cache.
//
//   EKSA_ASSIGN_OR_RETURN(std::unique_ptr<RpcScope> rpc, RpcScope::Begin(state, context));
//   EKSA_ASSIGN_OR_RETURN(vim::Datacenter dc, rpc->Datacenter(request.datacenter()));
//
// Lives for one RPC, on its thread.
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/backend/backend_state.h"
#include "services/vsphere-agent/backend/scoped_caller.h"
#include "services/vsphere-agent/client/vim/finder.h"
#include "services/vsphere-agent/client/vim/property_collector.h"

namespace eksa::vsphere_agent::backend {

class RpcScope {
 public:
  // Logs in when the backend has no session yet (VCenterConnection::Session's errors).
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<RpcScope>> Begin(BackendState& state,
                                                                       const CallContext& context);

  RpcScope(const RpcScope&) = delete;
  RpcScope& operator=(const RpcScope&) = delete;

  BackendState& state() { return state_; }
  ScopedCaller& caller() { return caller_; }
  vsphere::session::Session& session() { return session_; }
  const vsphere::session::ServiceContent& content() const { return session_.service_content(); }
  const vsphere::vim::Finder& finder() const { return finder_; }
  vsphere::vim::PropertyCollector pc() {
    return vsphere::vim::PropertyCollector(caller_, content().property_collector);
  }
  const CallContext& context() const { return caller_.context(); }
  // The RPC's deadline and cancellation for REST calls.
  vsphere::rest::CallOptions RestOptions() const;

  // The datacenter `name` (cached). kInvalidArgument for an empty name.
  [[nodiscard]] absl::StatusOr<vsphere::vim::Datacenter> Datacenter(std::string_view name);
  // One object of `kind` designated by `arg` in `dc` (cached).
  [[nodiscard]] absl::StatusOr<vsphere::vim::InventoryObject> FindOne(
      const vsphere::vim::Datacenter& dc, vsphere::vim::ObjectKind kind, std::string_view arg);

 private:
  RpcScope(BackendState& state, vsphere::session::Session& session, const CallContext& context)
      : state_(state),
        session_(session),
        caller_(session, context),
        finder_(caller_, session.service_content()) {}

  BackendState& state_;
  vsphere::session::Session& session_;
  ScopedCaller caller_;
  vsphere::vim::Finder finder_;
};

// Runs `step`; when it fails because a remembered reference no longer exists (the
// ManagedObjectNotFound fault: a folder or template deleted and made again since it was cached),
// forgets the inventory cache and runs it once more.
template <typename T>
absl::StatusOr<T> WithFreshInventory(BackendState& state,
                                     const std::function<absl::StatusOr<T>()>& step);

// Whether `status` says a referenced managed object does not exist (ManagedObjectNotFound).
bool IsStaleReference(const absl::Status& status);

template <typename T>
absl::StatusOr<T> WithFreshInventory(BackendState& state,
                                     const std::function<absl::StatusOr<T>()>& step) {
  absl::StatusOr<T> result = step();
  if (result.ok() || !IsStaleReference(result.status())) return result;
  state.inventory.Forget();
  state.templates.Clear();
  state.network_backings.Clear();
  return step();
}

}  // namespace eksa::vsphere_agent::backend
