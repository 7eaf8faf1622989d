// Namespace-aware reading of SOAP responses parsed by pugixml.
//
// pugixml does not resolve namespaces, and vCenter and the simulator disagree on prefixes (real
// vCenter writes `xsi:type`, vcsim `XMLSchema-instance:type`, both bound to the same URI). These
// helpers resolve prefixes through the in-scope `xmlns:` declarations, so callers match by URI
// and local name, never by prefix. Inside a vim25 response body every element is in urn:vim25, so
// vim code matches children by local name (Child / Children).
//
// Returned string_views point into the pugixml document: valid while it lives.
#pragma once

#include <pugixml.hpp>
#include <string_view>
#include <vector>

namespace eksa::vsphere::soap {

inline constexpr std::string_view kSoapEnvelopeNs = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr std::string_view kXsiNs = "http://www.w3.org/2001/XMLSchema-instance";
inline constexpr std::string_view kXsdNs = "http://www.w3.org/2001/XMLSchema";
inline constexpr std::string_view kVim25Ns = "urn:vim25";

// The name without its prefix: "soapenv:Body" → "Body".
std::string_view LocalName(pugi::xml_node node);

// The URI bound to `prefix` at `node` (searching `node` and its ancestors; "" prefix = default
// namespace). "xml" is always bound to its standard URI. "" when unbound.
std::string_view LookupNamespace(pugi::xml_node node, std::string_view prefix);

// The namespace URI of an element ("" when none is in scope).
std::string_view NamespaceUri(pugi::xml_node node);

// Whether `node` is an element named `local_name` in namespace `ns`.
bool IsElement(pugi::xml_node node, std::string_view ns, std::string_view local_name);

// The value of the attribute `type` in the XML Schema instance namespace, whatever its prefix,
// with any prefix of the value dropped: `XMLSchema-instance:type="ArrayOfOptionValue"` →
// "ArrayOfOptionValue", `xsi:type="xsd:string"` → "string". "" when absent.
std::string_view XsiType(pugi::xml_node node);

// The first element child whose local name is `local_name` (null node if none).
pugi::xml_node Child(pugi::xml_node parent, std::string_view local_name);

// Every element child whose local name is `local_name`, in document order.
std::vector<pugi::xml_node> Children(pugi::xml_node parent, std::string_view local_name);

// The text content of an element (its first text/CDATA child; "" for none). Entities decoded.
std::string_view Text(pugi::xml_node node);

// The text of child `local_name` ("" when absent): ChildText(about, "apiVersion").
std::string_view ChildText(pugi::xml_node parent, std::string_view local_name);

}  // namespace eksa::vsphere::soap
