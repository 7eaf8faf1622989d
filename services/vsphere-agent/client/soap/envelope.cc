#include "services/vsphere-agent/client/soap/envelope.h"

#include "absl/strings/str_cat.h"

namespace eksa::vsphere::soap {

std::string BuildEnvelope(std::string_view method, std::string_view body_xml) {
  const absl::string_view m(method.data(), method.size());
  return absl::StrCat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
      " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
      " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
      "<soapenv:Body><",
      m, " xmlns=\"urn:vim25\">", absl::string_view(body_xml.data(), body_xml.size()), "</", m,
      "></soapenv:Body></soapenv:Envelope>");
}

}  // namespace eksa::vsphere::soap
