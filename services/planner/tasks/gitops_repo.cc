#include "services/planner/tasks/gitops_repo.h"

namespace eksa::planner::tasks {

namespace v1 = eksa::gitops::v1;

absl::StatusOr<GitOpsRepo> GitOpsRepoOf(const OperationSpec& op) {
  const spec::GitOpsObject* g = nullptr;
  for (const spec::GitOpsObject& o : op.spec.gitops) {
    if (g == nullptr || o.header.metadata.name.value == op.cluster().git_ops_ref.name.value) g = &o;
  }
  if (g == nullptr)
    return absl::FailedPreconditionError("the spec has no FluxConfig or GitOpsConfig");
  GitOpsRepo r;
  if (g->flux.github.present) {
    r.provider.mutable_github()->set_owner(g->flux.github.owner.value);
    r.provider.mutable_github()->set_repository(g->flux.github.repository.value);
    r.provider.mutable_github()->set_personal(g->flux.github.personal.value);
  } else {
    r.provider.mutable_git()->set_repository_url(g->flux.git.repository_url.value);
    const std::string& algo = g->flux.git.ssh_key_algorithm.value;
    r.provider.mutable_git()->set_ssh_key_algorithm(algo == "rsa" ? v1::SSH_KEY_ALGORITHM_RSA
                                                    : algo == "ed25519"
                                                        ? v1::SSH_KEY_ALGORITHM_ED25519
                                                        : v1::SSH_KEY_ALGORITHM_ECDSA);
  }
  if (!g->flux.branch.value.empty()) r.branch = g->flux.branch.value;
  r.path = g->flux.cluster_config_path.value.empty() ? "clusters/" + op.name()
                                                     : g->flux.cluster_config_path.value;
  if (!g->flux.system_namespace.value.empty()) r.flux_namespace = g->flux.system_namespace.value;
  return r;
}

}  // namespace eksa::planner::tasks
