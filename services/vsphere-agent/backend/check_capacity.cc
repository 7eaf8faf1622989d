// CheckCapacity: resolve each datastore and pool of the demand, sum the demands per resolved
// object (capacity_checks.h), read each object's figures once (summary.freeSpace; the pool's
// memory limit and usage) and report one check per object, plus the figures per request entry.
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
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

// The demands of one kind (datastore GiB, pool MiB), each (name, required): resolves each name
// (a failed check per missing one), sums the demands per resolved path, reads each path's
// figures once with `read` (a failed check when unreadable, else check(path, figures, sum)).
// Then add(path, sum, figures) once per demand, in order: path null when unresolved, figures
// null when unreadable.
template <typename Read, typename Check, typename Add>
void CheckDemands(RpcScope& rpc, const vim::Datacenter& dc, vim::ObjectKind kind,
                  std::string_view check_name,
                  const std::vector<std::pair<std::string, int64_t>>& demands, Read read,
                  Check check, Add add, v1::CheckCapacityResponse& response) {
  using Figures = typename std::invoke_result_t<Read, const vim::PropertyCollector&,
                                                const vsphere::soap::MoRef&>::value_type;
  std::vector<std::string> names;
  for (const auto& [name, required] : demands) names.push_back(name);
  const std::vector<std::optional<vim::InventoryObject>> found =
      Resolve(rpc, dc, kind, check_name, names, response);
  std::vector<std::pair<std::string, int64_t>> resolved;
  for (size_t i = 0; i < demands.size(); ++i) {
    if (found[i]) resolved.push_back({found[i]->path, demands[i].second});
  }
  const std::map<std::string, int64_t> sums = SumByPath(resolved);
  const std::string noun(vim::ObjectKindName(kind));
  std::map<std::string, std::optional<Figures>> figures;  // by path, read once
  const vim::PropertyCollector pc = rpc.pc();
  for (size_t i = 0; i < demands.size(); ++i) {
    if (!found[i]) {
      add(nullptr, 0, nullptr);
      continue;
    }
    const std::string& path = found[i]->path;
    auto [it, first] = figures.try_emplace(path);
    if (first) {
      absl::StatusOr<Figures> read_figures = read(pc, found[i]->ref);
      if (read_figures.ok()) {
        it->second = *std::move(read_figures);
        *response.add_checks() = check(path, *it->second, sums.at(path));
      } else {
        *response.add_checks() =
            Failed(check_name, noun + " " + path,
                   "reading " + noun + " " + path + ": " + Lowercased(read_figures.status()),
                   "check vCenter and the agent's log");
      }
    }
    add(&path, sums.at(path), it->second ? &*it->second : nullptr);
  }
}

void CheckDatastores(RpcScope& rpc, const v1::CheckCapacityRequest& req, const vim::Datacenter& dc,
                     v1::CheckCapacityResponse& response) {
  std::vector<std::pair<std::string, int64_t>> demands;
  for (const v1::DatastoreDemand& d : req.datastores()) {
    demands.push_back({d.datastore(), d.required_gib()});
  }
  CheckDemands(
      rpc, dc, vim::ObjectKind::kDatastore, check::kDatastoreCapacity, demands,
      [](const vim::PropertyCollector& pc, const vsphere::soap::MoRef& ds) {
        return vim::ReadDatastoreSpace(pc, ds);
      },
      [](const std::string& path, const vim::DatastoreSpace& space, int64_t required_gib) {
        return DatastoreCapacityCheck(path, space.capacity_bytes, space.free_bytes, required_gib);
      },
      [&](const std::string* path, int64_t required_gib, const vim::DatastoreSpace* space) {
        v1::DatastoreCapacity* c = response.add_datastores();
        if (path == nullptr) return;
        c->set_path(*path);
        c->set_required_gib(required_gib);
        if (space == nullptr) return;
        c->set_capacity_bytes(space->capacity_bytes);
        c->set_free_bytes(space->free_bytes);
      },
      response);
}

void CheckPools(RpcScope& rpc, const v1::CheckCapacityRequest& req, const vim::Datacenter& dc,
                v1::CheckCapacityResponse& response) {
  std::vector<std::pair<std::string, int64_t>> demands;
  for (const v1::ResourcePoolDemand& d : req.resource_pools()) {
    demands.push_back({d.resource_pool(), d.required_mib()});
  }
  CheckDemands(
      rpc, dc, vim::ObjectKind::kResourcePool, check::kPoolMemory, demands,
      [](const vim::PropertyCollector& pc, const vsphere::soap::MoRef& pool) {
        return vim::ReadPoolMemory(pc, pool);
      },
      [](const std::string& path, const vim::PoolMemory& memory, int64_t required_mib) {
        return PoolMemoryCheck(path, memory.AvailableMib(), required_mib);
      },
      [&](const std::string* path, int64_t required_mib, const vim::PoolMemory* memory) {
        v1::ResourcePoolCapacity* c = response.add_resource_pools();
        if (path == nullptr) return;
        c->set_path(*path);
        c->set_required_mib(required_mib);
        // Unreadable: left unset (-1 would mean "no limit").
        if (memory != nullptr) c->set_available_mib(memory->AvailableMib());
      },
      response);
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
