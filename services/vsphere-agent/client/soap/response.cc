#include "services/vsphere-agent/client/soap/response.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"
#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/transport/http_status.h"

namespace eksa::vsphere::soap {
namespace {

// Parses `xml` and finds soapenv:Envelope/soapenv:Body.
absl::StatusOr<pugi::xml_node> ParseBody(pugi::xml_document& doc, std::string_view xml) {
  // No DTDs or external entities exist in pugixml; parse_default decodes the predefined and
  // numeric entities only.
  pugi::xml_parse_result parsed =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return absl::InternalError(
        absl::StrCat("XML does not parse: ", parsed.description(), " at offset ", parsed.offset));
  }
  pugi::xml_node envelope = doc.document_element();
  if (!IsElement(envelope, kSoapEnvelopeNs, "Envelope")) {
    return absl::InternalError("no soapenv:Envelope element");
  }
  for (pugi::xml_node c = envelope.first_child(); c; c = c.next_sibling()) {
    if (IsElement(c, kSoapEnvelopeNs, "Body")) return c;
  }
  return absl::InternalError("no soapenv:Body element");
}

// The status of the soapenv:Fault in `body` (FaultToStatus, or why the fault does not decode);
// OK when `body` holds no fault.
absl::Status FaultIn(pugi::xml_node body) {
  for (pugi::xml_node c = body.first_child(); c; c = c.next_sibling()) {
    if (!IsElement(c, kSoapEnvelopeNs, "Fault")) continue;
    absl::StatusOr<Fault> f = ParseSoapFault(c);
    return f.ok() ? FaultToStatus(*f) : f.status();
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Response> Response::Parse(std::string_view xml, std::string_view method,
                                         std::string_view xml_namespace) {
  auto doc = std::make_unique<pugi::xml_document>();
  absl::StatusOr<pugi::xml_node> body = ParseBody(*doc, xml);
  if (!body.ok()) {
    return absl::InternalError(absl::StrCat("malformed SOAP response to ", AbslView(method), ": ",
                                            body.status().message()));
  }
  if (absl::Status fault = FaultIn(*body); !fault.ok()) return fault;
  const std::string want = absl::StrCat(AbslView(method), "Response");
  for (pugi::xml_node c = body->first_child(); c; c = c.next_sibling()) {
    if (IsElement(c, xml_namespace, want)) return Response(std::move(doc), c);
  }
  return absl::InternalError(
      absl::StrCat("malformed SOAP response to ", AbslView(method), ": no ", want, " element"));
}

pugi::xml_node Response::returnval() const { return Child(body_, "returnval"); }

std::vector<pugi::xml_node> Response::returnvals() const { return Children(body_, "returnval"); }

absl::StatusOr<Response> DecodeResponse(int http_status, std::string_view body,
                                        std::string_view method, std::string_view context,
                                        std::string_view xml_namespace) {
  if (http_status == 200) return Response::Parse(body, method, xml_namespace);
  // vCenter answers faults with 500; decode a fault whatever the status, if the body has one.
  pugi::xml_document doc;
  absl::StatusOr<pugi::xml_node> parsed = ParseBody(doc, body);
  if (parsed.ok()) {
    if (absl::Status fault = FaultIn(*parsed); !fault.ok()) return fault;
  }
  absl::Status s = transport::HttpStatusToStatus(http_status, context, body);
  if (s.ok()) {  // 2xx/3xx other than 200: not a SOAP answer
    return absl::InternalError(
        absl::StrCat(AbslView(context), ": unexpected HTTP ", http_status, " to a SOAP call"));
  }
  return s;
}

}  // namespace eksa::vsphere::soap
