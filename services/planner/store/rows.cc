// Row readers and encodings of the SQLite store.
#include "services/planner/store/rows.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "libs/common/status_macros.h"

namespace eksa::planner::store::internal {
namespace {

std::optional<absl::Time> OptionalTime(const Statement& row, int col) {
  std::optional<int64_t> us = row.OptionalInt(col);
  if (!us.has_value()) return std::nullopt;
  return absl::FromUnixMicros(*us);
}

}  // namespace

absl::StatusOr<OperationRecord> ReadOperation(const Statement& row) {
  OperationRecord op;
  op.id = row.Text(0);
  op.request_id = row.Text(1);
  EKSA_ASSIGN_OR_RETURN(op.type, ParseOperationType(row.Text(2)));
  op.cluster_name = row.Text(3);
  EKSA_ASSIGN_OR_RETURN(op.state, ParseOperationState(row.Text(4)));
  op.spec_yaml = row.Text(5);
  op.spec_file = row.Text(6);
  op.error = StatusFromRow(row.Int(7), row.Text(8));
  op.created = absl::FromUnixMicros(row.Int(9));
  op.updated = absl::FromUnixMicros(row.Int(10));
  op.options = row.Text(11);
  return op;
}

absl::StatusOr<TaskRecord> ReadTask(const Statement& row) {
  TaskRecord t;
  t.operation_id = row.Text(0);
  t.task_id = row.Text(1);
  t.kind = row.Text(2);
  t.pool = row.Text(3);
  EKSA_ASSIGN_OR_RETURN(t.state, ParseTaskState(row.Text(4)));
  t.attempts = static_cast<int>(row.Int(5));
  t.request_id = row.Text(6);
  t.agent_id = row.Text(7);
  t.last_error = StatusFromRow(row.Int(8), row.Text(9));
  t.started = OptionalTime(row, 10);
  t.finished = OptionalTime(row, 11);
  return t;
}

EventRecord ReadEvent(const Statement& row) {
  EventRecord e;
  e.operation_id = row.Text(0);
  e.seq = row.Int(1);
  e.time = absl::FromUnixMicros(row.Int(2));
  e.type = row.Text(3);
  e.task_id = row.Text(4);
  e.message = row.Text(5);
  e.code = static_cast<absl::StatusCode>(row.Int(6));
  e.duration = absl::Microseconds(row.Int(7));
  e.level = static_cast<int>(row.Int(8));
  return e;
}

absl::StatusOr<MachineRecord> ReadMachine(const Statement& row) {
  MachineRecord m;
  m.name = row.Text(1);
  EKSA_ASSIGN_OR_RETURN(m.role, ParseMachineRole(row.Text(2)));
  m.node_group = row.Text(3);
  m.vm_path = row.Text(4);
  m.moref = row.Text(5);
  m.ip = row.Text(6);
  return m;
}

std::string Message(const absl::Status& s) { return std::string(s.message()); }

absl::Status StatusFromRow(int64_t code, std::string message) {
  if (code == 0) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(code), message);
}

std::string Aad(std::initializer_list<std::string_view> parts) {
  std::string out = "eksa-store";
  for (std::string_view p : parts) {
    absl::StrAppend(&out, "|", p.size(), ":", absl::string_view(p.data(), p.size()));
  }
  return out;
}

}  // namespace eksa::planner::store::internal
