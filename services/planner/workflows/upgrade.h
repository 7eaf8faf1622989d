// The upgrade workflow: the difference between a cluster's record and a new spec.
//
// Machines are named by what defines them (machines.h), so the plan is a set difference (new
// machines join with a fresh bootstrap token, registered in the cluster first):
//  - desired machines that do not exist are created (a scaled-up group, or the replacements of a
//    changed machine config or Kubernetes version);
//  - existing machines that are no longer desired are drained, powered off and destroyed — after
//    the replacements of their group are up, so capacity never drops below the spec's count;
//  - control-plane and etcd replacements go one machine at a time (create one, retire one).
// Fields EKS-A makes immutable (EKSA_REFERENCE §3.5, §3.6) are refused with a diagnostic at the
// changed value in the new spec; so is a Kubernetes version that goes down or skips a minor.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "libs/spec/diagnostic.h"
#include "libs/spec/model.h"
#include "services/planner/dag/graph.h"
#include "services/planner/workflows/machines.h"

namespace eksa::planner::workflows {

// What the planner knows of a cluster: the spec it last applied and the machines that exist.
struct ClusterState {
  spec::ClusterSpec spec;
  std::vector<Machine> machines;
};

struct UpgradeOptions {
  bool commit_spec = true;  // false when the change came from the git repository itself
};

// Appends a diagnostic (file and positions of `desired`) for every immutable field that differs.
void CheckImmutableFields(const spec::ClusterSpec& current, const spec::ClusterSpec& desired,
                          spec::Diagnostics& diags);

// Builds the upgrade DAG. kInvalidArgument listing the immutable-field diagnostics (one per line,
// formatted as `eksa validate` prints them) when any; kFailedPrecondition when nothing changes
// (there is nothing to do — callers report it as "cluster is up to date").
absl::StatusOr<dag::Graph> BuildUpgradeWorkflow(const ClusterState& current,
                                                const spec::ClusterSpec& desired,
                                                const std::string& desired_file,
                                                const UpgradeOptions& options = {});

}  // namespace eksa::planner::workflows
