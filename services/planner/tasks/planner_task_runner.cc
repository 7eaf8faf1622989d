#include "services/planner/tasks/planner_task_runner.h"

#include <map>
#include <string_view>
#include <utility>

#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/planner/tasks/task_env.h"
#include "services/planner/workflows/tasks.h"

namespace eksa::planner::tasks {
namespace {

const std::map<std::string_view, TaskFn>& Table() {
  namespace k = workflows::kind;
  static const auto* table = new std::map<std::string_view, TaskFn>{
      {k::kValidateSpec, ValidateSpec},
      {k::kPreflightVCenter, PreflightVCenter},
      {k::kPreflightMachineConfig, PreflightMachineConfig},
      {k::kPreflightCapacity, PreflightCapacity},
      {k::kPreflightEndpoint, PreflightEndpoint},
      {k::kPreflightGitOps, PreflightGitOps},
      {k::kGeneratePki, GeneratePki},
      {k::kEnsureTemplate, EnsureTemplate},
      {k::kBootstrapClusterInit, BootstrapClusterInit},
      {k::kInstallCapiBootstrap, InstallCapiBootstrap},
      {k::kApplyClusterObjects, ApplyClusterObjects},
      {k::kCreateVm, CreateVm},
      {k::kWaitControlPlane, WaitControlPlane},
      {k::kInstallCni, InstallCni},
      {k::kInstallCapiWorkload, InstallCapiWorkload},
      {k::kWaitNodesReady, WaitNodesReady},
      {k::kCapiManagementMove, CapiManagementMove},
      {k::kInstallEksaComponents, InstallEksaComponents},
      {k::kGitOpsCommitConfig, GitOpsCommitConfig},
      {k::kGitOpsInstallFlux, GitOpsInstallFlux},
      {k::kWriteClusterArtifacts, WriteClusterArtifacts},
      {k::kDeleteBootstrapCluster, DeleteBootstrapCluster},
      {k::kCollectDiagnostics, CollectDiagnostics},
      {k::kRegisterJoinToken, RegisterJoinToken},
      {k::kDrainNode, DrainNode},
      {k::kDeleteNode, DeleteNode},
      {k::kRemoveEtcdMember, RemoveEtcdMember},
      {k::kPowerOffVm, PowerOffVm},
      {k::kDestroyVm, DestroyVm},
      {k::kUpdateClusterRecord, UpdateClusterRecord},
      {k::kGitOpsRemoveConfig, GitOpsRemoveConfig},
      {k::kDeleteClusterArtifacts, DeleteClusterArtifacts},
  };
  return *table;
}

}  // namespace

absl::StatusOr<std::string> TaskEnv::RequiredParam(std::string_view key) const {
  std::string value = Param(key);
  if (value.empty()) {
    return absl::InvalidArgumentError("task " + spec.id + " has no param " + std::string(key));
  }
  return value;
}

struct PlannerTaskRunner::Impl {
  Impl(store::Store& store, registry::AgentRegistry& registry, PlannerTaskRunnerOptions opts)
      : options(std::move(opts)),
        clock(options.clock != nullptr ? *options.clock : Clock::Real()),
        agents(registry, {.channel_factory = options.channel_factory,
                          .clock = &clock,
                          .liveness_poll = options.liveness_poll}),
        specs(store),
        deps{store, registry, agents, options, clock} {}

  const PlannerTaskRunnerOptions options;
  Clock& clock;
  AgentCaller agents;
  OperationSpecs specs;
  Deps deps;
};

PlannerTaskRunner::PlannerTaskRunner(store::Store& store, registry::AgentRegistry& registry,
                                     PlannerTaskRunnerOptions options)
    : impl_(std::make_unique<Impl>(store, registry, std::move(options))) {}

PlannerTaskRunner::~PlannerTaskRunner() = default;

AgentCaller& PlannerTaskRunner::agents() { return impl_->agents; }

absl::StatusOr<dag::TaskOutputs> PlannerTaskRunner::Run(const dag::TaskSpec& spec,
                                                        dag::TaskContext& ctx) {
  auto fn = Table().find(spec.kind);
  if (fn == Table().end()) {
    return absl::UnimplementedError("task " + spec.id + ": no runner for task kind " + spec.kind);
  }
  if (spec.kind == workflows::kind::kUpdateClusterRecord && spec.params.count("mode") &&
      spec.params.at("mode") == "delete") {
    EKSA_ASSIGN_OR_RETURN(store::OperationRecord op,
                          impl_->deps.store.GetOperation(ctx.operation_id()));
    return DeleteClusterRecord(impl_->deps.store, op.cluster_name);
  }
  EKSA_ASSIGN_OR_RETURN(std::shared_ptr<const OperationSpec> op,
                        impl_->specs.Get(ctx.operation_id()));
  TaskEnv env{.spec = spec, .ctx = ctx, .op = *op, .deps = impl_->deps};
  return fn->second(env);
}

}  // namespace eksa::planner::tasks
