// The options an operation's workflow is built with, and their stored form.
//
// Stored with the operation (store::OperationRecord::options) as `key=value` lines so that a
// resumed operation rebuilds exactly the same graph: keys skip-ip-check, control-plane-wait,
// external-etcd-wait, per-machine-wait (absl durations, e.g. 1h, 10m), commit-spec, dry-run.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/planner/workflows/create.h"

namespace eksa::planner::operations {

struct OperationOptions {
  workflows::CreateOptions create;
  bool commit_spec = true;  // upgrade: commit the new spec to the GitOps repository
  // Run only the validation and the read-only preflight checks, against the agents, and stop:
  // nothing is created (preflight-machine-config does not create a missing folder).
  bool dry_run = false;

  std::string Serialize() const;
  // kDataLoss for text this binary did not write (a stored row it cannot read).
  static absl::StatusOr<OperationOptions> Parse(std::string_view text);
};

}  // namespace eksa::planner::operations
