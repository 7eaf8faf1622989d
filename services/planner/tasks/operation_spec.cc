#include "services/planner/tasks/operation_spec.h"

#include <utility>

#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "libs/spec/spec.h"

namespace eksa::planner::tasks {

absl::StatusOr<std::shared_ptr<const OperationSpec>> OperationSpecs::Get(
    std::string_view operation_id) {
  {
    absl::MutexLock lock(&mu_);
    if (auto it = cache_.find(operation_id); it != cache_.end()) return it->second;
  }
  // Loaded outside the lock; two tasks racing load twice and keep the first.
  EKSA_ASSIGN_OR_RETURN(std::shared_ptr<const OperationSpec> loaded, Load(operation_id));
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = cache_.emplace(std::string(operation_id), std::move(loaded));
  if (inserted) {
    order_.push_back(it->first);
    while (order_.size() > capacity_) {
      cache_.erase(order_.front());
      order_.pop_front();
    }
  }
  return it->second;
}

absl::StatusOr<std::shared_ptr<const OperationSpec>> OperationSpecs::Load(
    std::string_view operation_id) {
  auto op = std::make_shared<OperationSpec>();
  EKSA_ASSIGN_OR_RETURN(op->operation, store_.GetOperation(operation_id));
  const std::string context = "loading the spec of operation " + op->operation.id;
  if (op->operation.type != store::OperationType::kCreate) {
    absl::StatusOr<store::ClusterRecord> record = store_.GetCluster(op->operation.cluster_name);
    if (!record.ok()) return Annotate(record.status(), context);
    op->record = *std::move(record);
  }
  op->spec_yaml = op->operation.type == store::OperationType::kDelete ? op->record->spec_yaml
                                                                      : op->operation.spec_yaml;
  const std::string file = op->operation.spec_file.empty() ? op->operation.cluster_name + ".yaml"
                                                           : op->operation.spec_file;
  spec::LoadResult loaded = spec::LoadSpec(file, op->spec_yaml);
  if (loaded.diagnostics.HasErrors() || loaded.spec.clusters.size() != 1 ||
      loaded.spec.datacenters.empty()) {
    std::string message = context + ": the spec does not load:";
    for (const spec::Diagnostic& d : loaded.diagnostics.items()) {
      if (d.severity == spec::Severity::kError) message += "\n" + spec::FormatText(d);
    }
    return absl::InvalidArgumentError(message);
  }
  op->spec = std::move(loaded.spec);
  return std::shared_ptr<const OperationSpec>(std::move(op));
}

}  // namespace eksa::planner::tasks
