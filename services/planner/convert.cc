#include "services/planner/convert.h"

#include <google/protobuf/util/time_util.h>

namespace eksa::planner {
namespace {

using google::protobuf::util::TimeUtil;

google::protobuf::Timestamp Ts(absl::Time t) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(t));
}
google::protobuf::Duration Dur(absl::Duration d) {
  return TimeUtil::MicrosecondsToDuration(absl::ToInt64Microseconds(d));
}
absl::Duration FromDur(const google::protobuf::Duration& d) {
  return absl::Microseconds(TimeUtil::DurationToMicroseconds(d));
}

}  // namespace

v1::Diagnostic ToProto(const spec::Diagnostic& d) {
  v1::Diagnostic out;
  out.set_severity(d.severity == spec::Severity::kError ? v1::Diagnostic::SEVERITY_ERROR
                                                        : v1::Diagnostic::SEVERITY_WARNING);
  out.set_file(d.file);
  out.set_line(d.position.line);
  out.set_column(d.position.column);
  out.set_kind(d.kind);
  out.set_name(d.object);
  out.set_field(d.field);
  out.set_message(d.message);
  out.set_remediation(d.remediation);
  return out;
}

v1::OperationType ToProto(store::OperationType t) {
  switch (t) {
    case store::OperationType::kCreate:
      return v1::OPERATION_TYPE_CREATE;
    case store::OperationType::kUpgrade:
      return v1::OPERATION_TYPE_UPGRADE;
    case store::OperationType::kDelete:
      return v1::OPERATION_TYPE_DELETE;
  }
  return v1::OPERATION_TYPE_UNSPECIFIED;
}

absl::StatusOr<store::OperationType> FromProto(v1::OperationType t) {
  switch (t) {
    case v1::OPERATION_TYPE_CREATE:
      return store::OperationType::kCreate;
    case v1::OPERATION_TYPE_UPGRADE:
      return store::OperationType::kUpgrade;
    case v1::OPERATION_TYPE_DELETE:
      return store::OperationType::kDelete;
    default:
      return absl::InvalidArgumentError("operation type is required (CREATE, UPGRADE or DELETE)");
  }
}

v1::OperationState ToProto(store::OperationState s) {
  switch (s) {
    case store::OperationState::kPending:
      return v1::OPERATION_STATE_PENDING;
    case store::OperationState::kRunning:
      return v1::OPERATION_STATE_RUNNING;
    case store::OperationState::kSucceeded:
      return v1::OPERATION_STATE_SUCCEEDED;
    case store::OperationState::kFailed:
      return v1::OPERATION_STATE_FAILED;
    case store::OperationState::kCancelled:
      return v1::OPERATION_STATE_CANCELLED;
  }
  return v1::OPERATION_STATE_UNSPECIFIED;
}

absl::StatusOr<store::OperationState> FromProto(v1::OperationState s) {
  switch (s) {
    case v1::OPERATION_STATE_PENDING:
      return store::OperationState::kPending;
    case v1::OPERATION_STATE_RUNNING:
      return store::OperationState::kRunning;
    case v1::OPERATION_STATE_SUCCEEDED:
      return store::OperationState::kSucceeded;
    case v1::OPERATION_STATE_FAILED:
      return store::OperationState::kFailed;
    case v1::OPERATION_STATE_CANCELLED:
      return store::OperationState::kCancelled;
    default:
      return absl::InvalidArgumentError("unknown operation state");
  }
}

v1::TaskState ToProto(store::TaskState s) {
  switch (s) {
    case store::TaskState::kPending:
      return v1::TASK_STATE_PENDING;
    case store::TaskState::kRunning:
      return v1::TASK_STATE_RUNNING;
    case store::TaskState::kSucceeded:
      return v1::TASK_STATE_SUCCEEDED;
    case store::TaskState::kFailed:
      return v1::TASK_STATE_FAILED;
    case store::TaskState::kSkipped:
      return v1::TASK_STATE_SKIPPED;
    case store::TaskState::kCancelled:
      return v1::TASK_STATE_CANCELLED;
  }
  return v1::TASK_STATE_UNSPECIFIED;
}

v1::EventType EventTypeToProto(const std::string& type) {
  if (type == "operation-started") return v1::EVENT_TYPE_OPERATION_STARTED;
  if (type == "task-started") return v1::EVENT_TYPE_TASK_STARTED;
  if (type == "task-retry") return v1::EVENT_TYPE_TASK_RETRY;
  if (type == "task-finished") return v1::EVENT_TYPE_TASK_FINISHED;
  if (type == "operation-finished") return v1::EVENT_TYPE_OPERATION_FINISHED;
  if (type == "warning") return v1::EVENT_TYPE_WARNING;
  return v1::EVENT_TYPE_LOG;
}

