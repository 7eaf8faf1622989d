#include "services/planner/planner_service.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "absl/strings/numbers.h"
#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "libs/spec/spec.h"
#include "services/planner/convert.h"
#include "services/planner/workflows/upgrade.h"

namespace eksa::planner {
namespace {

using google::protobuf::util::TimeUtil;

template <typename T>
grpc::Status Fail(const absl::StatusOr<T>& s) {
  return ToGrpcStatus(s.status());
}

}  // namespace

absl::StatusOr<v1::Operation> PlannerService::OperationProto(std::string_view id) {
  EKSA_ASSIGN_OR_RETURN(store::OperationRecord op, store_.GetOperation(id));
  EKSA_ASSIGN_OR_RETURN(std::vector<store::TaskRecord> tasks, store_.ListTasks(id));
  v1::Operation out = ToProto(op, tasks);
  EKSA_ASSIGN_OR_RETURN(int64_t seq, store_.LatestSeq(id));
  out.set_last_seq(seq);
  return out;
}

grpc::Status PlannerService::ValidateCluster(grpc::ServerContext* ctx,
                                             const v1::ValidateClusterRequest* req,
                                             v1::ValidateClusterResponse* resp) {
  const std::string file = req->spec_file().empty() ? "spec.yaml" : req->spec_file();
  spec::LoadResult r = spec::LoadSpec(file, req->spec_yaml());
  if (req->type() == v1::OPERATION_TYPE_UPGRADE && !r.diagnostics.HasErrors()) {
    const std::string& name = r.spec.clusters[0].header.metadata.name.value;
    absl::StatusOr<store::ClusterRecord> record = store_.GetCluster(name);
    if (!record.ok())
      return ToGrpcStatus(Annotate(record.status(), "validating an upgrade of " + name));
    spec::LoadResult current = spec::LoadSpec(name + ".yaml", record->spec_yaml);
    workflows::CheckImmutableFields(current.spec, r.spec, r.diagnostics);
    r.diagnostics.SortByPosition();
  }
  for (const spec::Diagnostic& d : r.diagnostics.items()) *resp->add_diagnostics() = ToProto(d);
  resp->set_valid(!r.diagnostics.HasErrors());
  if (!req->preflight() || !resp->valid()) return grpc::Status::OK;
  absl::StatusOr<operations::OperationOptions> options = FromProto(req->options());
  if (!options.ok()) return Fail(options);
  options->dry_run = true;
  absl::StatusOr<store::OperationType> type = req->type() == v1::OPERATION_TYPE_UNSPECIFIED
                                                  ? store::OperationType::kCreate
                                                  : FromProto(req->type());
  if (!type.ok()) return Fail(type);
  absl::StatusOr<operations::StartResult> started =
      operations_.Start({.request_id = "validate-" + std::to_string(absl::ToUnixNanos(absl::Now())),
                         .type = *type,
                         .spec_yaml = req->spec_yaml(),
                         .spec_file = file,
                         .options = *options});
  if (!started.ok()) return Fail(started);
  // Follow the dry run to its end, within the caller's deadline.
  const std::string& id = started->operation.id;
  for (int64_t seen = 0;;) {
    absl::StatusOr<store::OperationRecord> op = store_.GetOperation(id);
    if (!op.ok()) return Fail(op);
    if (store::IsFinished(op->state)) break;
    if (ctx->IsCancelled()) {
      (void)operations_.Cancel(id);
      return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                          "the preflight checks did not finish in time (operation " + id + ")");
    }
    seen = hub_.WaitBeyond(id, seen, absl::Now() + absl::Milliseconds(200)).latest;
  }
  absl::StatusOr<std::vector<store::TaskRecord>> tasks = store_.ListTasks(id);
  if (!tasks.ok()) return Fail(tasks);
  for (const store::TaskRecord& t : *tasks) {
    eksa::common::v1::CheckResult& c = *resp->add_checks();
    c.set_name(t.task_id);
    c.set_passed(t.state == store::TaskState::kSucceeded);
    if (!t.last_error.ok()) c.set_message(std::string(t.last_error.message()));
    resp->set_valid(resp->valid() && c.passed());
  }
  return grpc::Status::OK;
}

