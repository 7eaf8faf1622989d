// Decoded RetrievePropertiesEx results: vim.RetrieveResult → ObjectContent (obj, propSet,
// missingSet).
//
// Values stay pugixml nodes, decoded by the caller with values.h and the typed decoders
// (task_info.h, lease_info.h, ...), so a property is only decoded if it is read. The nodes point
// into the SOAP response: ObjectContents keeps the responses alive with them.
#pragma once

#include <memory>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/soap/response.h"

namespace eksa::vsphere::vim {

// A property that could not be read (vim.MissingProperty): its path and the fault as a status
// (soap::FaultToStatus; e.g. NotAuthenticated → kUnauthenticated, NoPermission →
// kPermissionDenied).
struct MissingProperty {
  std::string path;
  absl::Status status;
};

// One object's properties. A property that is unset on the server (e.g. guest.ipAddress before
// VMware Tools report) is simply absent from `props`.
struct ObjectContent {
  soap::MoRef obj;
  std::vector<std::pair<std::string, pugi::xml_node>> props;  // (path, <val>)
  std::vector<MissingProperty> missing;

  // The <val> of property `path`, or a null node when absent.
  pugi::xml_node Get(std::string_view path) const;
  // OK, or the status of the first missing property (annotated with its path and object).
  absl::Status MissingStatus() const;
};

// vim.RetrieveResult: a page of objects (its paging token is read by PropertyCollector).
struct RetrieveResult {
  std::vector<ObjectContent> objects;
};

// Decodes a RetrieveResult element (RetrievePropertiesExResponse/returnval). A null node (no
// object matched) is an empty result. kInternal for malformed content.
[[nodiscard]] absl::StatusOr<RetrieveResult> ParseRetrieveResult(pugi::xml_node returnval);

// Decodes a vim.ObjectContent element. kInternal for malformed content.
[[nodiscard]] absl::StatusOr<ObjectContent> ParseObjectContent(pugi::xml_node objects);

// Decodes the missingSet children of `parent` (ObjectContent or ObjectUpdate).
[[nodiscard]] absl::StatusOr<std::vector<MissingProperty>> ParseMissingSet(pugi::xml_node parent);

// Every object of a (possibly paged) retrieval, owning the SOAP responses its nodes point into.
// Move-only.
class ObjectContents {
 public:
  ObjectContents() = default;
  ObjectContents(ObjectContents&&) = default;
  ObjectContents& operator=(ObjectContents&&) = default;

  // Adds a page: keeps `response` alive and appends `objects` (nodes into it).
  void Add(soap::Response response, std::vector<ObjectContent> objects);

  const std::vector<ObjectContent>& objects() const { return objects_; }
  bool empty() const { return objects_.empty(); }
  size_t size() const { return objects_.size(); }
  // The content of `obj`, or nullptr.
  const ObjectContent* Find(const soap::MoRef& obj) const;

 private:
  std::vector<std::unique_ptr<soap::Response>> responses_;
  std::vector<ObjectContent> objects_;
};

}  // namespace eksa::vsphere::vim
