#include "services/planner/workflows/tasks.h"

#include <utility>

namespace eksa::planner::workflows {
namespace {

struct KindDefaults {
  absl::Duration estimate;
  absl::Duration timeout;
  int max_attempts;
};

// Estimates are typical durations on a real vCenter (EKSA_REFERENCE §5: clone + boot of a node
// about 2 minutes, OVA import about 3, bootstrap cluster and providers about 1 each); timeouts
// follow EKS-A's defaults (§3.10) where it has one.
KindDefaults DefaultsFor(std::string_view k) {
  using absl::Minutes;
  using absl::Seconds;
  static const std::map<std::string, KindDefaults, std::less<>> kDefaults = {
      {kind::kValidateSpec, {Seconds(1), Minutes(1), 1}},
      {kind::kPreflightVCenter, {Seconds(3), Minutes(2), 3}},
      {kind::kPreflightMachineConfig, {Seconds(2), Minutes(2), 3}},
      {kind::kPreflightCapacity, {Seconds(2), Minutes(2), 3}},
      {kind::kPreflightEndpoint, {Seconds(1), Minutes(1), 1}},
      {kind::kPreflightGitOps, {Seconds(2), Minutes(2), 3}},
      {kind::kGeneratePki, {Seconds(1), Minutes(2), 1}},
      {kind::kEnsureTemplate, {Minutes(3), Minutes(30), 3}},
      {kind::kBootstrapClusterInit, {Minutes(1), Minutes(10), 2}},
      {kind::kInstallCapiBootstrap, {Minutes(1), Minutes(10), 3}},
      {kind::kApplyClusterObjects, {Seconds(5), Minutes(2), 3}},
      {kind::kCreateVm, {Minutes(2), Minutes(10), 3}},
      {kind::kWaitControlPlane, {Minutes(1), absl::Hours(1), 1}},
      {kind::kInstallCni, {Seconds(30), Minutes(10), 3}},
      {kind::kInstallCapiWorkload, {Minutes(1), Minutes(10), 3}},
      {kind::kWaitNodesReady, {Minutes(1), absl::Hours(1), 1}},
      {kind::kCapiManagementMove, {Seconds(20), Minutes(30), 3}},
      {kind::kInstallEksaComponents, {Seconds(30), Minutes(10), 3}},
      {kind::kGitOpsCommitConfig, {Seconds(5), Minutes(2), 3}},
      {kind::kGitOpsInstallFlux, {Minutes(1), Minutes(10), 3}},
      {kind::kWriteClusterArtifacts, {Seconds(1), Minutes(1), 1}},
      {kind::kDeleteBootstrapCluster, {Seconds(10), Minutes(5), 3}},
      {kind::kCollectDiagnostics, {Seconds(30), Minutes(10), 1}},
      {kind::kRegisterJoinToken, {Seconds(2), Minutes(2), 3}},
      {kind::kDrainNode, {Seconds(30), Minutes(10), 3}},
      {kind::kRemoveEtcdMember, {Seconds(2), Minutes(2), 5}},
      {kind::kDeleteNode, {Seconds(2), Minutes(2), 3}},
      {kind::kPowerOffVm, {Seconds(5), Minutes(5), 3}},
      {kind::kDestroyVm, {Seconds(5), Minutes(5), 3}},
      {kind::kUpdateClusterRecord, {Seconds(1), Minutes(1), 1}},
      {kind::kGitOpsRemoveConfig, {Seconds(5), Minutes(2), 3}},
      {kind::kDeleteClusterArtifacts, {Seconds(1), Minutes(1), 1}},
  };
  auto it = kDefaults.find(k);
  return it == kDefaults.end() ? KindDefaults{Seconds(1), Minutes(10), 3} : it->second;
}

}  // namespace

absl::StatusOr<dag::Graph> ChecksOnly(const dag::Graph& graph) {
  auto is_check = [](const dag::TaskSpec& t) {
    return t.kind == kind::kValidateSpec || t.kind.rfind("preflight-", 0) == 0;
  };
  dag::Graph out;
  for (const dag::TaskSpec& t : graph.tasks()) {
    if (!is_check(t)) continue;
    if (absl::Status s = out.AddTask(t); !s.ok()) return s;
  }
  for (const auto& [before, after] : graph.edges()) {
    const dag::TaskSpec* b = graph.Find(before);
    const dag::TaskSpec* a = graph.Find(after);
    if (b != nullptr && a != nullptr && is_check(*b) && is_check(*a)) out.AddEdge(before, after);
  }
  if (absl::Status s = out.Validate(); !s.ok()) return s;
  return out;
}

std::string VSpherePool(std::string_view server) { return "vsphere:" + std::string(server); }

std::string TaskId(std::string_view kind, std::string_view qualifier) {
  std::string id(kind);
  if (!qualifier.empty()) id += "[" + std::string(qualifier) + "]";
  return id;
}

std::string GraphBuilder::Add(std::string_view kind, std::string_view qualifier,
                              std::string_view pool, std::map<std::string, std::string> params) {
  return AddWithTimeout(kind, qualifier, pool, DefaultsFor(kind).timeout, std::move(params));
}

std::string GraphBuilder::AddWithTimeout(std::string_view kind, std::string_view qualifier,
                                         std::string_view pool, absl::Duration timeout,
                                         std::map<std::string, std::string> params) {
  KindDefaults d = DefaultsFor(kind);
  std::string id = TaskId(kind, qualifier);
  absl::Status s = graph_.AddTask(dag::TaskSpec{.id = id,
                                                .kind = std::string(kind),
                                                .pool = std::string(pool),
                                                .timeout = timeout,
                                                .max_attempts = d.max_attempts,
                                                .estimate = d.estimate,
                                                .on_failure = kind == kind::kCollectDiagnostics,
                                                .params = std::move(params)});
  if (status_.ok()) status_ = s;
  return id;
}

absl::StatusOr<dag::Graph> GraphBuilder::Finish() && {
  if (!status_.ok()) return status_;
  if (absl::Status s = graph_.Validate(); !s.ok()) return s;
  return std::move(graph_);
}

}  // namespace eksa::planner::workflows
