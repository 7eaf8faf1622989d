// The delete workflow: destroy every machine of the cluster record (all in parallel: power off,
// then destroy), remove the cluster's path from the GitOps repository, delete the local
// artifacts, then forget the cluster.
#pragma once

#include "absl/status/statusor.h"
#include "services/planner/dag/graph.h"
#include "services/planner/workflows/upgrade.h"

namespace eksa::planner::workflows {

absl::StatusOr<dag::Graph> BuildDeleteWorkflow(const ClusterState& current);

}  // namespace eksa::planner::workflows
