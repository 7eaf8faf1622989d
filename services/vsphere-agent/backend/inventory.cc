#include "services/vsphere-agent/backend/inventory.h"

#include <string>

namespace eksa::vsphere_agent::backend {

namespace vim = vsphere::vim;

absl::StatusOr<vim::Datacenter> Inventory::Datacenter(const vim::Finder& finder,
                                                      std::string_view name) {
  return datacenters_.GetOr(std::string(name), [&] { return finder.FindDatacenter(name); });
}

absl::StatusOr<vim::InventoryObject> Inventory::FindOne(const vim::Finder& finder,
                                                        const vim::Datacenter& dc,
                                                        vim::ObjectKind kind,
                                                        std::string_view arg) {
  const std::string key =
      dc.object.ref.value + "\n" + std::to_string(static_cast<int>(kind)) + "\n" + std::string(arg);
  return objects_.GetOr(key, [&] { return finder.FindOne(dc, kind, arg); });
}

void Inventory::Forget() {
  datacenters_.Clear();
  objects_.Clear();
}

}  // namespace eksa::vsphere_agent::backend
