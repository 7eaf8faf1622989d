// CheckCapacity: resolve each datastore and pool of the demand, sum the demands per resolved
// object (capacity_checks.h), read each object's figures once (summary.freeSpace; the pool's
// memory limit and usage) and report one check per object, plus the figures per request entry.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "libs/common/status_macros.h"
#include "services/vsphere-agent/backend/capacity_checks.h"
#include "services/vsphere-agent/backend/check_results.h"
#include "services/vsphere-agent/backend/rpc_scope.h"
#include "services/vsphere-agent/backend/rpcs.h"
#include "services/vsphere-agent/client/vim/capacity.h"

namespace eksa::vsphere_agent::backend {
namespace {

namespace vim = vsphere::vim;

// Each entry's resolved object, or nullopt after a failed check for it.
std::vector<std::optional<vim::InventoryObject>> Resolve(RpcScope& rpc, const vim::Datacenter& dc,
                                                         vim::ObjectKind kind,
                                                         std::string_view check_name,
                                                         const std::vector<std::string>& names,
                                                         v1::CheckCapacityResponse& response) {
  std::vector<std::optional<vim::InventoryObject>> out;
  for (const std::string& name : names) {
    absl::StatusOr<vim::InventoryObject> o = rpc.FindOne(dc, kind, name);
    if (o.ok()) {
      out.push_back(*o);
      continue;
    }
    out.push_back(std::nullopt);
    *response.add_checks() = Failed(check_name, std::string(vim::ObjectKindName(kind)) + " " + name,
                                    Lowercased(o.status()), "check the machine configs' placement");
  }
  return out;
}

void CheckDatastores(RpcScope& rpc, const v1::CheckCapacityRequest& req, const vim::Datacenter& dc,
                     v1::CheckCapacityResponse& response) {
  std::vector<std::string> names;
  for (const v1::DatastoreDemand& d : req.datastores()) names.push_back(d.datastore());
  auto found =
      Resolve(rpc, dc, vim::ObjectKind::kDatastore, check::kDatastoreCapacity, names, response);
  std::vector<std::pair<std::string, int64_t>> demands;
  for (int i = 0; i < req.datastores_size(); ++i) {
    if (found[i]) demands.push_back({found[i]->path, req.datastores(i).required_gib()});
  }
  const std::map<std::string, int64_t> sums = SumByPath(demands);
  std::map<std::string, vim::DatastoreSpace> spaces;
  const vim::PropertyCollector pc = rpc.pc();
  for (int i = 0; i < req.datastores_size(); ++i) {
    v1::DatastoreCapacity* c = response.add_datastores();
    if (!found[i]) continue;
    const std::string& path = found[i]->path;
    c->set_path(path);
    c->set_required_gib(sums.at(path));
    if (!spaces.count(path)) {
      absl::StatusOr<vim::DatastoreSpace> space = vim::ReadDatastoreSpace(pc, found[i]->ref);
      if (!space.ok()) {
        *response.add_checks() =
            Failed(check::kDatastoreCapacity, "datastore " + path,
                   "reading datastore " + path + ": " + Lowercased(space.status()),
                   "check vCenter and the agent's log");
        spaces[path] = {};
        continue;
      }
      spaces[path] = *space;
      *response.add_checks() =
          DatastoreCapacityCheck(path, space->capacity_bytes, space->free_bytes, sums.at(path));
    }
    c->set_capacity_bytes(spaces[path].capacity_bytes);
    c->set_free_bytes(spaces[path].free_bytes);
  }
}

void CheckPools(RpcScope& rpc, const v1::CheckCapacityRequest& req, const vim::Datacenter& dc,
                v1::CheckCapacityResponse& response) {
  std::vector<std::string> names;
  for (const v1::ResourcePoolDemand& d : req.resource_pools()) names.push_back(d.resource_pool());
  auto found =
      Resolve(rpc, dc, vim::ObjectKind::kResourcePool, check::kPoolMemory, names, response);
  std::vector<std::pair<std::string, int64_t>> demands;
  for (int i = 0; i < req.resource_pools_size(); ++i) {
    if (found[i]) demands.push_back({found[i]->path, req.resource_pools(i).required_mib()});
  }
  const std::map<std::string, int64_t> sums = SumByPath(demands);
  std::map<std::string, int64_t> available;
  const vim::PropertyCollector pc = rpc.pc();
  for (int i = 0; i < req.resource_pools_size(); ++i) {
    v1::ResourcePoolCapacity* c = response.add_resource_pools();
    if (!found[i]) continue;
    const std::string& path = found[i]->path;
    c->set_path(path);
    c->set_required_mib(sums.at(path));
    if (!available.count(path)) {
      absl::StatusOr<vim::PoolMemory> memory = vim::ReadPoolMemory(pc, found[i]->ref);
      if (!memory.ok()) {
        *response.add_checks() =
            Failed(check::kPoolMemory, "resource pool " + path,
                   "reading resource pool " + path + ": " + Lowercased(memory.status()),
                   "check vCenter and the agent's log");
        available[path] = -1;
        continue;
      }
      available[path] = memory->AvailableMib();
      *response.add_checks() = PoolMemoryCheck(path, available[path], sums.at(path));
    }
    c->set_available_mib(available[path]);
  }
}

}  // namespace

absl::StatusOr<v1::CheckCapacityResponse> CheckCapacity(BackendState& state,
                                                        const v1::CheckCapacityRequest& request,
                                                        const CallContext& context) {
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<RpcScope> rpc, RpcScope::Begin(state, context));
  v1::CheckCapacityResponse response;
  absl::StatusOr<vim::Datacenter> dc = rpc->Datacenter(request.datacenter());
  if (!dc.ok()) {
    EKSA_RETURN_IF_ERROR(rpc->caller().Alive("checking capacity"));
    *response.add_checks() = Failed(check::kDatacenter, "datacenter " + request.datacenter(),
                                    Lowercased(dc.status()), "check spec.datacenter");
    return response;
  }
  CheckDatastores(*rpc, request, *dc, response);
  CheckPools(*rpc, request, *dc, response);
  EKSA_RETURN_IF_ERROR(rpc->caller().Alive("checking capacity"));
  return response;
}

}  // namespace eksa::vsphere_agent::backend
