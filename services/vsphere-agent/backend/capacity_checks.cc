#include "services/vsphere-agent/backend/capacity_checks.h"

#include <cstdio>
#include <string>

namespace eksa::vsphere_agent::backend {

std::map<std::string, int64_t> SumByPath(const std::vector<std::pair<std::string, int64_t>>& d) {
  std::map<std::string, int64_t> sums;
  for (const auto& [path, amount] : d) sums[path] += amount;
  return sums;
}

std::string FormatGib(int64_t bytes) {
  if (bytes >= 10 * kBytesPerGib || bytes % kBytesPerGib == 0) {
    return std::to_string(bytes / kBytesPerGib) + " GiB";
  }
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f GiB", static_cast<double>(bytes) / kBytesPerGib);
  return buf;
}

CheckResult DatastoreCapacityCheck(const std::string& path, int64_t capacity_bytes,
                                   int64_t free_bytes, int64_t required_gib) {
  const std::string subject = "datastore " + path;
  const std::string figures = std::to_string(required_gib) + " GiB required, " +
                              FormatGib(free_bytes) + " free of " + FormatGib(capacity_bytes);
  if (required_gib <= free_bytes / kBytesPerGib) {  // r·2³⁰ ≤ free ⇔ r ≤ ⌊free / 2³⁰⌋
    return Passed(check::kDatastoreCapacity, subject, "datastore " + path + ": " + figures);
  }
  return Failed(check::kDatastoreCapacity, subject,
                "not enough space in datastore " + path + ": " + figures,
                "free space on the datastore, place machines on another datastore, or lower "
                "diskGiB or the machine counts");
}

CheckResult PoolMemoryCheck(const std::string& path, int64_t available_mib, int64_t required_mib) {
  const std::string subject = "resource pool " + path;
  if (available_mib < 0) {
    return Passed(check::kPoolMemory, subject,
                  "resource pool " + path + " has no memory limit (" +
                      std::to_string(required_mib) + " MiB required)");
  }
  const std::string figures = std::to_string(required_mib) + " MiB required, " +
                              std::to_string(available_mib) + " MiB available";
  if (required_mib <= available_mib) {
    return Passed(check::kPoolMemory, subject, "resource pool " + path + ": " + figures);
  }
  return Failed(check::kPoolMemory, subject,
                "not enough memory in resource pool " + path + ": " + figures,
                "raise the pool's memory limit, use another pool, or lower memoryMiB or the "
                "machine counts");
}

}  // namespace eksa::vsphere_agent::backend
