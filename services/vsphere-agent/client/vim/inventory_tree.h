// Reading the inventory tree: the entities below a folder, and the paths of objects.
//
// Both take one RetrievePropertiesEx of `name` and `parent` (ManagedEntity), with traversal specs
// that follow Folder.childEntity, the four folders of a Datacenter, ComputeResource.resourcePool
// and .host, and ResourcePool.resourcePool (recursively), or ManagedEntity.parent upwards.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/vim/property_collector.h"

namespace eksa::vsphere::vim {

struct InventoryEntity {
  soap::MoRef ref;
  std::string name;
  soap::MoRef parent;  // empty for the root folder
};

// How far ListSubtree descends.
enum class SubtreeScope {
  kFoldersOnly,  // Folder.childEntity only: folders and what they hold, not inside datacenters
  kEverything,   // also datacenters' folders, compute resources' pools and hosts, child pools
};

// Every entity below `base` (not `base` itself), in the server's order.
[[nodiscard]] absl::StatusOr<std::vector<InventoryEntity>> ListSubtree(
    const PropertyCollector& pc, const soap::MoRef& base,
    SubtreeScope scope = SubtreeScope::kEverything);

// The full path of each entity of `entities` whose parent chain reaches `base`, given the path of
// `base` ("/dc/datastore"): {ref → "/dc/datastore/sub/ds1"}. Pure.
std::map<soap::MoRef, std::string> PathsBelow(const std::vector<InventoryEntity>& entities,
                                              const soap::MoRef& base,
                                              const std::string& base_path);

// The inventory path of `obj` ("/DC0/vm/DC0_C0_RP0_VM0"): its ancestors' names from the
// datacenter (or top folder) down; the root folder itself is "/". kNotFound when `obj` does not
// exist.
[[nodiscard]] absl::StatusOr<std::string> InventoryPathOf(const PropertyCollector& pc,
                                                          const soap::MoRef& obj);

// The same from already retrieved entities (obj and its ancestors); kInternal when the chain is
// broken (an ancestor missing). Pure.
[[nodiscard]] absl::StatusOr<std::string> PathFromAncestors(
    const std::vector<InventoryEntity>& chain, const soap::MoRef& obj);

// Decodes `name` and `parent` of each object of a retrieval.
[[nodiscard]] absl::StatusOr<std::vector<InventoryEntity>> DecodeEntities(
    const ObjectContents& contents);

}  // namespace eksa::vsphere::vim
