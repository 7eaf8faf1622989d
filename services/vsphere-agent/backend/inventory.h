// Inventory: the Finder's lookups (datacenter by name, one object of a kind by name, path or
// glob) with their successes remembered for a while (ClientBackendOptions.inventory_cache_ttl),
// so a burst of CreateVm calls resolves its datacenter, folder, pool, datastore, networks and
// template once instead of once per VM.
//
// Failures are never cached (a folder CheckMachineConfig is about to create must be found the
// next time). A caller that finds a cached reference gone (kNotFound from using it) calls
// Forget() and looks it up again.
//
// Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/vsphere-agent/backend/ttl_cache.h"
#include "services/vsphere-agent/client/vim/finder.h"

namespace eksa::vsphere_agent::backend {

class Inventory {
 public:
  explicit Inventory(absl::Duration ttl) : datacenters_(ttl), objects_(ttl) {}

  // Finder::FindDatacenter(name), remembered.
  [[nodiscard]] absl::StatusOr<vsphere::vim::Datacenter> Datacenter(
      const vsphere::vim::Finder& finder, std::string_view name);

  // Finder::FindOne(dc, kind, arg), remembered per (datacenter, kind, arg).
  [[nodiscard]] absl::StatusOr<vsphere::vim::InventoryObject> FindOne(
      const vsphere::vim::Finder& finder, const vsphere::vim::Datacenter& dc,
      vsphere::vim::ObjectKind kind, std::string_view arg);

  // Drops everything remembered (a reference turned out stale).
  void Forget();

 private:
  TtlCache<vsphere::vim::Datacenter> datacenters_;
  TtlCache<vsphere::vim::InventoryObject> objects_;
};

}  // namespace eksa::vsphere_agent::backend
