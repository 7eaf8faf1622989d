// CheckCapacity's arithmetic and checks, pure (EKS-A's validateDatastoreUsageForCreate and
// validateMemoryUsage): Σ disk per datastore against its free space, Σ memory per resource pool
// against what it has left; a pool without a memory limit passes.
//
// The planner sends one demand per datastore and per pool, but names are its own: two entries
// that resolve to the same object ("LocalDS_0" and "/DC0/datastore/LocalDS_0") are one demand,
// summed and checked once against the object's free space (each entry reports the sum).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "services/vsphere-agent/backend/check_results.h"

namespace eksa::vsphere_agent::backend {

inline constexpr int64_t kBytesPerGib = int64_t{1} << 30;

// Σ of the demands per resolved path: [(path, amount)] → {path → total}.
std::map<std::string, int64_t> SumByPath(const std::vector<std::pair<std::string, int64_t>>& d);

// "Datastore capacity validated" for datastore `path`: passed when required_gib GiB fit in
// `free_bytes`. Messages in GiB ("120 GiB required, 456 GiB free of 500 GiB").
CheckResult DatastoreCapacityCheck(const std::string& path, int64_t capacity_bytes,
                                   int64_t free_bytes, int64_t required_gib);

// "Resource pool memory validated" for pool `path`: `available_mib` -1 (no limit) passes;
// otherwise required_mib must fit.
CheckResult PoolMemoryCheck(const std::string& path, int64_t available_mib, int64_t required_mib);

// "1.5 GiB" style: whole GiB, or one decimal below 10 GiB.
std::string FormatGib(int64_t bytes);

}  // namespace eksa::vsphere_agent::backend
