// PropertyCollector reads: RetrievePropertiesEx with paging through ContinueRetrievePropertiesEx.
//
//   PropertyCollector pc(session, session.service_content().property_collector);
//   absl::StatusOr<ObjectContents> vm = pc.RetrieveOne(vm_ref, {"name", "runtime.powerState"});
//   DecodeString(vm->objects()[0].Get("runtime.powerState"));
//
// Thread-safe (stateless; calls go through the caller).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/vim/object_content.h"
#include "services/vsphere-agent/client/vim/property_spec.h"

namespace eksa::vsphere::vim {

// Request bodies (the method element's children), exposed for tests.
std::string RetrievePropertiesExBody(const soap::MoRef& collector, const PropertyFilterSpec& spec,
                                     int max_objects);
// Also CancelRetrievePropertiesEx's body (the same <_this> + <token>).
std::string ContinueRetrievePropertiesExBody(const soap::MoRef& collector,
                                             const std::string& token);

class PropertyCollector {
 public:
  // Pages larger than this are never asked for; vCenter may still send smaller ones.
  static constexpr int kDefaultMaxObjects = 500;
  // A retrieval that is still returning tokens after this many pages is abandoned (kInternal):
  // protection against a server that never ends a result.
  static constexpr int kMaxPages = 10000;

  // `collector`: ServiceContent.propertyCollector (or a collector made for the caller).
  PropertyCollector(soap::Caller& caller, soap::MoRef collector);

  // Every object `spec` selects, across pages: RetrievePropertiesEx(maxObjects = `max_objects`)
  // then ContinueRetrievePropertiesEx(token) until the token is empty. An error in the middle
  // cancels the retrieval on the server (CancelRetrievePropertiesEx, best effort). Errors: the
  // call's (a ManagedObjectNotFound start object is kNotFound), kInternal for malformed results.
  [[nodiscard]] absl::StatusOr<ObjectContents> Retrieve(
      const PropertyFilterSpec& spec, int max_objects = kDefaultMaxObjects,
      const soap::CallOptions& options = {}) const;

  // `paths` of the one object `obj`. kNotFound ("<type>:<moid> not found") when the server
  // returns no content for it; a property that could not be read (missingSet) fails the call
  // with the fault's status (e.g. kUnauthenticated, kPermissionDenied), annotated with the path.
  // Unset properties are simply absent from the result.
  [[nodiscard]] absl::StatusOr<ObjectContents> RetrieveOne(
      const soap::MoRef& obj, std::vector<std::string> paths,
      const soap::CallOptions& options = {}) const;

  const soap::MoRef& ref() const { return collector_; }

 private:
  soap::Caller& caller_;
  soap::MoRef collector_;
};

}  // namespace eksa::vsphere::vim
