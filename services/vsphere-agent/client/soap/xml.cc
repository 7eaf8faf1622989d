#include "services/vsphere-agent/client/soap/xml.h"

#include <cstring>
#include <string>

namespace eksa::vsphere::soap {
namespace {

constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";

std::string_view PrefixOf(std::string_view qname) {
  const size_t colon = qname.find(':');
  return colon == std::string_view::npos ? std::string_view() : qname.substr(0, colon);
}

std::string_view AfterColon(std::string_view qname) {
  const size_t colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

}  // namespace

std::string_view LocalName(pugi::xml_node node) { return AfterColon(node.name()); }

std::string_view LookupNamespace(pugi::xml_node node, std::string_view prefix) {
  if (prefix == "xml") return kXmlNs;
  std::string attr_name = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
    if (pugi::xml_attribute a = n.attribute(attr_name.c_str())) return a.value();
  }
  return {};
}

std::string_view NamespaceUri(pugi::xml_node node) {
  return LookupNamespace(node, PrefixOf(node.name()));
}

bool IsElement(pugi::xml_node node, std::string_view ns, std::string_view local_name) {
  return node.type() == pugi::node_element && LocalName(node) == local_name &&
         NamespaceUri(node) == ns;
}

std::string_view XsiType(pugi::xml_node node) {
  for (pugi::xml_attribute a : node.attributes()) {
    std::string_view name = a.name();
    const std::string_view prefix = PrefixOf(name);
    // An unprefixed attribute is in no namespace, so `type` (a MoRef's) never counts.
    if (prefix.empty() || prefix == "xmlns" || AfterColon(name) != "type") continue;
    if (LookupNamespace(node, prefix) == kXsiNs) return AfterColon(a.value());
  }
  return {};
}

pugi::xml_node Child(pugi::xml_node parent, std::string_view local_name) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c) == local_name) return c;
  }
  return {};
}

std::vector<pugi::xml_node> Children(pugi::xml_node parent, std::string_view local_name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c) == local_name) out.push_back(c);
  }
  return out;
}

std::string_view Text(pugi::xml_node node) { return node.text().get(); }

std::string_view ChildText(pugi::xml_node parent, std::string_view local_name) {
  return Text(Child(parent, local_name));
}

}  // namespace eksa::vsphere::soap
