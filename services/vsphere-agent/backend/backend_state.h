// BackendState: what one ClientBackend shares between its RPCs — the connection to its vCenter,
// the inventory cache, the template facts and network backings clones reuse, the memory of
// what request ids made, and the per-template import locks. Each RPC's code (one file per RPC
// family) takes it through an RpcScope (rpc_scope.h).
#pragma once

#include <memory>

#include "services/vsphere-agent/backend/client_backend_options.h"
#include "services/vsphere-agent/backend/connection.h"
#include "services/vsphere-agent/backend/inventory.h"
#include "services/vsphere-agent/backend/keyed_lock.h"
#include "services/vsphere-agent/backend/request_memory.h"
#include "services/vsphere-agent/backend/ttl_cache.h"
#include "services/vsphere-agent/client/vim/network_backing.h"
#include "services/vsphere-agent/client/vim/vm_info.h"

namespace eksa::vsphere_agent::backend {

struct BackendState {
  BackendState(ClientBackendOptions options_in, std::unique_ptr<VCenterConnection> connection_in)
      : options(std::move(options_in)),
        connection(std::move(connection_in)),
        inventory(options.inventory_cache_ttl),
        templates(options.inventory_cache_ttl),
        network_backings(options.inventory_cache_ttl),
        storage_profiles(options.inventory_cache_ttl) {}

  const ClientBackendOptions options;
  const std::unique_ptr<VCenterConnection> connection;
  Inventory inventory;
  // Template moref → what a clone needs of it (devices, current snapshot).
  TtlCache<vsphere::vim::VmInfo> templates;
  // Network moref → the backing of a NIC on it.
  TtlCache<vsphere::vim::NetworkBacking> network_backings;
  // Storage policy name → its PBM profile id (storage_policy.h).
  TtlCache<std::string> storage_profiles;
  RequestMemory requests;
  KeyedLock template_locks;
};

}  // namespace eksa::vsphere_agent::backend
