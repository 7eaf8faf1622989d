// PlannerService over gRPC: adapters of a few lines each around OperationManager, the store, the
// event hub and the agent registry. Statuses cross the wire through ToGrpcStatus only.
//
// StartOperation with options.dry_run runs only the validation and the agents' read-only
// preflight checks, and stops; ValidateCluster with preflight=true runs such a dry run and waits
// for it, one CheckResult per preflight task. ValidateCluster with type UPGRADE also checks the
// spec against the cluster record (immutable fields, one minor version at a time).
#pragma once

#include "eksa/planner/v1/planner.grpc.pb.h"
#include "libs/common/clock.h"
#include "services/planner/operations/event_hub.h"
#include "services/planner/operations/operation_manager.h"
#include "services/planner/registry/agent_registry.h"
#include "services/planner/store/store.h"

namespace eksa::planner {

class PlannerService final : public v1::PlannerService::Service {
 public:
  PlannerService(operations::OperationManager& operations, store::Store& store,
                 operations::EventHub& hub, registry::AgentRegistry& agents)
      : operations_(operations), store_(store), hub_(hub), agents_(agents) {}

  grpc::Status ValidateCluster(grpc::ServerContext*, const v1::ValidateClusterRequest*,
                               v1::ValidateClusterResponse*) override;
  grpc::Status PlanOperation(grpc::ServerContext*, const v1::PlanOperationRequest*,
                             v1::PlanOperationResponse*) override;
  grpc::Status StartOperation(grpc::ServerContext*, const v1::StartOperationRequest*,
                              v1::StartOperationResponse*) override;
  // Replays the stored events from `from_seq`, then follows new ones until the operation ends or
  // the client goes away. Events above max_verbosity are skipped (0 means everything).
  grpc::Status WatchOperation(grpc::ServerContext*, const v1::WatchOperationRequest*,
                              grpc::ServerWriter<v1::Event>*) override;
  grpc::Status GetOperation(grpc::ServerContext*, const v1::GetOperationRequest*,
                            v1::GetOperationResponse*) override;
  grpc::Status ListOperations(grpc::ServerContext*, const v1::ListOperationsRequest*,
                              v1::ListOperationsResponse*) override;
  grpc::Status CancelOperation(grpc::ServerContext*, const v1::CancelOperationRequest*,
                               v1::CancelOperationResponse*) override;
  grpc::Status ResumeOperation(grpc::ServerContext*, const v1::ResumeOperationRequest*,
                               v1::ResumeOperationResponse*) override;
  grpc::Status GetArtifacts(grpc::ServerContext*, const v1::GetArtifactsRequest*,
                            v1::GetArtifactsResponse*) override;
  grpc::Status RegisterAgent(grpc::ServerContext*, const v1::RegisterAgentRequest*,
                             v1::RegisterAgentResponse*) override;
  grpc::Status Heartbeat(grpc::ServerContext*, const v1::HeartbeatRequest*,
                         v1::HeartbeatResponse*) override;

 private:
  absl::StatusOr<v1::Operation> OperationProto(std::string_view id);

  operations::OperationManager& operations_;
  store::Store& store_;
  operations::EventHub& hub_;
  registry::AgentRegistry& agents_;
};

}  // namespace eksa::planner
