// Mapping between the store's records and SQL rows (internal to the SQLite store): column lists,
// row readers, status encoding and the associated data that binds each sealed value to its row.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/planner/store/records.h"
#include "services/planner/store/sqlite_db.h"

namespace eksa::planner::store::internal {

inline constexpr std::string_view kOperationColumns =
    "id, request_id, type, cluster_name, state, spec_yaml, spec_file, error_code, error_message, "
    "created_us, updated_us, options";
inline constexpr std::string_view kTaskColumns =
    "operation_id, task_id, kind, pool, state, attempts, request_id, agent_id, error_code, "
    "error_message, started_us, finished_us";
inline constexpr std::string_view kMachineColumns =
    "cluster_name, name, role, node_group, vm_path, moref, ip";
inline constexpr std::string_view kEventColumns =
    "operation_id, seq, time_us, type, task_id, message, code, duration_us, level";

// Reads the current row of a statement that selected the matching column list.
// kDataLoss for a state or type name this binary does not know.
absl::StatusOr<OperationRecord> ReadOperation(const Statement& row);
absl::StatusOr<TaskRecord> ReadTask(const Statement& row);  // outputs not included
EventRecord ReadEvent(const Statement& row);
absl::StatusOr<MachineRecord> ReadMachine(const Statement& row);

// A status as stored: its code number and message.
std::string Message(const absl::Status& s);
absl::Status StatusFromRow(int64_t code, std::string message);

// Associated data for a sealed value: the parts, each length-prefixed, so that no two different
// identities encode alike ("a","bc" vs "ab","c").
std::string Aad(std::initializer_list<std::string_view> parts);
inline std::string OutputAad(std::string_view op, std::string_view task, std::string_view key) {
  return Aad({"task-output", op, task, key});
}
inline std::string KubeconfigAad(std::string_view cluster) {
  return Aad({"cluster-kubeconfig", cluster});
}
inline std::string KeyCheckAad() { return Aad({"store-meta", "key-check"}); }

}  // namespace eksa::planner::store::internal
