// The GitOps repository of a cluster as the gitops agent's requests name it, from the FluxConfig
// or GitOpsConfig the Cluster's gitOpsRef names (the first one when the ref names none found).
// Defaults as EKS-A's: branch main, clusterConfigPath clusters/<name>, Flux namespace flux-system,
// SSH key algorithm ecdsa.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "eksa/gitops/v1/gitops_agent.pb.h"
#include "services/planner/tasks/operation_spec.h"

namespace eksa::planner::tasks {

struct GitOpsRepo {
  eksa::gitops::v1::Provider provider;
  std::string branch = "main";
  std::string path;  // clusterConfigPath
  std::string flux_namespace = "flux-system";
};

// kFailedPrecondition when the spec has no FluxConfig or GitOpsConfig.
absl::StatusOr<GitOpsRepo> GitOpsRepoOf(const OperationSpec& op);

}  // namespace eksa::planner::tasks
