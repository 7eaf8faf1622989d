// SOAP 1.1 envelopes for vim25 calls (and vCenter's other SOAP endpoints, e.g. SPBM at /pbm).
#pragma once

#include <string>
#include <string_view>

namespace eksa::vsphere::soap {

// The default SOAPAction header value: vim25 API 6.5, the oldest release EKS-A supports (vCenter
// answers a newer client version with the same wire format for the methods eksa uses; the
// simulator ignores SOAPAction). Configure "urn:vim25/7.0" etc. through soap::ClientOptions.
inline constexpr std::string_view kDefaultSoapAction = "urn:vim25/6.5";

// The full request document:
//   <?xml version="1.0" encoding="UTF-8"?>
//   <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
//       xmlns:xsd="http://www.w3.org/2001/XMLSchema"
//       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
//   <soapenv:Body><METHOD xmlns="urn:vim25">BODY</METHOD></soapenv:Body></soapenv:Envelope>
// `method` must be an XML name (vim25 method names are); `body_xml` is inserted verbatim and must
// be well-formed content (XmlWriter output).
std::string BuildEnvelope(std::string_view method, std::string_view body_xml);

// The same for another SOAP endpoint of vCenter: the method element in namespace `xml_namespace`
// ("urn:pbm" for SPBM), and, when `header_xml` is not empty, a
// `<soapenv:Header>HEADER</soapenv:Header>` before the Body (`header_xml` verbatim, well-formed;
// e.g. "<vcSessionCookie>…</vcSessionCookie>"). With "urn:vim25" and no header it is byte for
// byte the two-argument form.
std::string BuildEnvelope(std::string_view method, std::string_view body_xml,
                          std::string_view xml_namespace, std::string_view header_xml);

}  // namespace eksa::vsphere::soap
