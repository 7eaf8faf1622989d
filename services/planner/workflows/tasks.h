// Task kinds of the planner's workflows and how each is added to a graph.
//
// A kind names the piece of work and selects its runner; the task id is the kind, plus
// "[qualifier]" when a workflow has several tasks of that kind (one per machine, per server).
// The defaults below (pool, estimate, timeout, attempts) are what workflows use unless a
// CreateOptions value says otherwise; estimates only feed the critical path shown by
// `eksa create cluster --dry-run`.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/planner/dag/graph.h"

namespace eksa::planner::workflows {

// Pools (executor parallelism bounds and agent routing).
inline constexpr char kLocalPool[] = "local";
inline constexpr char kBootstrapPool[] = "bootstrap";
inline constexpr char kGitOpsPool[] = "gitops";
std::string VSpherePool(std::string_view server);  // "vsphere:<server>"

// Kinds, in the order the create workflow meets them.
namespace kind {
inline constexpr char kValidateSpec[] = "validate-spec";
inline constexpr char kPreflightVCenter[] = "preflight-vcenter";
inline constexpr char kPreflightMachineConfig[] = "preflight-machine-config";
inline constexpr char kPreflightCapacity[] = "preflight-capacity";
inline constexpr char kPreflightEndpoint[] = "preflight-endpoint";  // control-plane IP not in use
inline constexpr char kPreflightGitOps[] = "preflight-gitops";
inline constexpr char kGeneratePki[] = "generate-pki";
inline constexpr char kEnsureTemplate[] = "ensure-template";
inline constexpr char kBootstrapClusterInit[] = "bootstrap-cluster-init";
inline constexpr char kInstallCapiBootstrap[] = "install-capi-bootstrap";
inline constexpr char kApplyClusterObjects[] = "apply-cluster-objects";
inline constexpr char kCreateVm[] = "create-vm";
inline constexpr char kWaitControlPlane[] = "wait-control-plane";
inline constexpr char kInstallCni[] = "install-cni";
inline constexpr char kInstallCapiWorkload[] = "install-capi-workload";
inline constexpr char kWaitNodesReady[] = "wait-nodes-ready";
inline constexpr char kCapiManagementMove[] = "capi-management-move";
inline constexpr char kInstallEksaComponents[] = "install-eksa-components";
inline constexpr char kGitOpsCommitConfig[] = "gitops-commit-config";
inline constexpr char kGitOpsInstallFlux[] = "gitops-install-flux";
inline constexpr char kWriteClusterArtifacts[] = "write-cluster-artifacts";
inline constexpr char kDeleteBootstrapCluster[] = "delete-bootstrap-cluster";
inline constexpr char kCollectDiagnostics[] = "collect-diagnostics";
// Upgrade and delete.
inline constexpr char kRegisterJoinToken[] = "register-join-token";
inline constexpr char kDrainNode[] = "drain-node";
inline constexpr char kRemoveEtcdMember[] = "remove-etcd-member";
inline constexpr char kDeleteNode[] = "delete-node";
inline constexpr char kPowerOffVm[] = "power-off-vm";
inline constexpr char kDestroyVm[] = "destroy-vm";
inline constexpr char kUpdateClusterRecord[] = "update-cluster-record";
inline constexpr char kGitOpsRemoveConfig[] = "gitops-remove-config";
inline constexpr char kDeleteClusterArtifacts[] = "delete-cluster-artifacts";
}  // namespace kind

// The validation and preflight tasks of `graph` and the edges between them: what a dry run runs.
absl::StatusOr<dag::Graph> ChecksOnly(const dag::Graph& graph);

// "kind" or "kind[qualifier]".
std::string TaskId(std::string_view kind, std::string_view qualifier = "");

// Adds graph tasks with per-kind defaults. Errors from Graph::AddTask are kept and returned by
// Finish(), so a builder can add everything and check once.
class GraphBuilder {
 public:
  // Adds a task of `kind` (id = TaskId(kind, qualifier)) on `pool` and returns its id.
  std::string Add(std::string_view kind, std::string_view qualifier, std::string_view pool,
                  std::map<std::string, std::string> params = {});
  // As Add, with this task's timeout instead of the kind's default.
  std::string AddWithTimeout(std::string_view kind, std::string_view qualifier,
                             std::string_view pool, absl::Duration timeout,
                             std::map<std::string, std::string> params = {});
  void Edge(std::string_view before, std::string_view after) { graph_.AddEdge(before, after); }
  // Validates and returns the graph, or the first error.
  absl::StatusOr<dag::Graph> Finish() &&;

 private:
  dag::Graph graph_;
  absl::Status status_;
};

}  // namespace eksa::planner::workflows
