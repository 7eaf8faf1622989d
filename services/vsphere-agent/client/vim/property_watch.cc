#include "services/vsphere-agent/client/vim/property_watch.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "libs/common/status.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"

namespace eksa::vsphere::vim {
namespace {

std::string ThisOnly(const soap::MoRef& ref) {
  soap::XmlWriter w;
  w.This(ref);
  return std::move(w).Finish();
}

// A server answering `truncated` forever would keep Next() busy: cap the follow-up calls.
constexpr int kMaxTruncatedFollowUps = 100;

}  // namespace

std::string CreateFilterBody(const soap::MoRef& collector, const PropertyFilterSpec& spec,
                             bool partial_updates) {
  soap::XmlWriter w;
  w.This(collector);
  WritePropertyFilterSpec(w, "spec", spec);
  w.Element("partialUpdates", partial_updates);
  return std::move(w).Finish();
}

std::string WaitForUpdatesExBody(const soap::MoRef& collector, const std::string& version,
                                 int max_wait_seconds) {
  soap::XmlWriter w;
  w.This(collector).Element("version", version);
  if (max_wait_seconds >= 0) {
    w.Open("options").Element("maxWaitSeconds", max_wait_seconds).Close();
  }
  return std::move(w).Finish();
}

absl::StatusOr<std::unique_ptr<PropertyWatch>> PropertyWatch::Create(
    soap::Caller& caller, const soap::MoRef& service_collector, const PropertyFilterSpec& spec) {
  absl::StatusOr<soap::Response> created =
      caller.Call("CreatePropertyCollector", ThisOnly(service_collector));
  if (!created.ok()) return created.status();
  absl::StatusOr<soap::MoRef> collector = soap::ParseMoRef(created->returnval());
  if (!collector.ok()) return collector.status();
  std::unique_ptr<PropertyWatch> watch(new PropertyWatch(caller, *std::move(collector)));
  absl::StatusOr<soap::Response> filter =
      caller.Call("CreateFilter", CreateFilterBody(watch->collector_, spec, false));
  if (!filter.ok()) return filter.status();  // the destructor destroys the collector
  absl::StatusOr<soap::MoRef> filter_ref = soap::ParseMoRef(filter->returnval());
  if (!filter_ref.ok()) return filter_ref.status();
  watch->filter_ = *std::move(filter_ref);
  return watch;
}

PropertyWatch::~PropertyWatch() { (void)Close(); }

absl::Status PropertyWatch::Close() {
  if (closed_) return absl::OkStatus();
  closed_ = true;
  return caller_.Call("DestroyPropertyCollector", ThisOnly(collector_)).status();
}

absl::StatusOr<std::optional<Updates>> PropertyWatch::Next(absl::Duration max_wait,
                                                           const soap::CallOptions& options) {
  absl::Duration wait = std::clamp(max_wait, absl::ZeroDuration(), kMaxWaitPerCall);
  int seconds = static_cast<int>(std::ceil(absl::ToDoubleSeconds(wait)));
  soap::CallOptions call_options = options;
  if (call_options.timeout == absl::ZeroDuration()) {
    call_options.timeout = absl::Seconds(seconds) + absl::Seconds(30);
  }
  Updates updates;
  for (int i = 0; i <= kMaxTruncatedFollowUps; ++i) {
    absl::StatusOr<soap::Response> response = caller_.Call(
        "WaitForUpdatesEx", WaitForUpdatesExBody(collector_, version_, seconds), call_options);
    if (!response.ok()) return response.status();
    auto shared = std::make_shared<const soap::Response>(*std::move(response));
    absl::StatusOr<std::optional<UpdateSet>> set = ParseUpdateSet(shared->returnval());
    if (!set.ok()) return set.status();
    if (!set->has_value()) break;  // timed out: nothing (more) changed
    version_ = (*set)->version;
    bool truncated = (*set)->truncated;
    updates.responses.push_back(std::move(shared));
    updates.sets.push_back(**std::move(set));
    if (!truncated) break;
    seconds = 0;  // the rest is already there
  }
  if (updates.sets.empty()) return std::nullopt;
  return std::optional<Updates>(std::move(updates));
}

}  // namespace eksa::vsphere::vim
