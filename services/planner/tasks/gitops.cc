// GitOps tasks (gitops agent), on the repository gitops_repo.h derives from the spec:
//  - preflight-gitops → CheckAccess (token or SSH access, repository, "Flux path" not taken; a
//    GitHub repository may be created). Failed checks are final.
//  - gitops-commit-config → CommitClusterConfig: the applied spec at
//    <clusterConfigPath>/eksa-system/eksa-cluster.yaml (+ the default kustomization).
//  - gitops-install-flux → InstallFlux with the new cluster's admin kubeconfig.
//  - gitops-remove-config → RemoveClusterConfig (delete).
#include <string>

#include "libs/common/status_macros.h"
#include "services/planner/tasks/checks.h"
#include "services/planner/tasks/cluster_values.h"
#include "services/planner/tasks/gitops_repo.h"
#include "services/planner/tasks/task_env.h"

namespace eksa::planner::tasks {

namespace v1 = eksa::gitops::v1;

#define EKSA_GITOPS_CALL(agent, Rpc, req)                                                       \
  agent->Call<v1::Rpc##Response>(#Rpc,                                                          \
                                 [&](grpc::ClientContext* c, v1::Rpc##Response* r, auto done) { \
                                   agent->gitops().async()->Rpc(c, &req, r, std::move(done));   \
                                 })

absl::StatusOr<dag::TaskOutputs> PreflightGitOps(TaskEnv& env) {
  EKSA_ASSIGN_OR_RETURN(GitOpsRepo repo, GitOpsRepoOf(env.op));
  v1::CheckAccessRequest req;
  *req.mutable_provider() = repo.provider;
  req.set_branch(repo.branch);
  req.set_cluster_config_path(repo.path);
  req.set_allow_create_repository(repo.provider.has_github());
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  EKSA_ASSIGN_OR_RETURN(v1::CheckAccessResponse resp, EKSA_GITOPS_CALL(agent, CheckAccess, req));
  EKSA_RETURN_IF_ERROR(ChecksPassed("GitOps checks", resp.checks(), env.ctx.logger()));
  return dag::TaskOutputs{{"agent", agent->agent().id},
                          {"repository-exists", resp.repository_exists() ? "true" : "false"},
                          {"cluster-config-path", repo.path}};
}

absl::StatusOr<dag::TaskOutputs> GitOpsCommitConfig(TaskEnv& env) {
  EKSA_ASSIGN_OR_RETURN(GitOpsRepo repo, GitOpsRepoOf(env.op));
  v1::CommitClusterConfigRequest req;
  req.set_request_id(env.ctx.request_id());
  *req.mutable_provider() = repo.provider;
  req.set_branch(repo.branch);
  req.set_cluster_name(env.op.name());
  req.set_cluster_config_path(repo.path);
  req.set_cluster_config_yaml(env.op.spec_yaml);
  if (!env.op.is_create()) {
    req.set_commit_message("Update " + env.op.name() + " cluster configuration");
  }
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  EKSA_ASSIGN_OR_RETURN(v1::CommitClusterConfigResponse resp,
                        EKSA_GITOPS_CALL(agent, CommitClusterConfig, req));
  return dag::TaskOutputs{{"agent", agent->agent().id},
                          {"commit", resp.commit_sha()},
                          {"changed", resp.changed() ? "true" : "false"},
                          {"path", repo.path + "/eksa-system/eksa-cluster.yaml"}};
}

absl::StatusOr<dag::TaskOutputs> GitOpsInstallFlux(TaskEnv& env) {
  EKSA_ASSIGN_OR_RETURN(GitOpsRepo repo, GitOpsRepoOf(env.op));
  v1::InstallFluxRequest req;
  req.set_request_id(env.ctx.request_id());
  *req.mutable_provider() = repo.provider;
  req.set_branch(repo.branch);
  req.set_path(repo.path);
  req.set_namespace_(repo.flux_namespace);
  EKSA_ASSIGN_OR_RETURN(*req.mutable_kubeconfig(), WorkloadKubeconfig(env));
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  EKSA_ASSIGN_OR_RETURN(v1::InstallFluxResponse resp, EKSA_GITOPS_CALL(agent, InstallFlux, req));
  return dag::TaskOutputs{{"agent", agent->agent().id}, {"commit", resp.commit_sha()}};
}

absl::StatusOr<dag::TaskOutputs> GitOpsRemoveConfig(TaskEnv& env) {
  EKSA_ASSIGN_OR_RETURN(GitOpsRepo repo, GitOpsRepoOf(env.op));
  v1::RemoveClusterConfigRequest req;
  req.set_request_id(env.ctx.request_id());
  *req.mutable_provider() = repo.provider;
  req.set_branch(repo.branch);
  req.set_cluster_name(env.op.name());
  req.set_cluster_config_path(repo.path);
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  EKSA_ASSIGN_OR_RETURN(v1::RemoveClusterConfigResponse resp,
                        EKSA_GITOPS_CALL(agent, RemoveClusterConfig, req));
  return dag::TaskOutputs{{"agent", agent->agent().id},
                          {"commit", resp.commit_sha()},
                          {"existed", resp.existed() ? "true" : "false"}};
}

#undef EKSA_GITOPS_CALL

}  // namespace eksa::planner::tasks
