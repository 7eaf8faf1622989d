// The spec a task works from, found by operation id.
//
// The OperationManager runs every operation with one TaskRunner, so the runner finds each task's
// spec from TaskContext::operation_id(): it loads the OperationRecord from the store, loads its
// spec_yaml with libs/spec (parse, defaults, validation, as Start did) and caches the result per
// operation. Create and upgrade use the submitted spec; delete has none and uses the spec of the
// cluster record. Upgrade and delete also keep the cluster record as it was when the operation's
// first task ran (its machines, VM paths and kubeconfig), which the later update-cluster-record
// replaces.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "libs/spec/model.h"
#include "services/planner/store/records.h"
#include "services/planner/store/store.h"

namespace eksa::planner::tasks {

struct OperationSpec {
  store::OperationRecord operation;
  std::string spec_yaml;   // what `spec` was loaded from (the record's for a delete)
  spec::ClusterSpec spec;  // loaded without errors: one Cluster and its datacenter
  std::optional<store::ClusterRecord> record;  // upgrade and delete

  const std::string& name() const { return operation.cluster_name; }
  const spec::Cluster& cluster() const { return spec.clusters[0]; }
  const spec::VSphereDatacenterConfig& datacenter() const { return spec.datacenters[0]; }
  bool is_create() const { return operation.type == store::OperationType::kCreate; }
};

// Thread-safe cache of OperationSpecs by operation id (bounded: the oldest entries go first).
class OperationSpecs {
 public:
  explicit OperationSpecs(store::Store& store, size_t capacity = 64)
      : store_(store), capacity_(capacity) {}

  // The operation's spec. Store errors as the store returns them (kNotFound for an unknown
  // operation, or for an upgrade or delete whose cluster record is gone); kInvalidArgument with
  // the diagnostics when the stored spec no longer loads. Errors are not cached.
  absl::StatusOr<std::shared_ptr<const OperationSpec>> Get(std::string_view operation_id);

 private:
  absl::StatusOr<std::shared_ptr<const OperationSpec>> Load(std::string_view operation_id);

  store::Store& store_;
  const size_t capacity_;
  absl::Mutex mu_;
  std::map<std::string, std::shared_ptr<const OperationSpec>, std::less<>> cache_
      ABSL_GUARDED_BY(mu_);
  std::deque<std::string> order_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::planner::tasks
