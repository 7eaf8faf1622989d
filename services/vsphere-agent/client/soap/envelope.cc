#include "services/vsphere-agent/client/soap/envelope.h"

#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"
#include "services/vsphere-agent/client/soap/xml.h"

namespace eksa::vsphere::soap {

std::string BuildEnvelope(std::string_view method, std::string_view body_xml) {
  return BuildEnvelope(method, body_xml, kVim25Ns, {});
}

std::string BuildEnvelope(std::string_view method, std::string_view body_xml,
                          std::string_view xml_namespace, std::string_view header_xml) {
  const absl::string_view m = AbslView(method);
  return absl::StrCat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
      " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
      " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
      header_xml.empty() ? "" : "<soapenv:Header>", AbslView(header_xml),
      header_xml.empty() ? "" : "</soapenv:Header>", "<soapenv:Body><", m, " xmlns=\"",
      AbslView(xml_namespace), "\">", AbslView(body_xml), "</", m,
      "></soapenv:Body></soapenv:Envelope>");
}

}  // namespace eksa::vsphere::soap
