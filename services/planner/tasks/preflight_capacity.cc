// preflight-capacity (vSphere agent): CheckCapacity with Σ diskGiB per datastore and Σ memoryMiB
// per resource pool over every machine the operation will create: every machine of the spec for
// a create; for an upgrade only those the cluster record does not hold yet (added or replaced
// machines). Each machine is counted once, so a group of N machines counts diskGiB × N.
#include <map>
#include <set>
#include <string>

#include "libs/common/status_macros.h"
#include "services/planner/tasks/checks.h"
#include "services/planner/tasks/cluster_values.h"
#include "services/planner/tasks/task_env.h"
#include "services/planner/workflows/machines.h"

namespace eksa::planner::tasks {

namespace v1 = eksa::vsphere::v1;
namespace {

absl::StatusOr<v1::CheckCapacityRequest> CapacityRequest(const OperationSpec& op) {
  std::set<std::string> existing;
  if (op.record.has_value()) {
    for (const store::MachineRecord& m : op.record->machines) existing.insert(m.name);
  }
  std::map<std::string, int64_t> disk_gib, memory_mib;
  for (const workflows::Machine& m : workflows::DesiredMachines(op.spec)) {
    if (existing.count(m.name)) continue;
    EKSA_ASSIGN_OR_RETURN(const spec::VSphereMachineConfig* mc,
                          MachineConfig(op, m.machine_config));
    disk_gib[mc->datastore.value] += mc->disk_gib.value;
    memory_mib[mc->resource_pool.value] += mc->memory_mib.value;
  }
  v1::CheckCapacityRequest req;
  req.set_server(op.datacenter().server.value);
  req.set_datacenter(op.datacenter().datacenter.value);
  for (const auto& [datastore, gib] : disk_gib) {
    v1::DatastoreDemand* d = req.add_datastores();
    d->set_datastore(datastore);
    d->set_required_gib(gib);
  }
  for (const auto& [pool, mib] : memory_mib) {
    v1::ResourcePoolDemand* d = req.add_resource_pools();
    d->set_resource_pool(pool);
    d->set_required_mib(mib);
  }
  return req;
}

}  // namespace

absl::StatusOr<dag::TaskOutputs> PreflightCapacity(TaskEnv& env) {
  EKSA_ASSIGN_OR_RETURN(v1::CheckCapacityRequest req, CapacityRequest(env.op));
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  EKSA_ASSIGN_OR_RETURN(
      v1::CheckCapacityResponse resp,
      agent->Call<v1::CheckCapacityResponse>(
          "CheckCapacity", [&](grpc::ClientContext* c, v1::CheckCapacityResponse* r, auto done) {
            agent->vsphere().async()->CheckCapacity(c, &req, r, std::move(done));
          }));
  EKSA_RETURN_IF_ERROR(ChecksPassed("capacity checks", resp.checks(), env.ctx.logger()));
  dag::TaskOutputs out{{"agent", agent->agent().id}};
  for (const v1::DatastoreDemand& d : req.datastores()) {
    out["required-gib." + d.datastore()] = std::to_string(d.required_gib());
  }
  for (const v1::ResourcePoolDemand& d : req.resource_pools()) {
    out["required-mib." + d.resource_pool()] = std::to_string(d.required_mib());
  }
  return out;
}

}  // namespace eksa::planner::tasks
