#include "services/planner/workflows/upgrade.h"

#include <map>
#include <set>
#include <string>

#include "services/planner/workflows/machine_tasks.h"
#include "services/planner/workflows/tasks.h"

namespace eksa::planner::workflows {
namespace {

// Drain a node, or take an etcd member out of the etcd cluster; then power off and destroy; then
// delete a node's Node object. Returns the last task.
std::string Retire(GraphBuilder& b, const Machine& m, const std::string& vsphere,
                   const std::string& after) {
  std::string first =
      m.role == Role::kEtcd
          ? b.Add(kind::kRemoveEtcdMember, m.name, kLocalPool, {{"machine", m.name}})
          : b.Add(kind::kDrainNode, m.name, kBootstrapPool, {{"machine", m.name}});
  if (!after.empty()) b.Edge(after, first);
  std::string off = b.Add(kind::kPowerOffVm, m.name, vsphere, {{"machine", m.name}});
  b.Edge(first, off);
  std::string destroy = b.Add(kind::kDestroyVm, m.name, vsphere, {{"machine", m.name}});
  b.Edge(off, destroy);
  if (m.role == Role::kEtcd) return destroy;
  std::string gone = b.Add(kind::kDeleteNode, m.name, kBootstrapPool, {{"machine", m.name}});
  b.Edge(destroy, gone);
  return gone;
}

}  // namespace

absl::StatusOr<dag::Graph> BuildUpgradeWorkflow(const ClusterState& current,
                                                const spec::ClusterSpec& desired,
                                                const std::string& desired_file,
                                                const UpgradeOptions& options) {
  if (desired.clusters.size() != 1 || desired.datacenters.empty()) {
    return absl::InvalidArgumentError(
        "building the upgrade workflow: the spec must hold one "
        "Cluster and its VSphereDatacenterConfig");
  }
  spec::Diagnostics diags(desired_file);
  CheckImmutableFields(current.spec, desired, diags);
  if (diags.HasErrors()) {
    diags.SortByPosition();
    std::string message = "the new spec changes immutable fields:";
    for (const spec::Diagnostic& d : diags.items()) message += "\n" + spec::FormatText(d);
    return absl::InvalidArgumentError(message);
  }
  std::vector<Machine> wanted = DesiredMachines(desired);
  std::set<std::string> existing_names, wanted_names;
  for (const Machine& m : current.machines) existing_names.insert(m.name);
  for (const Machine& m : wanted) wanted_names.insert(m.name);
  std::vector<Machine> to_create, to_retire;
  for (const Machine& m : wanted) {
    if (!existing_names.count(m.name)) to_create.push_back(m);
  }
  for (const Machine& m : current.machines) {
    if (!wanted_names.count(m.name)) to_retire.push_back(m);
  }
  const bool spec_changed = desired.clusters[0].kubernetes_version.value !=
                                current.spec.clusters[0].kubernetes_version.value ||
                            !to_create.empty() || !to_retire.empty();
  if (!spec_changed) {
    return absl::FailedPreconditionError("cluster " +
                                         desired.clusters[0].header.metadata.name.value +
                                         " is up to date: the new spec changes no machine");
  }

  const std::string server = desired.datacenters[0].server.value;
  const std::string vsphere = VSpherePool(server);
  GraphBuilder b;
  const std::string validate = b.Add(kind::kValidateSpec, "", kLocalPool);
  const std::string vcenter = b.Add(kind::kPreflightVCenter, server, vsphere, {{"server", server}});
  b.Edge(validate, vcenter);
  const std::string capacity = b.Add(kind::kPreflightCapacity, "", vsphere);
  // New machines may need their OS template imported (a Kubernetes version change does).
  const std::map<std::string, std::string> template_task =
      AddMachineConfigChecks(b, desired, to_create, vsphere, vcenter, capacity);
  if (to_create.empty()) b.Edge(vcenter, capacity);
  // Joining machines need a fresh bootstrap token: kubeadm's expire after 24 hours.
  const std::string pki = b.Add(kind::kGeneratePki, "", kLocalPool, {{"mode", "join-token"}});
  b.Edge(validate, pki);
  // The cluster accepts the new token only once its bootstrap-token Secret exists.
  std::string token;
  if (!to_create.empty()) {
    token = b.Add(kind::kRegisterJoinToken, "", kBootstrapPool);
    b.Edge(pki, token);
  }

  // Per group: new machines first, then the retired ones (after every new machine of the group
  // is up). Control plane and etcd alternate one new, one retired.
  std::map<std::string, std::vector<std::string>> created_by_group;
  std::map<std::string, std::string> serial_tail;  // etcd / cp: the last task of the chain
  std::vector<std::string> new_vms;
  for (const Machine& m : to_create) {
    std::string vm = b.Add(kind::kCreateVm, m.name, vsphere, MachineParams(m));
    new_vms.push_back(vm);
    b.Edge(capacity, vm);
    b.Edge(token, vm);
    if (auto t = template_task.find(m.name); t != template_task.end()) b.Edge(t->second, vm);
    if (m.role == Role::kWorker) {
      created_by_group[m.group].push_back(vm);
      continue;
    }
    if (auto tail = serial_tail.find(m.group); tail != serial_tail.end()) b.Edge(tail->second, vm);
    serial_tail[m.group] = vm;
    // Retire one old machine of this group for each new one.
    for (auto it = to_retire.begin(); it != to_retire.end(); ++it) {
      if (it->group != m.group) continue;
      serial_tail[m.group] = Retire(b, *it, vsphere, vm);
      to_retire.erase(it);
      break;
    }
  }
  std::vector<std::string> retired;
  for (const Machine& m : to_retire) {
    std::string after;
    if (auto tail = serial_tail.find(m.group); tail != serial_tail.end()) after = tail->second;
    std::string last = Retire(b, m, vsphere, after);
    if (m.role != Role::kWorker) serial_tail[m.group] = last;
    for (const std::string& vm : created_by_group[m.group]) {
      b.Edge(vm, TaskId(kind::kDrainNode, m.name));
    }
    if (after.empty() && created_by_group[m.group].empty()) {
      b.Edge(capacity,
             TaskId(m.role == Role::kEtcd ? kind::kRemoveEtcdMember : kind::kDrainNode, m.name));
    }
    retired.push_back(last);
  }
  for (const auto& [group, tail] : serial_tail) retired.push_back(tail);

  const std::string nodes_ready = b.Add(kind::kWaitNodesReady, "", kBootstrapPool);
  for (const std::string& vm : new_vms) b.Edge(vm, nodes_ready);
  if (new_vms.empty()) b.Edge(capacity, nodes_ready);
  const std::string record = b.Add(kind::kUpdateClusterRecord, "", kLocalPool);
  b.Edge(nodes_ready, record);
  for (const std::string& r : retired) b.Edge(r, record);
  if (options.commit_spec && desired.clusters[0].git_ops_ref.present) {
    const std::string commit = b.Add(kind::kGitOpsCommitConfig, "", kGitOpsPool);
    b.Edge(record, commit);
  }
  b.Add(kind::kCollectDiagnostics, "", kBootstrapPool);
  return std::move(b).Finish();
}

}  // namespace eksa::planner::workflows
