#include "services/vsphere-agent/backend/inventory.h"

#include <string>

namespace eksa::vsphere_agent::backend {

namespace vim = vsphere::vim;

absl::StatusOr<vim::Datacenter> Inventory::Datacenter(const vim::Finder& finder,
                                                      std::string_view name) {
  const std::string key(name);
  if (std::optional<vim::Datacenter> hit = datacenters_.Get(key)) return *std::move(hit);
  absl::StatusOr<vim::Datacenter> dc = finder.FindDatacenter(name);
  if (dc.ok()) datacenters_.Put(key, *dc);
  return dc;
}

absl::StatusOr<vim::InventoryObject> Inventory::FindOne(const vim::Finder& finder,
                                                        const vim::Datacenter& dc,
                                                        vim::ObjectKind kind,
                                                        std::string_view arg) {
  const std::string key =
      dc.object.ref.value + "\n" + std::to_string(static_cast<int>(kind)) + "\n" + std::string(arg);
  if (std::optional<vim::InventoryObject> hit = objects_.Get(key)) return *std::move(hit);
  absl::StatusOr<vim::InventoryObject> found = finder.FindOne(dc, kind, arg);
  if (found.ok()) objects_.Put(key, *found);
  return found;
}

void Inventory::Forget() {
  datacenters_.Clear();
  objects_.Clear();
}

}  // namespace eksa::vsphere_agent::backend
