#include "services/vsphere-agent/client/vim/task_info.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"
#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/vim/values.h"

namespace eksa::vsphere::vim {
namespace {

absl::StatusOr<TaskState> ParseState(std::string_view s) {
  if (s == "queued") return TaskState::kQueued;
  if (s == "running") return TaskState::kRunning;
  if (s == "success") return TaskState::kSuccess;
  if (s == "error") return TaskState::kError;
  return absl::InternalError(
      absl::StrCat("decoding TaskInfo: unknown state \"", AbslView(s), "\""));
}

}  // namespace

std::string_view TaskStateName(TaskState state) {
  switch (state) {
    case TaskState::kQueued:
      return "queued";
    case TaskState::kRunning:
      return "running";
    case TaskState::kSuccess:
      return "success";
    case TaskState::kError:
      return "error";
  }
  return "unknown";
}

absl::StatusOr<TaskInfo> ParseTaskInfo(pugi::xml_node info) {
  if (!info) return absl::InternalError("decoding TaskInfo: absent");
  TaskInfo t;
  t.key = std::string(soap::ChildText(info, "key"));
  absl::StatusOr<MoRef> task = soap::ParseOptionalMoRef(info, "task");
  if (!task.ok()) return task.status();
  t.task = *std::move(task);
  t.name = std::string(soap::ChildText(info, "name"));
  t.description_id = std::string(soap::ChildText(info, "descriptionId"));
  absl::StatusOr<MoRef> entity = soap::ParseOptionalMoRef(info, "entity");
  if (!entity.ok()) return entity.status();
  t.entity = *std::move(entity);
  t.entity_name = std::string(soap::ChildText(info, "entityName"));
  absl::StatusOr<TaskState> state = ParseState(soap::ChildText(info, "state"));
  if (!state.ok()) return state.status();
  t.state = *state;
  absl::StatusOr<bool> cancelled = ChildBool(info, "cancelled");
  absl::StatusOr<bool> cancelable = ChildBool(info, "cancelable");
  if (!cancelled.ok()) return cancelled.status();
  if (!cancelable.ok()) return cancelable.status();
  t.cancelled = *cancelled;
  t.cancelable = *cancelable;
  if (pugi::xml_node progress = soap::Child(info, "progress")) {
    absl::StatusOr<int64_t> p = DecodeInt(progress);
    if (!p.ok()) return p.status();
    t.progress = static_cast<int>(*p);
  }
  if (pugi::xml_node error = soap::Child(info, "error")) {
    absl::StatusOr<soap::Fault> fault = soap::ParseLocalizedMethodFault(error);
    if (!fault.ok()) return fault.status();
    t.error = soap::FaultToStatus(*fault);
  } else if (t.state == TaskState::kError) {
    t.error = absl::UnknownError("task failed without an error");
  }
  if (pugi::xml_node result = soap::Child(info, "result");
      result && soap::XsiType(result) == "ManagedObjectReference") {
    absl::StatusOr<MoRef> ref = soap::ParseMoRef(result);
    if (!ref.ok()) return ref.status();
    t.result = *std::move(ref);
  }
  return t;
}

}  // namespace eksa::vsphere::vim
