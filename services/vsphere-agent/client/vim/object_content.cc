#include "services/vsphere-agent/client/vim/object_content.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/soap/xml.h"

namespace eksa::vsphere::vim {

pugi::xml_node ObjectContent::Get(std::string_view path) const {
  for (const auto& [name, val] : props) {
    if (name == path) return val;
  }
  return {};
}

absl::Status ObjectContent::MissingStatus() const {
  if (missing.empty()) return absl::OkStatus();
  const MissingProperty& m = missing.front();
  return Annotate(m.status, absl::StrCat("reading ", m.path, " of ", obj.ToString()));
}

absl::StatusOr<std::vector<MissingProperty>> ParseMissingSet(pugi::xml_node parent) {
  std::vector<MissingProperty> out;
  for (pugi::xml_node m : soap::Children(parent, "missingSet")) {
    absl::StatusOr<soap::Fault> fault = soap::ParseLocalizedMethodFault(soap::Child(m, "fault"));
    if (!fault.ok()) return fault.status();
    out.push_back({std::string(soap::ChildText(m, "path")), soap::FaultToStatus(*fault)});
  }
  return out;
}

absl::StatusOr<ObjectContent> ParseObjectContent(pugi::xml_node objects) {
  ObjectContent content;
  absl::StatusOr<soap::MoRef> obj = soap::ParseMoRef(soap::Child(objects, "obj"));
  if (!obj.ok()) return obj.status();
  content.obj = *std::move(obj);
  for (pugi::xml_node p : soap::Children(objects, "propSet")) {
    pugi::xml_node name = soap::Child(p, "name");
    if (!name) return absl::InternalError("decoding propSet: no name");
    content.props.emplace_back(std::string(soap::Text(name)), soap::Child(p, "val"));
  }
  absl::StatusOr<std::vector<MissingProperty>> missing = ParseMissingSet(objects);
  if (!missing.ok()) return missing.status();
  content.missing = *std::move(missing);
  return content;
}

absl::StatusOr<RetrieveResult> ParseRetrieveResult(pugi::xml_node returnval) {
  RetrieveResult result;
  if (!returnval) return result;
  for (pugi::xml_node o : soap::Children(returnval, "objects")) {
    absl::StatusOr<ObjectContent> content = ParseObjectContent(o);
    if (!content.ok()) return content.status();
    result.objects.push_back(*std::move(content));
  }
  return result;
}

void ObjectContents::Add(soap::Response response, std::vector<ObjectContent> objects) {
  responses_.push_back(std::make_unique<soap::Response>(std::move(response)));
  for (ObjectContent& o : objects) objects_.push_back(std::move(o));
}

const ObjectContent* ObjectContents::Find(const soap::MoRef& obj) const {
  for (const ObjectContent& o : objects_) {
    if (o.obj == obj) return &o;
  }
  return nullptr;
}

}  // namespace eksa::vsphere::vim
