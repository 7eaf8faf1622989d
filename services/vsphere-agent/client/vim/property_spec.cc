#include "services/vsphere-agent/client/vim/property_spec.h"

#include <utility>

namespace eksa::vsphere::vim {
namespace {

void WriteSelection(soap::XmlWriter& w, const SelectionSpec& s) {
  if (s.type.empty()) {  // a reference to a named TraversalSpec
    w.Open("selectSet").Element("name", s.name).Close();
    return;
  }
  w.Open("selectSet", "TraversalSpec");
  if (!s.name.empty()) w.Element("name", s.name);
  w.Element("type", s.type).Element("path", s.path).Element("skip", s.skip);
  for (const SelectionSpec& child : s.select_set) WriteSelection(w, child);
  w.Close();
}

}  // namespace

SelectionSpec TraverseFolderChildren() {
  return {.name = "folderChildren", .type = "Folder", .path = "childEntity"};
}

SelectionSpec TraverseParents() {
  return {.name = "traverseParent",
          .type = "ManagedEntity",
          .path = "parent",
          .select_set = {{.name = "traverseParent"}}};
}

void WritePropertyFilterSpec(soap::XmlWriter& w, std::string_view element,
                             const PropertyFilterSpec& spec) {
  w.Open(element);
  for (const PropertySpec& p : spec.prop_set) {
    w.Open("propSet").Element("type", p.type);
    for (const std::string& path : p.paths) w.Element("pathSet", path);
    w.Close();
  }
  for (const ObjectSpec& o : spec.object_set) {
    w.Open("objectSet").Ref("obj", o.obj).Element("skip", o.skip);
    for (const SelectionSpec& s : o.select_set) WriteSelection(w, s);
    w.Close();
  }
  w.Close();
}

PropertyFilterSpec SingleObjectSpec(const soap::MoRef& obj, std::vector<std::string> paths) {
  return {.prop_set = {{.type = obj.type, .paths = std::move(paths)}},
          .object_set = {{.obj = obj}}};
}

}  // namespace eksa::vsphere::vim
