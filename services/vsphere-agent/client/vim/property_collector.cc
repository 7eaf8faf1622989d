#include "services/vsphere-agent/client/vim/property_collector.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"

namespace eksa::vsphere::vim {

std::string RetrievePropertiesExBody(const soap::MoRef& collector, const PropertyFilterSpec& spec,
                                     int max_objects) {
  soap::XmlWriter w;
  w.This(collector);
  WritePropertyFilterSpec(w, "specSet", spec);
  w.Open("options");
  if (max_objects > 0) w.Element("maxObjects", max_objects);
  w.Close();
  return std::move(w).Finish();
}

std::string ContinueRetrievePropertiesExBody(const soap::MoRef& collector,
                                             const std::string& token) {
  soap::XmlWriter w;
  w.This(collector).Element("token", token);
  return std::move(w).Finish();
}

PropertyCollector::PropertyCollector(soap::Caller& caller, soap::MoRef collector)
    : caller_(caller), collector_(std::move(collector)) {}

absl::StatusOr<ObjectContents> PropertyCollector::Retrieve(const PropertyFilterSpec& spec,
                                                           int max_objects,
                                                           const soap::CallOptions& options) const {
  ObjectContents all;
  absl::StatusOr<soap::Response> response = caller_.Call(
      "RetrievePropertiesEx", RetrievePropertiesExBody(collector_, spec, max_objects), options);
  for (int page = 1;; ++page) {
    if (!response.ok()) return response.status();
    absl::StatusOr<RetrieveResult> result = ParseRetrieveResult(response->returnval());
    // Read apart from the objects: a page that fails to decode still has to be cancelled.
    std::string token(soap::ChildText(response->returnval(), "token"));
    absl::Status failure = result.status();
    if (failure.ok() && !token.empty() && page >= kMaxPages) {
      failure = absl::InternalError(
          absl::StrCat("RetrievePropertiesEx: still paging after ", kMaxPages, " pages"));
    }
    if (!failure.ok()) {
      if (!token.empty()) {
        (void)caller_.Call("CancelRetrievePropertiesEx",
                           ContinueRetrievePropertiesExBody(collector_, token), options);
      }
      return failure;
    }
    all.Add(*std::move(response), std::move(result->objects));
    if (token.empty()) return all;
    response = caller_.Call("ContinueRetrievePropertiesEx",
                            ContinueRetrievePropertiesExBody(collector_, token), options);
  }
}

absl::StatusOr<ObjectContents> PropertyCollector::RetrieveOne(
    const soap::MoRef& obj, std::vector<std::string> paths,
    const soap::CallOptions& options) const {
  absl::StatusOr<ObjectContents> contents =
      Retrieve(SingleObjectSpec(obj, std::move(paths)), kDefaultMaxObjects, options);
  if (!contents.ok()) return contents.status();
  const ObjectContent* content = contents->Find(obj);
  if (content == nullptr) {
    return absl::NotFoundError(absl::StrCat(obj.ToString(), " not found"));
  }
  if (absl::Status s = content->MissingStatus(); !s.ok()) return s;
  return contents;
}

}  // namespace eksa::vsphere::vim