grpc::Status PlannerService::PlanOperation(grpc::ServerContext*,
                                           const v1::PlanOperationRequest* req,
                                           v1::PlanOperationResponse* resp) {
  absl::StatusOr<store::OperationType> type = FromProto(req->type());
  if (!type.ok()) return Fail(type);
  absl::StatusOr<operations::OperationOptions> options = FromProto(req->options());
  if (!options.ok()) return Fail(options);
  if (*type != store::OperationType::kDelete) {
    spec::LoadResult r =
        spec::LoadSpec(req->spec_file().empty() ? "spec.yaml" : req->spec_file(), req->spec_yaml());
    for (const spec::Diagnostic& d : r.diagnostics.items()) *resp->add_diagnostics() = ToProto(d);
    if (r.diagnostics.HasErrors()) return grpc::Status::OK;  // the diagnostics are the answer
  }
  absl::StatusOr<dag::Graph> graph =
      operations_.Plan(*type, req->spec_yaml(), req->spec_file(), req->cluster_name(), *options);
  if (!graph.ok()) return Fail(graph);
  absl::StatusOr<dag::CriticalPath> path = graph->ComputeCriticalPath();
  if (!path.ok()) return Fail(path);
  v1::Plan& plan = *resp->mutable_plan();
  absl::Duration serial = absl::ZeroDuration();
  for (const dag::TaskSpec& t : graph->tasks()) {
    v1::PlannedTask& p = *plan.add_tasks();
    p.set_id(t.id);
    p.set_kind(t.kind);
    p.set_pool(t.pool);
    if (absl::StatusOr<registry::AgentInfo> agent = agents_.Pick(t.pool); agent.ok()) {
      p.set_target_agent(agent->id);
    }
    for (const std::string& d : graph->DependenciesOf(t.id)) p.add_depends_on(d);
    *p.mutable_estimate() = TimeUtil::MicrosecondsToDuration(absl::ToInt64Microseconds(t.estimate));
    if (!t.on_failure) serial += t.estimate;
  }
  for (const std::string& id : path->task_ids) plan.add_critical_path(id);
  *plan.mutable_critical_path_length() =
      TimeUtil::MicrosecondsToDuration(absl::ToInt64Microseconds(path->length));
  *plan.mutable_serial_length() =
      TimeUtil::MicrosecondsToDuration(absl::ToInt64Microseconds(serial));
  return grpc::Status::OK;
}

grpc::Status PlannerService::StartOperation(grpc::ServerContext*,
                                            const v1::StartOperationRequest* req,
                                            v1::StartOperationResponse* resp) {
  absl::StatusOr<store::OperationType> type = FromProto(req->type());
  if (!type.ok()) return Fail(type);
  absl::StatusOr<operations::OperationOptions> options = FromProto(req->options());
  if (!options.ok()) return Fail(options);
  absl::StatusOr<operations::StartResult> started =
      operations_.Start({.request_id = req->request_id(),
                         .type = *type,
                         .spec_yaml = req->spec_yaml(),
                         .spec_file = req->spec_file(),
                         .cluster_name = req->cluster_name(),
                         .options = *options});
  if (!started.ok()) return Fail(started);
  absl::StatusOr<v1::Operation> op = OperationProto(started->operation.id);
  if (!op.ok()) return Fail(op);
  *resp->mutable_operation() = *std::move(op);
  resp->set_replayed(!started->created);
  return grpc::Status::OK;
}

grpc::Status PlannerService::WatchOperation(grpc::ServerContext* ctx,
                                            const v1::WatchOperationRequest* req,
                                            grpc::ServerWriter<v1::Event>* writer) {
  if (absl::StatusOr<store::OperationRecord> op = store_.GetOperation(req->operation_id());
      !op.ok()) {
    return Fail(op);
  }
  const int max_level = req->max_verbosity() > 0 ? req->max_verbosity() : 9;
  int64_t next = std::max<int64_t>(req->from_seq(), 1);
  while (!ctx->IsCancelled()) {
    absl::StatusOr<std::vector<store::EventRecord>> events =
        store_.ListEvents(req->operation_id(), next, 0);
    if (!events.ok()) return Fail(events);
    for (const store::EventRecord& e : *events) {
      next = e.seq + 1;
      if (e.level <= max_level && !writer->Write(ToProto(e))) return grpc::Status::OK;
      if (e.type == "operation-finished") {
        absl::StatusOr<store::OperationRecord> op = store_.GetOperation(req->operation_id());
        if (op.ok() && store::IsFinished(op->state)) return grpc::Status::OK;
      }
    }
    hub_.WaitBeyond(req->operation_id(), next - 1, absl::Now() + absl::Milliseconds(500));
  }
  return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
}

grpc::Status PlannerService::GetOperation(grpc::ServerContext*, const v1::GetOperationRequest* req,
                                          v1::GetOperationResponse* resp) {
  absl::StatusOr<v1::Operation> op = OperationProto(req->operation_id());
  if (!op.ok()) return Fail(op);
  *resp->mutable_operation() = *std::move(op);
  if (req->include_tasks()) {
    absl::StatusOr<std::vector<store::TaskRecord>> tasks = store_.ListTasks(req->operation_id());
    if (!tasks.ok()) return Fail(tasks);
    for (const store::TaskRecord& t : *tasks) *resp->add_tasks() = ToProto(t, nullptr);
  }
  return grpc::Status::OK;
}

