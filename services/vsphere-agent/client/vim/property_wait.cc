#include "services/vsphere-agent/client/vim/property_wait.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/client/vim/property_spec.h"
#include "services/vsphere-agent/client/vim/property_watch.h"

namespace eksa::vsphere::vim {
namespace {

// Applies one object update to `values`; kNotFound when the object left the filter.
absl::Status Apply(const ObjectUpdate& update, PropertyValues& values) {
  if (update.kind == ObjectUpdateKind::kLeave) {
    return absl::NotFoundError(absl::StrCat(update.obj.ToString(), " no longer exists"));
  }
  for (const MissingProperty& m : update.missing) {
    return Annotate(m.status, absl::StrCat("reading ", m.path, " of ", update.obj.ToString()));
  }
  for (const PropertyChange& c : update.changes) {
    bool removed = c.op == PropertyChangeOp::kRemove || c.op == PropertyChangeOp::kIndirectRemove;
    if (removed || !c.val) {
      values.erase(c.name);
    } else {
      values[c.name] = c.val;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status WaitForProperties(
    soap::Caller& caller, const soap::MoRef& service_collector, const soap::MoRef& obj,
    const std::vector<std::string>& paths, const PropertyWaitOptions& options,
    const std::function<absl::StatusOr<bool>(const PropertyValues&)>& done) {
  Clock& clock = options.clock != nullptr ? *options.clock : Clock::Real();
  std::string what =
      absl::StrCat("waiting for ", absl::StrJoin(paths, ", "), " of ", obj.ToString());
  absl::StatusOr<std::unique_ptr<PropertyWatch>> watch =
      PropertyWatch::Create(caller, service_collector, SingleObjectSpec(obj, paths));
  if (!watch.ok()) return Annotate(watch.status(), what);

  PropertyValues values;
  std::vector<std::shared_ptr<const soap::Response>> keep;  // owners of the nodes in `values`
  soap::CallOptions call_options{.cancelled = options.cancelled};
  bool first = true;
  for (;;) {
    if (options.cancelled && options.cancelled()) {
      return absl::CancelledError(absl::StrCat(what, ": cancelled"));
    }
    absl::Duration remaining = options.deadline - clock.Now();
    // The first round is a poll-or-wait like every other, but even a spent deadline gets one
    // look at the current values (a condition already true is not a timeout).
    if (!first && remaining <= absl::ZeroDuration()) {
      return absl::DeadlineExceededError(absl::StrCat(what, ": deadline exceeded"));
    }
    absl::Duration wait = std::clamp(std::min(remaining, options.max_wait_per_call),
                                     absl::ZeroDuration(), PropertyWatch::kMaxWaitPerCall);
    absl::StatusOr<std::optional<Updates>> updates = (*watch)->Next(wait, call_options);
    if (!updates.ok()) return Annotate(updates.status(), what);
    first = false;
    if (!updates->has_value()) continue;  // timed out on the server: check the deadline again
    for (const UpdateSet& set : (*updates)->sets) {
      for (const PropertyFilterUpdate& filter : set.filters) {
        for (const ObjectUpdate& update : filter.objects) {
          if (update.obj != obj) continue;
          if (absl::Status s = Apply(update, values); !s.ok()) return Annotate(s, what);
        }
      }
    }
    for (auto& r : (*updates)->responses) keep.push_back(std::move(r));
    absl::StatusOr<bool> ok = done(values);
    if (!ok.ok()) return ok.status();
    if (*ok) return absl::OkStatus();
  }
}

}  // namespace eksa::vsphere::vim
