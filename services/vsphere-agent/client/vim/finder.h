// Finder: names and paths → managed objects, the way govc resolves them.
//
//   Finder finder(session, session.service_content());
//   absl::StatusOr<Datacenter> dc = finder.FindDatacenter("DC0");
//   absl::StatusOr<InventoryObject> ds = finder.FindOne(*dc, ObjectKind::kDatastore, "LocalDS_0");
//   absl::StatusOr<InventoryObject> rp = finder.FindOne(*dc, ObjectKind::kResourcePool,
//                                                       "*/Resources");  // kFailedPrecondition
//
// An argument is read per inventory_path.h:
//   "/DC0/datastore/ds1"  an absolute inventory path (SearchIndex.FindByInventoryPath);
//   "eksa/homelab"        a path relative to the kind's folder of the datacenter (below);
//   "ds1"                 a name, searched for anywhere below that folder (all matches count);
// and any component may be a glob ("*/Resources", "ds*"), matched by listing the subtree.
//
//   kind            base folder       types matched
//   kDatastore      datastoreFolder   Datastore
//   kNetwork        networkFolder     Network, DistributedVirtualPortgroup, OpaqueNetwork
//   kFolder         vmFolder          Folder
//   kVirtualMachine vmFolder          VirtualMachine (templates included)
//   kResourcePool   hostFolder        ResourcePool, VirtualApp
//
// Lookups cost one round trip (a path: FindByInventoryPath + the type check it returns; a name or
// glob: one recursive RetrievePropertiesEx of name+parent below the base).
//
// Errors, with the argument and where it was looked for in the message:
//   kNotFound           nothing matches ("datastore \"ds9\" not found in /DC0/datastore");
//                       a path to an object of another kind ("\"/DC0/vm\" is a Folder, not a
//                       datastore")
//   kFailedPrecondition FindOne matched several ("resource pool \"*/Resources\" resolves to 2
//                       objects: /DC0/host/DC0_C0/Resources, /DC0/host/DC0_H0/Resources")
//   kInvalidArgument    an empty argument, or ".." in a path
//   and the calls' errors.
//
// Thread-safe (stateless).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/session/service_content.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/vim/inventory_tree.h"
#include "services/vsphere-agent/client/vim/property_collector.h"

namespace eksa::vsphere::vim {

// An object and its full inventory path.
struct InventoryObject {
  soap::MoRef ref;
  std::string path;  // "/DC0/datastore/LocalDS_0"

  friend bool operator==(const InventoryObject&, const InventoryObject&) = default;
};

struct Datacenter {
  InventoryObject object;  // "/DC0"
  soap::MoRef vm_folder;
  soap::MoRef host_folder;
  soap::MoRef datastore_folder;
  soap::MoRef network_folder;
};

enum class ObjectKind { kDatastore, kNetwork, kFolder, kVirtualMachine, kResourcePool };

// "datastore", "network", "folder", "virtual machine", "resource pool".
std::string_view ObjectKindName(ObjectKind kind);

class Finder {
 public:
  Finder(soap::Caller& caller, const session::ServiceContent& content);

  // SearchIndex.FindByInventoryPath. kNotFound ("\"/DC0/vm/x\" not found") when nothing is
  // there (vCenter answers with no returnval).
  [[nodiscard]] absl::StatusOr<soap::MoRef> FindByInventoryPath(std::string_view path) const;

  // A datacenter by name ("DC0", searched below the root folder, so datacenters inside folders
  // are found), path ("/F0/DC0") or glob; exactly one must match. Also reads its four folders.
  [[nodiscard]] absl::StatusOr<Datacenter> FindDatacenter(std::string_view arg) const;

  // Every object of `kind` that `arg` designates in `dc` (at least one; else kNotFound), sorted
  // by path.
  [[nodiscard]] absl::StatusOr<std::vector<InventoryObject>> FindAll(const Datacenter& dc,
                                                                     ObjectKind kind,
                                                                     std::string_view arg) const;

  // Exactly one object (kFailedPrecondition listing the candidates when several match).
  [[nodiscard]] absl::StatusOr<InventoryObject> FindOne(const Datacenter& dc, ObjectKind kind,
                                                        std::string_view arg) const;

  // The inventory path of an object (inventory_tree.h InventoryPathOf).
  [[nodiscard]] absl::StatusOr<std::string> InventoryPath(const soap::MoRef& obj) const;

 private:
  // Objects of `types` designated by `arg` below `base` (path `base_path`).
  struct Base {
    soap::MoRef ref;
    std::string path;
    SubtreeScope scope;
  };
  absl::StatusOr<std::vector<InventoryObject>> Resolve(const Base& base,
                                                       const std::vector<std::string>& types,
                                                       std::string_view what,
                                                       std::string_view arg) const;
  absl::StatusOr<std::vector<InventoryObject>> ResolvePath(const std::string& path,
                                                           const std::vector<std::string>& types,
                                                           std::string_view what) const;

  soap::Caller& caller_;
  const session::ServiceContent content_;
  PropertyCollector pc_;
};

}  // namespace eksa::vsphere::vim
