// Conversions between the planner's records (store, spec diagnostics, DAG) and its protos.
// The gRPC adapter (planner_service.cc) uses these and nothing else converts.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "eksa/planner/v1/planner.pb.h"
#include "libs/spec/diagnostic.h"
#include "services/planner/dag/graph.h"
#include "services/planner/operations/options.h"
#include "services/planner/registry/agent_registry.h"
#include "services/planner/store/records.h"

namespace eksa::planner {

v1::Diagnostic ToProto(const spec::Diagnostic& d);
v1::OperationType ToProto(store::OperationType t);
absl::StatusOr<store::OperationType> FromProto(v1::OperationType t);
v1::OperationState ToProto(store::OperationState s);
absl::StatusOr<store::OperationState> FromProto(v1::OperationState s);
v1::TaskState ToProto(store::TaskState s);
v1::EventType EventTypeToProto(const std::string& type);

// `tasks` fill the counts; `graph` (optional) the dependencies of tasks.
v1::Operation ToProto(const store::OperationRecord& op,
                      const std::vector<store::TaskRecord>& tasks);
// Outputs named "secret.*" are left out: they never leave the planner.
v1::Task ToProto(const store::TaskRecord& t, const dag::Graph* graph);
v1::Event ToProto(const store::EventRecord& e);

// kInvalidArgument for a negative or zero wait.
absl::StatusOr<operations::OperationOptions> FromProto(const v1::OperationOptions& o);
v1::OperationOptions ToProto(const operations::OperationOptions& o);

absl::StatusOr<registry::AgentInfo> FromProto(const v1::Agent& a);

}  // namespace eksa::planner
