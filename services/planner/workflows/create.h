// The create workflow: a validated cluster spec → the task DAG of ARCHITECTURE §4.
//
// Where EKS-A runs 13 steps one after another, the edges here say only what each task needs:
// preflights fan out per vCenter and machine config; PKI generation, template import and the kind
// bootstrap cluster proceed side by side; etcd machines are created in parallel, then the first
// control-plane machine; once its API server answers, the other control-plane machines join one at
// a time (kubeadm control-plane joins are serial) while every worker joins at once.
// No machine is created and no bootstrap cluster started before every preflight has passed.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/spec/model.h"
#include "services/planner/dag/graph.h"

namespace eksa::planner::workflows {

// `eksctl anywhere create cluster` flags that shape the workflow (EKSA_REFERENCE §3.10).
struct CreateOptions {
  absl::Duration control_plane_wait = absl::Hours(1);   // --control-plane-wait-timeout
  absl::Duration external_etcd_wait = absl::Hours(1);   // --external-etcd-wait-timeout
  absl::Duration per_machine_wait = absl::Minutes(10);  // --per-machine-wait-timeout
  bool skip_ip_check = false;                           // --skip-ip-check
};

// Builds and validates the create DAG for `spec`'s Cluster. `spec` must have loaded without
// errors (libs/spec); kInvalidArgument otherwise.
absl::StatusOr<dag::Graph> BuildCreateWorkflow(const spec::ClusterSpec& spec,
                                               const CreateOptions& options = {});

}  // namespace eksa::planner::workflows
