// vim.TaskInfo, decoded: what a vCenter task is doing and how it ended.
#pragma once

#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/soap/moref.h"

namespace eksa::vsphere::vim {

enum class TaskState { kQueued, kRunning, kSuccess, kError };

// "queued", "running", "success", "error".
std::string_view TaskStateName(TaskState state);

struct TaskInfo {
  std::string key;  // "task-69"
  soap::MoRef task;
  std::string name;            // method, e.g. "CloneVM_Task" (vcsim: "CloneVm")
  std::string description_id;  // "VirtualMachine.clone"
  soap::MoRef entity;          // the object the task runs on (empty if none)
  std::string entity_name;
  TaskState state = TaskState::kQueued;
  bool cancelled = false;
  bool cancelable = false;
  std::optional<int> progress;  // 0..100 while running, when the task reports it
  // kError: info.error decoded (soap::FaultToStatus: code from the fault type, message
  // "<type>: <localizedMessage>", the Fault as payload). OK otherwise.
  absl::Status error;
  // kSuccess: info.result when it is a ManagedObjectReference (CloneVM_Task → the new VM,
  // CreateSnapshot_Task → the snapshot); empty for tasks with no or a non-reference result.
  soap::MoRef result;
};

// Decodes a TaskInfo element (a `val` typed TaskInfo, or the `info` of a Task). kInternal for a
// missing or unknown state, or a malformed error/result.
[[nodiscard]] absl::StatusOr<TaskInfo> ParseTaskInfo(pugi::xml_node info);

}  // namespace eksa::vsphere::vim