v1::Operation ToProto(const store::OperationRecord& op,
                      const std::vector<store::TaskRecord>& tasks) {
  v1::Operation out;
  out.set_id(op.id);
  out.set_type(ToProto(op.type));
  out.set_cluster_name(op.cluster_name);
  out.set_state(ToProto(op.state));
  *out.mutable_create_time() = Ts(op.created);
  *out.mutable_update_time() = Ts(op.updated);
  if (store::IsFinished(op.state)) *out.mutable_finish_time() = Ts(op.updated);
  if (!op.error.ok()) {
    out.set_error(std::string(op.error.message()));
    out.set_error_code(static_cast<int>(op.error.code()));
  }
  out.set_request_id(op.request_id);
  if (absl::StatusOr<operations::OperationOptions> o =
          operations::OperationOptions::Parse(op.options);
      o.ok()) {
    *out.mutable_options() = ToProto(*o);
  }
  v1::TaskCounts& c = *out.mutable_task_counts();
  for (const store::TaskRecord& t : tasks) {
    c.set_total(c.total() + 1);
    switch (t.state) {
      case store::TaskState::kPending:
        c.set_pending(c.pending() + 1);
        break;
      case store::TaskState::kRunning:
        c.set_running(c.running() + 1);
        break;
      case store::TaskState::kSucceeded:
        c.set_succeeded(c.succeeded() + 1);
        break;
      case store::TaskState::kFailed:
        c.set_failed(c.failed() + 1);
        break;
      case store::TaskState::kSkipped:
        c.set_skipped(c.skipped() + 1);
        break;
      case store::TaskState::kCancelled:
        c.set_cancelled(c.cancelled() + 1);
        break;
    }
  }
  return out;
}

v1::Task ToProto(const store::TaskRecord& t, const dag::Graph* graph) {
  v1::Task out;
  out.set_id(t.task_id);
  out.set_kind(t.kind);
  out.set_pool(t.pool);
  out.set_state(ToProto(t.state));
  out.set_attempts(t.attempts);
  if (t.started) *out.mutable_start_time() = Ts(*t.started);
  if (t.finished) *out.mutable_finish_time() = Ts(*t.finished);
  if (!t.last_error.ok()) {
    out.set_error(std::string(t.last_error.message()));
    out.set_error_code(static_cast<int>(t.last_error.code()));
  }
  out.set_agent_id(t.agent_id);
  out.set_request_id(t.request_id);
  if (graph != nullptr) {
    for (const std::string& d : graph->DependenciesOf(t.task_id)) out.add_depends_on(d);
  }
  for (const auto& [k, v] : t.outputs) {
    if (!store::IsSecretOutput(k)) (*out.mutable_outputs())[k] = v;
  }
  return out;
}

v1::Event ToProto(const store::EventRecord& e) {
  v1::Event out;
  out.set_seq(e.seq);
  out.set_operation_id(e.operation_id);
  *out.mutable_time() = Ts(e.time);
  out.set_type(EventTypeToProto(e.type));
  out.set_task_id(e.task_id);
  out.set_message(e.message);
  out.set_status_code(static_cast<int>(e.code));
  *out.mutable_duration() = Dur(e.duration);
  out.set_verbosity(e.level);
  return out;
}

absl::StatusOr<operations::OperationOptions> FromProto(const v1::OperationOptions& o) {
  operations::OperationOptions out;
  out.create.skip_ip_check = o.skip_ip_check();
  out.dry_run = o.dry_run();
  for (const std::string& name : o.skip_validations()) {
    // EKS-A accepts only this one on create. eksa's privilege check arrives with the vSphere agent,
    // so skipping it changes nothing yet; any other name is refused, never ignored.
    if (name != "vsphere-user-privilege") {
      return absl::InvalidArgumentError("skip_validations: \"" + name +
                                        "\" cannot be skipped; only vsphere-user-privilege can");
    }
  }
  struct Wait {
    bool has;
    const google::protobuf::Duration& value;
    absl::Duration* into;
    const char* name;
  };
  for (const Wait& w : {Wait{o.has_control_plane_wait(), o.control_plane_wait(),
                             &out.create.control_plane_wait, "control_plane_wait"},
                        Wait{o.has_external_etcd_wait(), o.external_etcd_wait(),
                             &out.create.external_etcd_wait, "external_etcd_wait"},
                        Wait{o.has_per_machine_wait(), o.per_machine_wait(),
                             &out.create.per_machine_wait, "per_machine_wait"}}) {
    if (!w.has) continue;
    absl::Duration d = FromDur(w.value);
    if (d <= absl::ZeroDuration()) {
      return absl::InvalidArgumentError(std::string(w.name) + " must be positive");
    }
    *w.into = d;
  }
  if (o.no_timeouts()) {
    out.create.control_plane_wait = out.create.external_etcd_wait = out.create.per_machine_wait =
        absl::Hours(24 * 365);
  }
  return out;
}

v1::OperationOptions ToProto(const operations::OperationOptions& o) {
  v1::OperationOptions out;
  out.set_skip_ip_check(o.create.skip_ip_check);
  out.set_dry_run(o.dry_run);
  *out.mutable_control_plane_wait() = Dur(o.create.control_plane_wait);
  *out.mutable_external_etcd_wait() = Dur(o.create.external_etcd_wait);
  *out.mutable_per_machine_wait() = Dur(o.create.per_machine_wait);
  return out;
}

absl::StatusOr<registry::AgentInfo> FromProto(const v1::Agent& a) {
  registry::AgentInfo out{.id = a.agent_id(), .address = a.address()};
  switch (a.kind()) {
    case v1::AGENT_KIND_VSPHERE:
      out.kind = registry::AgentKind::kVSphere;
      break;
    case v1::AGENT_KIND_BOOTSTRAP:
      out.kind = registry::AgentKind::kBootstrap;
      break;
    case v1::AGENT_KIND_GITOPS:
      out.kind = registry::AgentKind::kGitOps;
      break;
    default:
      return absl::InvalidArgumentError("agent kind is required (VSPHERE, BOOTSTRAP or GITOPS)");
  }
  for (const std::string& s : a.vcenter_servers()) out.vcenter_servers.push_back(s);
  if (a.max_concurrent_tasks() > 0) out.capacity = a.max_concurrent_tasks();
  return out;
}

}  // namespace eksa::planner
