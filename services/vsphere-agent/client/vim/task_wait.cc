#include "services/vsphere-agent/client/vim/task_wait.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"
#include "services/vsphere-agent/client/vim/property_collector.h"
#include "services/vsphere-agent/client/vim/property_wait.h"

namespace eksa::vsphere::vim {

absl::Status CancelTask(soap::Caller& caller, const soap::MoRef& task) {
  soap::XmlWriter w;
  w.This(task);
  return caller.Call("CancelTask", std::move(w).Finish()).status();
}

absl::StatusOr<TaskInfo> WaitForTask(soap::Caller& caller, const soap::MoRef& service_collector,
                                     const soap::MoRef& task, const TaskWaitOptions& options) {
  TaskTracker tracker(options.on_progress);
  std::optional<absl::StatusOr<TaskInfo>> outcome;

  // One look first: a task that has already ended costs a single round trip.
  PropertyCollector pc(caller, service_collector);
  absl::StatusOr<ObjectContents> now =
      pc.RetrieveOne(task, {"info"}, {.cancelled = options.cancelled});
  if (!now.ok()) return Annotate(now.status(), absl::StrCat("waiting for task ", task.value));
  absl::StatusOr<TaskInfo> info = ParseTaskInfo(now->objects().front().Get("info"));
  if (!info.ok()) return info.status();
  outcome = tracker.Observe(*info);
  if (outcome.has_value()) return *std::move(outcome);

  absl::Status waited =
      WaitForProperties(caller, service_collector, task, {"info"},
                        {.deadline = options.deadline,
                         .clock = options.clock,
                         .max_wait_per_call = options.max_wait_per_call,
                         .cancelled = options.cancelled},
                        [&](const PropertyValues& values) -> absl::StatusOr<bool> {
                          auto it = values.find("info");
                          if (it == values.end()) return false;
                          absl::StatusOr<TaskInfo> next = ParseTaskInfo(it->second);
                          if (!next.ok()) return next.status();
                          outcome = tracker.Observe(*next);
                          return outcome.has_value();
                        });
  if (waited.ok() && outcome.has_value()) return *std::move(outcome);

  std::string what = absl::StrCat("waiting for ", tracker.Describe());
  if (waited.code() == absl::StatusCode::kDeadlineExceeded ||
      waited.code() == absl::StatusCode::kCancelled) {
    absl::Status cancel = CancelTask(caller, task);
    std::string state =
        tracker.last().has_value()
            ? absl::StrCat(" while ", AbslView(TaskStateName(tracker.last()->state)))
            : "";
    std::string cancel_text =
        cancel.ok() ? "cancel requested" : absl::StrCat("cancel failed: ", cancel.message());
    std::string reason =
        waited.code() == absl::StatusCode::kCancelled ? "cancelled" : "deadline exceeded";
    return absl::Status(waited.code(), absl::StrCat(what, ": ", reason, state, "; ", cancel_text));
  }
  return Annotate(waited, what);
}

}  // namespace eksa::vsphere::vim