grpc::Status PlannerService::ListOperations(grpc::ServerContext*,
                                            const v1::ListOperationsRequest* req,
                                            v1::ListOperationsResponse* resp) {
  absl::StatusOr<std::vector<store::OperationRecord>> ops =
      store_.ListOperations({.cluster_name = req->cluster_name()});
  if (!ops.ok()) return Fail(ops);
  std::vector<store::OperationState> states;
  for (int s : req->states()) {
    absl::StatusOr<store::OperationState> state = FromProto(static_cast<v1::OperationState>(s));
    if (!state.ok()) return Fail(state);
    states.push_back(*state);
  }
  size_t offset = 0;
  if (!req->page_token().empty() && !absl::SimpleAtoi(req->page_token(), &offset)) {
    return ToGrpcStatus(absl::InvalidArgumentError("page_token is not one this planner issued"));
  }
  const size_t page = req->page_size() > 0 ? req->page_size() : 100;
  size_t seen = 0;
  for (auto it = ops->rbegin(); it != ops->rend(); ++it) {  // newest first
    if (!states.empty() && std::find(states.begin(), states.end(), it->state) == states.end()) {
      continue;
    }
    if (seen++ < offset) continue;
    if (resp->operations_size() == static_cast<int>(page)) {
      resp->set_next_page_token(std::to_string(offset + page));
      break;
    }
    absl::StatusOr<std::vector<store::TaskRecord>> tasks = store_.ListTasks(it->id);
    if (!tasks.ok()) return Fail(tasks);
    *resp->add_operations() = ToProto(*it, *tasks);
  }
  return grpc::Status::OK;
}

grpc::Status PlannerService::CancelOperation(grpc::ServerContext*,
                                             const v1::CancelOperationRequest* req,
                                             v1::CancelOperationResponse* resp) {
  absl::StatusOr<store::OperationRecord> op = operations_.Cancel(req->operation_id());
  if (!op.ok()) return Fail(op);
  absl::StatusOr<v1::Operation> out = OperationProto(op->id);
  if (!out.ok()) return Fail(out);
  *resp->mutable_operation() = *std::move(out);
  return grpc::Status::OK;
}

grpc::Status PlannerService::ResumeOperation(grpc::ServerContext*,
                                             const v1::ResumeOperationRequest* req,
                                             v1::ResumeOperationResponse* resp) {
  absl::StatusOr<store::OperationRecord> op = operations_.Resume(req->operation_id());
  if (!op.ok()) return Fail(op);
  absl::StatusOr<v1::Operation> out = OperationProto(op->id);
  if (!out.ok()) return Fail(out);
  *resp->mutable_operation() = *std::move(out);
  return grpc::Status::OK;
}

grpc::Status PlannerService::GetArtifacts(grpc::ServerContext*, const v1::GetArtifactsRequest* req,
                                          v1::GetArtifactsResponse* resp) {
  std::string name = req->cluster_name();
  if (name.empty()) {
    absl::StatusOr<store::OperationRecord> op = store_.GetOperation(req->operation_id());
    if (!op.ok()) return Fail(op);
    name = op->cluster_name;
  }
  absl::StatusOr<store::ClusterRecord> cluster = store_.GetCluster(name);
  if (!cluster.ok()) return Fail(cluster);
  v1::Artifacts& a = *resp->mutable_artifacts();
  a.set_cluster_name(name);
  a.set_kubeconfig(cluster->kubeconfig);
  a.set_cluster_config_yaml(cluster->spec_yaml);
  a.set_kubeconfig_file_name(name + "-eks-a-cluster.kubeconfig");
  a.set_cluster_config_file_name(name + "-eks-a-cluster.yaml");
  a.set_operation_id(req->operation_id());
  return grpc::Status::OK;
}

grpc::Status PlannerService::RegisterAgent(grpc::ServerContext*,
                                           const v1::RegisterAgentRequest* req,
                                           v1::RegisterAgentResponse* resp) {
  absl::StatusOr<registry::AgentInfo> info = FromProto(req->agent());
  if (!info.ok()) return Fail(info);
  if (absl::Status s = agents_.Register(*info); !s.ok()) return ToGrpcStatus(s);
  auto dur = [](absl::Duration d) {
    return TimeUtil::MicrosecondsToDuration(absl::ToInt64Microseconds(d));
  };
  *resp->mutable_lease_ttl() = dur(agents_.ttl());
  *resp->mutable_heartbeat_interval() = dur(agents_.ttl() / 3);
  return grpc::Status::OK;
}

grpc::Status PlannerService::Heartbeat(grpc::ServerContext*, const v1::HeartbeatRequest* req,
                                       v1::HeartbeatResponse* resp) {
  if (absl::Status s = agents_.Heartbeat(req->agent_id(), req->in_flight(), req->draining());
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  *resp->mutable_ttl() = TimeUtil::MicrosecondsToDuration(absl::ToInt64Microseconds(agents_.ttl()));
  return grpc::Status::OK;
}

}  // namespace eksa::planner
