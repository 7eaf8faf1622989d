// Copying a data object read from vCenter back into a request (a device to edit, the importSpec
// that CreateImportSpec returned and ImportVApp takes).
//
// Responses and requests bind prefixes differently (the simulator types values with
// `XMLSchema-instance:type="xsd:string"`, a request envelope declares `xsi` and `xsd`), so the
// subtree is re-written rather than pasted: element names lose their prefix (the method element
// makes urn:vim25 the default namespace), an xsi type attribute becomes `xsi:type` with its value's
// prefix mapped by namespace URI (XML Schema types → "xsd:", vim25 types unprefixed), the plain
// `type` attribute of MoRefs is kept, and namespace declarations are dropped.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "services/vsphere-agent/client/soap/xml_writer.h"

namespace eksa::vsphere::vim {

// Appends `node` and its subtree to `w`, named `name` (empty: the node's local name), with
// `xsi_type` as its type when not empty (otherwise the node's own xsi type, if any).
void CopyElement(soap::XmlWriter& w, pugi::xml_node node, std::string_view name = {},
                 std::string_view xsi_type = {});

// The same as a string (for tests and for splicing into XmlWriter::Raw).
std::string CopyElementToString(pugi::xml_node node, std::string_view name = {},
                                std::string_view xsi_type = {});

}  // namespace eksa::vsphere::vim
