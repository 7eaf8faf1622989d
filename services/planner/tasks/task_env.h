// What every task function of this folder gets, and the task functions themselves (one file per
// task family). Internal to services/planner/tasks: callers use PlannerTaskRunner.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "libs/common/clock.h"
#include "services/planner/dag/graph.h"
#include "services/planner/dag/task_runner.h"
#include "services/planner/registry/agent_registry.h"
#include "services/planner/store/store.h"
#include "services/planner/tasks/agent_call.h"
#include "services/planner/tasks/operation_spec.h"
#include "services/planner/tasks/planner_task_runner.h"

namespace eksa::planner::tasks {

// The runner's collaborators, shared by every task.
struct Deps {
  store::Store& store;
  registry::AgentRegistry& registry;
  AgentCaller& agents;
  const PlannerTaskRunnerOptions& options;
  Clock& clock;
};

struct TaskEnv {
  const dag::TaskSpec& spec;
  dag::TaskContext& ctx;
  const OperationSpec& op;
  Deps& deps;

  // The task's param, or "" when absent.
  std::string Param(std::string_view key) const {
    auto it = spec.params.find(std::string(key));
    return it == spec.params.end() ? std::string() : it->second;
  }
  // kInvalidArgument naming the task when the param is missing or empty.
  absl::StatusOr<std::string> RequiredParam(std::string_view key) const;
};

using TaskFn = absl::StatusOr<dag::TaskOutputs> (*)(TaskEnv& env);

// Writes <artifacts_dir>/<cluster>/<name> with `mode` (temporary name, fsync, rename) and returns
// its path; kUnavailable naming the path on an I/O error. cluster_artifacts.cc.
absl::StatusOr<std::string> WriteArtifact(const TaskEnv& env, const std::string& name,
                                          const std::string& content, mode_t mode);

// Local (pool "local").
absl::StatusOr<dag::TaskOutputs> ValidateSpec(TaskEnv& env);            // validate_spec.cc
absl::StatusOr<dag::TaskOutputs> GeneratePki(TaskEnv& env);             // generate_pki.cc
absl::StatusOr<dag::TaskOutputs> PreflightEndpoint(TaskEnv& env);       // preflight_endpoint.cc
absl::StatusOr<dag::TaskOutputs> WriteClusterArtifacts(TaskEnv& env);   // cluster_artifacts.cc
absl::StatusOr<dag::TaskOutputs> DeleteClusterArtifacts(TaskEnv& env);  // cluster_artifacts.cc
absl::StatusOr<dag::TaskOutputs> UpdateClusterRecord(TaskEnv& env);     // update_cluster_record.cc
absl::StatusOr<dag::TaskOutputs> RemoveEtcdMember(TaskEnv& env);        // remove_etcd_member.cc
// vSphere agent.
absl::StatusOr<dag::TaskOutputs> PreflightVCenter(TaskEnv& env);  // preflight_vcenter.cc
absl::StatusOr<dag::TaskOutputs> PreflightMachineConfig(
    TaskEnv& env);                                                 // preflight_machine_config.cc
absl::StatusOr<dag::TaskOutputs> PreflightCapacity(TaskEnv& env);  // preflight_capacity.cc
absl::StatusOr<dag::TaskOutputs> EnsureTemplate(TaskEnv& env);     // ensure_template.cc
absl::StatusOr<dag::TaskOutputs> CreateVm(TaskEnv& env);           // create_vm.cc
absl::StatusOr<dag::TaskOutputs> PowerOffVm(TaskEnv& env);         // vm_teardown.cc
absl::StatusOr<dag::TaskOutputs> DestroyVm(TaskEnv& env);          // vm_teardown.cc
// Bootstrap agent.
absl::StatusOr<dag::TaskOutputs> BootstrapClusterInit(TaskEnv& env);    // bootstrap_cluster.cc
absl::StatusOr<dag::TaskOutputs> DeleteBootstrapCluster(TaskEnv& env);  // bootstrap_cluster.cc
absl::StatusOr<dag::TaskOutputs> CollectDiagnostics(TaskEnv& env);      // bootstrap_cluster.cc
absl::StatusOr<dag::TaskOutputs> InstallCapiBootstrap(TaskEnv& env);    // capi_providers.cc
absl::StatusOr<dag::TaskOutputs> InstallCapiWorkload(TaskEnv& env);     // capi_providers.cc
absl::StatusOr<dag::TaskOutputs> CapiManagementMove(TaskEnv& env);      // capi_providers.cc
absl::StatusOr<dag::TaskOutputs> ApplyClusterObjects(TaskEnv& env);     // apply_manifests.cc
absl::StatusOr<dag::TaskOutputs> InstallCni(TaskEnv& env);              // apply_manifests.cc
absl::StatusOr<dag::TaskOutputs> InstallEksaComponents(TaskEnv& env);   // apply_manifests.cc
absl::StatusOr<dag::TaskOutputs> RegisterJoinToken(TaskEnv& env);       // apply_manifests.cc
absl::StatusOr<dag::TaskOutputs> WaitControlPlane(TaskEnv& env);        // wait_cluster.cc
absl::StatusOr<dag::TaskOutputs> WaitNodesReady(TaskEnv& env);          // wait_cluster.cc
absl::StatusOr<dag::TaskOutputs> DrainNode(TaskEnv& env);               // drain_node.cc
absl::StatusOr<dag::TaskOutputs> DeleteNode(TaskEnv& env);              // drain_node.cc
// GitOps agent.
absl::StatusOr<dag::TaskOutputs> PreflightGitOps(TaskEnv& env);     // gitops.cc
absl::StatusOr<dag::TaskOutputs> GitOpsCommitConfig(TaskEnv& env);  // gitops.cc
absl::StatusOr<dag::TaskOutputs> GitOpsInstallFlux(TaskEnv& env);   // gitops.cc
absl::StatusOr<dag::TaskOutputs> GitOpsRemoveConfig(TaskEnv& env);  // gitops.cc

// update-cluster-record with mode=delete: forgets the cluster. Needs no spec (the record, and
// with it a delete's spec, may already be gone when a resumed operation runs it again).
absl::StatusOr<dag::TaskOutputs> DeleteClusterRecord(store::Store& store,
                                                     const std::string& cluster_name);

}  // namespace eksa::planner::tasks
