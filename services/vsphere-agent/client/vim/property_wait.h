// WaitForProperties: watch some properties of one object until a condition holds, within a
// deadline (govmomi's property.Wait, with eksa's deadline and clock).
//
//   absl::Status s = WaitForProperties(caller, sc.property_collector, vm, {"guest.ipAddress"},
//       {.deadline = deadline}, [&](const PropertyValues& v) -> absl::StatusOr<bool> {
//         return v.count("guest.ipAddress") > 0;
//       });
//
// Each round is one WaitForUpdatesEx on a PropertyWatch; the condition sees the accumulated
// current value of every watched path (a path whose value was unset or removed is absent). The
// first round always reports every path (kind=enter), so an already-true condition returns after
// one call.
#pragma once

#include <functional>
#include <map>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/common/clock.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/soap/moref.h"

namespace eksa::vsphere::vim {

// Current values by property path (nodes valid during the condition call only).
using PropertyValues = std::map<std::string, pugi::xml_node>;

struct PropertyWaitOptions {
  absl::Time deadline = absl::InfiniteFuture();
  Clock* clock = nullptr;  // nullptr: Clock::Real()
  // Cap of one WaitForUpdatesEx (tests shorten it); PropertyWatch::kMaxWaitPerCall at most.
  absl::Duration max_wait_per_call = absl::Seconds(60);
  // Optional cancellation (a gRPC call cancelled by its client): checked between rounds and
  // passed to the transport; kCancelled when it returns true.
  std::function<bool()> cancelled;
};

// Returns OK once `done` returns true; `done`'s error is returned as is. Errors:
// kDeadlineExceeded ("waiting for <paths> of <obj>: deadline exceeded") when the deadline passes
// first; kNotFound when the object leaves (is deleted) or does not exist; a missing property's
// fault status; kCancelled; the calls' errors. The dedicated collector is always destroyed.
[[nodiscard]] absl::Status WaitForProperties(
    soap::Caller& caller, const soap::MoRef& service_collector, const soap::MoRef& obj,
    const std::vector<std::string>& paths, const PropertyWaitOptions& options,
    const std::function<absl::StatusOr<bool>(const PropertyValues&)>& done);

}  // namespace eksa::vsphere::vim
