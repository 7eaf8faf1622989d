// The planner process: config → store → agent registry → task runner → operations → gRPC.
//
// At start it resumes every unfinished operation in the store; on SIGTERM/SIGINT it stops serving
// and leaves running operations marked running, so the next start resumes them with the same
// request ids (ARCHITECTURE §3).
//
// The store key: the environment variable named by the config (EKSA_STORE_KEY by default); when
// it is unset, the key file `<store path>.key` (created with mode 0600 on first start, 32 random
// bytes in hex). Lose the key and the secrets in the store (kubeconfigs, PKI) cannot be read.
#pragma once

#include "absl/status/status.h"
#include "services/planner/config.h"

namespace eksa::planner {

absl::Status RunPlanner(const PlannerConfig& config);

}  // namespace eksa::planner
