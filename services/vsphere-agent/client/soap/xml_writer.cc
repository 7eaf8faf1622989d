#include "services/vsphere-agent/client/soap/xml_writer.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace eksa::vsphere::soap {

std::string EscapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\t':
        out += "&#9;";  // kept as a tab in attribute values too
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";  // a literal CR would be normalised away by the parser
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          if (c == 0x7F) {
            out.push_back(ch);  // DEL is legal XML 1.0
          } else {
            out += "\xEF\xBF\xBD";  // U+FFFD: not representable in XML 1.0
          }
        } else {
          out.push_back(ch);
        }
    }
  }
  return out;
}

XmlWriter& XmlWriter::This(const ManagedObjectReference& ref) { return Ref("_this", ref); }

XmlWriter& XmlWriter::Ref(std::string_view name, const ManagedObjectReference& ref) {
  absl::StrAppend(&out_, "<", std::string(name), " type=\"", EscapeXml(ref.type), "\">",
                  EscapeXml(ref.value), "</", std::string(name), ">");
  return *this;
}

XmlWriter& XmlWriter::Element(std::string_view name, std::string_view text) {
  absl::StrAppend(&out_, "<", std::string(name), ">", EscapeXml(text), "</", std::string(name),
                  ">");
  return *this;
}

XmlWriter& XmlWriter::Element(std::string_view name, bool value) {
  return Element(name, value ? std::string_view("true") : std::string_view("false"));
}

XmlWriter& XmlWriter::Element(std::string_view name, int64_t value) {
  return Element(name, std::string_view(absl::StrCat(value)));
}

XmlWriter& XmlWriter::TypedElement(std::string_view name, std::string_view xsi_type,
                                   std::string_view text) {
  absl::StrAppend(&out_, "<", std::string(name), " xsi:type=\"", EscapeXml(xsi_type), "\">",
                  EscapeXml(text), "</", std::string(name), ">");
  return *this;
}

XmlWriter& XmlWriter::Open(std::string_view name, std::string_view xsi_type) {
  absl::StrAppend(&out_, "<", std::string(name));
  if (!xsi_type.empty()) absl::StrAppend(&out_, " xsi:type=\"", EscapeXml(xsi_type), "\"");
  out_ += ">";
  open_.emplace_back(name);
  return *this;
}

XmlWriter& XmlWriter::Close() {
  if (!open_.empty()) {
    absl::StrAppend(&out_, "</", open_.back(), ">");
    open_.pop_back();
  }
  return *this;
}

XmlWriter& XmlWriter::Raw(std::string_view xml) {
  out_.append(xml);
  return *this;
}

std::string XmlWriter::Finish() && {
  while (!open_.empty()) Close();
  return std::move(out_);
}

}  // namespace eksa::vsphere::soap
