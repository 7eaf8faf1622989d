// Building the XML of SOAP method bodies: escaping and a small element writer.
//
// The writer produces the *children* of a method element; soap::Client wraps them in
// `<Method xmlns="urn:vim25">…</Method>` inside an envelope that declares the `xsi` and `xsd`
// prefixes (envelope.h), so typed values can say `xsi:type="xsd:string"`.
//
//   XmlWriter w;
//   w.This(vm)                                       // <_this type="VirtualMachine">vm-63</_this>
//    .Ref("folder", folder)                          // <folder type="Folder">group-v3</folder>
//    .Element("name", "web-0")                       // <name>web-0</name>
//    .Open("spec")
//      .Open("config")
//        .Open("extraConfig")
//          .Element("key", "guestinfo.userdata")
//          .TypedElement("value", "xsd:string", b64)  // <value xsi:type="xsd:string">…</value>
//        .Close()
//      .Close()
//      .Element("powerOn", false)
//    .Close();
//   client.Call("CloneVM_Task", w.str());
//
// Not thread-safe (a value built by one thread).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "services/vsphere-agent/client/soap/moref.h"

namespace eksa::vsphere::soap {

// Escapes text for element content and attribute values: & < > " ' become entities. Bytes are
// otherwise copied (the input must be UTF-8; control characters other than tab, CR, LF are not
// representable in XML 1.0 and are replaced by U+FFFD).
std::string EscapeXml(std::string_view text);

class XmlWriter {
 public:
  // <_this type="T">value</_this>: the first child of every method element.
  XmlWriter& This(const ManagedObjectReference& ref);
  // <name type="T">value</name>: a MoRef-valued field.
  XmlWriter& Ref(std::string_view name, const ManagedObjectReference& ref);
  // <name>text</name> (escaped); Element(name, true) → "true"; integers in decimal.
  XmlWriter& Element(std::string_view name, std::string_view text);
  XmlWriter& Element(std::string_view name, const char* text) {
    return Element(name, std::string_view(text));
  }
  XmlWriter& Element(std::string_view name, bool value);
  XmlWriter& Element(std::string_view name, int64_t value);
  XmlWriter& Element(std::string_view name, int value) {
    return Element(name, static_cast<int64_t>(value));
  }
  // <name xsi:type="type">text</name>: a value of an xsd:anyType field (OptionValue.value) or a
  // subtype (e.g. "VirtualMachineRelocateSpec"); pass the prefixed xsd types as "xsd:string".
  XmlWriter& TypedElement(std::string_view name, std::string_view xsi_type, std::string_view text);
  // Opens <name> (or <name xsi:type="type"> when `xsi_type` is not empty); Close() ends it.
  XmlWriter& Open(std::string_view name, std::string_view xsi_type = {});
  XmlWriter& Close();
  // Appends an already well-formed fragment verbatim (no escaping).
  XmlWriter& Raw(std::string_view xml);

  // Number of elements opened and not yet closed.
  int depth() const { return static_cast<int>(open_.size()); }
  // The XML so far; elements still open are not closed.
  const std::string& str() const { return out_; }
  // Closes every open element and returns the XML.
  std::string Finish() &&;

 private:
  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace eksa::vsphere::soap
