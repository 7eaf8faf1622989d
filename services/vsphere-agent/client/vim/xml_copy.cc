#include "services/vsphere-agent/client/vim/xml_copy.h"

#include <string>

#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/soap/xml.h"

namespace eksa::vsphere::vim {
namespace {

// The xsi type of `node` as a request writes it: "xsd:string" for XML Schema types, the bare
// name for vim25 types; "" when the node has none.
std::string RequestXsiType(pugi::xml_node node) {
  for (pugi::xml_attribute a : node.attributes()) {
    std::string_view name = a.name();
    size_t colon = name.find(':');
    if (colon == std::string_view::npos || name.substr(colon + 1) != "type") continue;
    if (soap::LookupNamespace(node, name.substr(0, colon)) != soap::kXsiNs) continue;
    std::string_view value = a.value();
    size_t vcolon = value.find(':');
    if (vcolon == std::string_view::npos) return std::string(value);
    std::string_view uri = soap::LookupNamespace(node, value.substr(0, vcolon));
    std::string local(value.substr(vcolon + 1));
    return uri == soap::kXsdNs ? "xsd:" + local : local;
  }
  return "";
}

bool HasElementChildren(pugi::xml_node node) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element) return true;
  }
  return false;
}

}  // namespace

void CopyElement(soap::XmlWriter& w, pugi::xml_node node, std::string_view name,
                 std::string_view xsi_type) {
  std::string element(name.empty() ? soap::LocalName(node) : name);
  std::string type = xsi_type.empty() ? RequestXsiType(node) : std::string(xsi_type);
  if (HasElementChildren(node)) {
    w.Open(element, type);
    for (pugi::xml_node c : node.children()) {
      if (c.type() == pugi::node_element) CopyElement(w, c);
    }
    w.Close();
    return;
  }
  if (pugi::xml_attribute ref_type = node.attribute("type"); ref_type && type.empty()) {
    w.Ref(element, soap::MoRef{ref_type.value(), std::string(soap::Text(node))});
  } else if (!type.empty()) {
    w.TypedElement(element, type, soap::Text(node));
  } else {
    w.Element(element, soap::Text(node));
  }
}

std::string CopyElementToString(pugi::xml_node node, std::string_view name,
                                std::string_view xsi_type) {
  soap::XmlWriter w;
  CopyElement(w, node, name, xsi_type);
  return std::move(w).Finish();
}

}  // namespace eksa::vsphere::vim
