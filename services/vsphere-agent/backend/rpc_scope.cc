#include "services/vsphere-agent/backend/rpc_scope.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "services/vsphere-agent/client/soap/fault.h"

namespace eksa::vsphere_agent::backend {

absl::StatusOr<std::unique_ptr<RpcScope>> RpcScope::Begin(BackendState& state,
                                                          const CallContext& context) {
  absl::StatusOr<vsphere::session::Session*> session = state.connection->Session();
  if (!session.ok()) return session.status();
  return std::unique_ptr<RpcScope>(new RpcScope(state, **session, context));
}

vsphere::rest::CallOptions RpcScope::RestOptions() const {
  vsphere::rest::CallOptions options{.cancelled = context().cancelled};
  if (context().deadline != absl::InfiniteFuture()) {
    options.timeout = std::max(context().deadline - absl::Now(), absl::Milliseconds(1));
  }
  return options;
}

absl::StatusOr<vsphere::vim::Datacenter> RpcScope::Datacenter(std::string_view name) {
  if (name.empty()) {
    return absl::InvalidArgumentError(
        "datacenter: empty (set it in the request or the agent's vcenters[].datacenter)");
  }
  return state_.inventory.Datacenter(finder_, name);
}

absl::StatusOr<vsphere::vim::InventoryObject> RpcScope::FindOne(const vsphere::vim::Datacenter& dc,
                                                                vsphere::vim::ObjectKind kind,
                                                                std::string_view arg) {
  return state_.inventory.FindOne(finder_, dc, kind, arg);
}

bool IsStaleReference(const absl::Status& status) {
  return vsphere::soap::IsFault(status, "ManagedObjectNotFound");
}

}  // namespace eksa::vsphere_agent::backend
