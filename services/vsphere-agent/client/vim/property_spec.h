// PropertyFilterSpec values and their XML, for RetrievePropertiesEx and CreateFilter.
//
// Explicit property lists only (PropertySpec.all is never sent): a vCenter answers `all` with
// every property of every object, which is slow and version-dependent.
//
//   PropertyFilterSpec spec{
//       .prop_set = {{.type = "VirtualMachine", .paths = {"name", "runtime.powerState"}}},
//       .object_set = {{.obj = folder, .skip = true, .select_set = {TraverseFolderChildren()}}}};
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"

namespace eksa::vsphere::vim {

// Which properties to collect from objects of one type (vim.PropertySpec).
struct PropertySpec {
  std::string type;                // managed object type, e.g. "VirtualMachine", "ManagedEntity"
  std::vector<std::string> paths;  // property paths, e.g. "summary.runtime.powerState"
};

// A TraversalSpec (type and path set) or, with only `name` set, a SelectionSpec that refers back
// to a named TraversalSpec (how recursive traversals are written).
struct SelectionSpec {
  std::string name;
  std::string type;  // empty: a reference by name
  std::string path;
  bool skip = false;
  std::vector<SelectionSpec> select_set;
};

// Where collection starts (vim.ObjectSpec).
struct ObjectSpec {
  soap::MoRef obj;
  bool skip = false;  // true: collect nothing from `obj` itself, only from what it leads to
  std::vector<SelectionSpec> select_set;
};

struct PropertyFilterSpec {
  std::vector<PropertySpec> prop_set;
  std::vector<ObjectSpec> object_set;
};

// Folder.childEntity, one level (the objects directly in a folder).
SelectionSpec TraverseFolderChildren();
// ManagedEntity.parent, recursively up to the root folder (an object's ancestors).
SelectionSpec TraverseParents();

// Writes `spec` as element `element` ("specSet" in RetrievePropertiesEx, "spec" in CreateFilter).
void WritePropertyFilterSpec(soap::XmlWriter& w, std::string_view element,
                             const PropertyFilterSpec& spec);

// A spec for `paths` of the single object `obj` (obj.type is the PropertySpec type).
PropertyFilterSpec SingleObjectSpec(const soap::MoRef& obj, std::vector<std::string> paths);

}  // namespace eksa::vsphere::vim
