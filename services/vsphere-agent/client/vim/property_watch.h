// PropertyWatch: WaitForUpdatesEx on a property collector of its own.
//
// Create() makes a dedicated collector (CreatePropertyCollector) and one filter on it
// (CreateFilter, partialUpdates=false), so concurrent watches on one session never see each
// other's updates. Next() is one WaitForUpdatesEx that sends the version of the previous answer
// (version chaining: each call returns only what changed since) and waits at most `max_wait` on
// the server; nullopt means it timed out with no change (the response had no returnval). A
// truncated answer is followed at once by another call. Close() (or the destructor, best effort)
// destroys the collector, and with it the filter.
//
// Not thread-safe: one waiter per watch.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/soap/response.h"
#include "services/vsphere-agent/client/vim/property_spec.h"
#include "services/vsphere-agent/client/vim/update_set.h"

namespace eksa::vsphere::vim {

// Request bodies, exposed for tests. `max_wait_seconds` < 0 omits maxWaitSeconds (wait forever).
std::string CreateFilterBody(const soap::MoRef& collector, const PropertyFilterSpec& spec,
                             bool partial_updates);
std::string WaitForUpdatesExBody(const soap::MoRef& collector, const std::string& version,
                                 int max_wait_seconds);

// The update sets of one Next() call and the responses their nodes point into.
struct Updates {
  std::vector<std::shared_ptr<const soap::Response>> responses;
  std::vector<UpdateSet> sets;
};

class PropertyWatch {
 public:
  // The longest single WaitForUpdatesEx; longer waits are several calls (keeps each HTTP call
  // well inside proxies' idle timeouts).
  static constexpr absl::Duration kMaxWaitPerCall = absl::Seconds(60);

  // `service_collector`: ServiceContent.propertyCollector. Errors: the calls'.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<PropertyWatch>> Create(
      soap::Caller& caller, const soap::MoRef& service_collector, const PropertyFilterSpec& spec);

  PropertyWatch(const PropertyWatch&) = delete;
  PropertyWatch& operator=(const PropertyWatch&) = delete;
  ~PropertyWatch();

  // One WaitForUpdatesEx with maxWaitSeconds = ceil(min(max_wait, kMaxWaitPerCall)) (0 polls:
  // the server answers at once). The HTTP call's timeout is that wait plus 30 s unless
  // `options.timeout` is set. nullopt: no change before the wait ended.
  [[nodiscard]] absl::StatusOr<std::optional<Updates>> Next(absl::Duration max_wait,
                                                            const soap::CallOptions& options = {});

  // Destroys the collector. Idempotent.
  absl::Status Close();

  // The version the next call sends ("" before the first answer).
  const std::string& version() const { return version_; }
  const soap::MoRef& collector() const { return collector_; }
  const soap::MoRef& filter() const { return filter_; }

 private:
  PropertyWatch(soap::Caller& caller, soap::MoRef collector)
      : caller_(caller), collector_(std::move(collector)) {}

  soap::Caller& caller_;
  soap::MoRef collector_;
  soap::MoRef filter_;
  std::string version_;
  bool closed_ = false;
};

}  // namespace eksa::vsphere::vim
