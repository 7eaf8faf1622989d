// Names and transition rules of the store's records.
#include "services/planner/store/records.h"

#include <array>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace eksa::planner::store {
namespace {

template <typename E, size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

constexpr NameTable<OperationType, 3> kOperationTypes = {{
    {OperationType::kCreate, "create"},
    {OperationType::kUpgrade, "upgrade"},
    {OperationType::kDelete, "delete"},
}};
constexpr NameTable<OperationState, 5> kOperationStates = {{
    {OperationState::kPending, "pending"},
    {OperationState::kRunning, "running"},
    {OperationState::kSucceeded, "succeeded"},
    {OperationState::kFailed, "failed"},
    {OperationState::kCancelled, "cancelled"},
}};
constexpr NameTable<TaskState, 6> kTaskStates = {{
    {TaskState::kPending, "pending"},
    {TaskState::kRunning, "running"},
    {TaskState::kSucceeded, "succeeded"},
    {TaskState::kFailed, "failed"},
    {TaskState::kSkipped, "skipped"},
    {TaskState::kCancelled, "cancelled"},
}};
constexpr NameTable<MachineRole, 3> kMachineRoles = {{
    {MachineRole::kControlPlane, "control-plane"},
    {MachineRole::kEtcd, "etcd"},
    {MachineRole::kWorker, "worker"},
}};

template <typename E, size_t N>
std::string_view NameOf(const NameTable<E, N>& table, E v) {
  for (const auto& [value, name] : table) {
    if (value == v) return name;
  }
  return "unknown";
}

template <typename E, size_t N>
absl::StatusOr<E> Parse(const NameTable<E, N>& table, std::string_view what,
                        std::string_view name) {
  for (const auto& [value, n] : table) {
    if (n == name) return value;
  }
  return absl::DataLossError(absl::StrCat("unknown ", absl::string_view(what.data(), what.size()),
                                          " \"", absl::string_view(name.data(), name.size()),
                                          "\" in the store"));
}

}  // namespace

std::string_view Name(OperationType v) { return NameOf(kOperationTypes, v); }
std::string_view Name(OperationState v) { return NameOf(kOperationStates, v); }
std::string_view Name(TaskState v) { return NameOf(kTaskStates, v); }
std::string_view Name(MachineRole v) { return NameOf(kMachineRoles, v); }

absl::StatusOr<OperationType> ParseOperationType(std::string_view name) {
  return Parse(kOperationTypes, "operation type", name);
}
absl::StatusOr<OperationState> ParseOperationState(std::string_view name) {
  return Parse(kOperationStates, "operation state", name);
}
absl::StatusOr<TaskState> ParseTaskState(std::string_view name) {
  return Parse(kTaskStates, "task state", name);
}
absl::StatusOr<MachineRole> ParseMachineRole(std::string_view name) {
  return Parse(kMachineRoles, "machine role", name);
}

bool IsFinished(OperationState s) {
  return s != OperationState::kPending && s != OperationState::kRunning;
}

bool IsSecretOutput(std::string_view key) { return key.starts_with(kSecretOutputPrefix); }

bool IsValidTransition(OperationState from, OperationState to) {
  using S = OperationState;
  if (from == to) return true;
  switch (from) {
    case S::kPending:
      return to == S::kRunning || to == S::kFailed || to == S::kCancelled;
    case S::kRunning:
      return to == S::kSucceeded || to == S::kFailed || to == S::kCancelled;
    case S::kFailed:
    case S::kCancelled:  // a cancelled operation resumes like a failed one
      return to == S::kPending || to == S::kRunning;
    case S::kSucceeded:
      return false;
  }
  return false;
}

bool IsValidTransition(TaskState from, TaskState to) {
  using S = TaskState;
  if (from == to) return true;
  switch (from) {
    case S::kPending:
      return to == S::kRunning || to == S::kFailed || to == S::kSkipped || to == S::kCancelled;
    case S::kRunning:
      return to == S::kPending || to == S::kSucceeded || to == S::kFailed || to == S::kCancelled;
    case S::kFailed:
    case S::kCancelled:  // interrupted by a cancel: runs again when the operation resumes
      return to == S::kPending || to == S::kRunning;
    case S::kSucceeded:
    case S::kSkipped:
      return false;
  }
  return false;
}

}  // namespace eksa::planner::store
