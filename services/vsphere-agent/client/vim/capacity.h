// Capacity figures for EKS-A's preflight checks: a datastore's free space, a resource pool's
// memory (vim.DatastoreSummary, ResourcePool.runtime and .config).
#pragma once

#include <cstdint>
#include <pugixml.hpp>
#include <string>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/vim/property_collector.h"

namespace eksa::vsphere::vim {

// DatastoreSummary, the parts eksa checks.
struct DatastoreSpace {
  std::string name;
  std::string type;  // "VMFS", "NFS", "vsan", "OTHER" (the simulator)
  int64_t capacity_bytes = 0;
  int64_t free_bytes = 0;
  bool accessible = false;
};

// Memory of a resource pool: its allocation (config.memoryAllocation, MiB) and usage
// (runtime.memory, bytes).
struct PoolMemory {
  int64_t reservation_mib = 0;
  int64_t limit_mib = -1;  // -1: no limit
  bool expandable_reservation = false;
  int64_t overall_usage_bytes = 0;      // runtime.memory.overallUsage
  int64_t max_usage_bytes = 0;          // runtime.memory.maxUsage
  int64_t unreserved_for_vm_bytes = 0;  // runtime.memory.unreservedForVm
  int64_t reservation_used_bytes = 0;   // runtime.memory.reservationUsed

  // What EKS-A checks a pool's demand against: limit − usage in MiB, or -1 without a limit
  // (such pools pass).
  int64_t AvailableMib() const;
};

// Decodes a DatastoreSummary value.
[[nodiscard]] absl::StatusOr<DatastoreSpace> DecodeDatastoreSummary(pugi::xml_node summary);
// Decodes ResourcePoolRuntimeInfo (`runtime`) and ResourceConfigSpec (`config`) values.
[[nodiscard]] absl::StatusOr<PoolMemory> DecodePoolMemory(pugi::xml_node runtime,
                                                          pugi::xml_node config);

// Reads `summary` of datastore `ds`. kNotFound when it does not exist.
[[nodiscard]] absl::StatusOr<DatastoreSpace> ReadDatastoreSpace(const PropertyCollector& pc,
                                                                const soap::MoRef& ds);
// Reads `runtime` and `config` of resource pool `pool`. kNotFound when it does not exist.
[[nodiscard]] absl::StatusOr<PoolMemory> ReadPoolMemory(const PropertyCollector& pc,
                                                        const soap::MoRef& pool);

}  // namespace eksa::vsphere::vim
