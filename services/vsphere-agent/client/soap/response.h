// A decoded SOAP response (vim25, or another vCenter endpoint's namespace such as urn:pbm): the
// parsed document and its <MethodResponse> element.
#pragma once

#include <memory>
#include <pugixml.hpp>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/soap/xml.h"

namespace eksa::vsphere::soap {

class Response {
 public:
  // Parses a successful (HTTP 200) response to `method`: Envelope/Body/<method>Response, all
  // matched by namespace URI (the response element in `xml_namespace`). kInternal ("malformed
  // SOAP response to M: …") when the XML does not parse or has no such element; a Fault in the
  // body decodes to its status (fault.h) instead.
  [[nodiscard]] static absl::StatusOr<Response> Parse(std::string_view xml, std::string_view method,
                                                      std::string_view xml_namespace = kVim25Ns);

  Response(Response&&) = default;
  Response& operator=(Response&&) = default;

  // The <METHODResponse> element.
  pugi::xml_node body() const { return body_; }
  // Its first <returnval> child; a null node when absent (e.g. FindByInventoryPath found
  // nothing, or a method returning void).
  pugi::xml_node returnval() const;
  // Every <returnval> child (methods returning arrays repeat it).
  std::vector<pugi::xml_node> returnvals() const;

 private:
  Response(std::unique_ptr<pugi::xml_document> doc, pugi::xml_node body)
      : doc_(std::move(doc)), body_(body) {}

  std::unique_ptr<pugi::xml_document> doc_;  // owns the nodes below
  pugi::xml_node body_;
};

// Decodes an HTTP answer to a SOAP call of `method` sent to `context` ("POST https://host/sdk"):
//  - 200 → Response::Parse (the response element in `xml_namespace`);
//  - a body holding a soapenv:Fault (vCenter uses 500) → FaultToStatus(the fault);
//  - anything else → transport::HttpStatusToStatus (a proxy's 503 is kUnavailable).
[[nodiscard]] absl::StatusOr<Response> DecodeResponse(int http_status, std::string_view body,
                                                      std::string_view method,
                                                      std::string_view context,
                                                      std::string_view xml_namespace = kVim25Ns);

}  // namespace eksa::vsphere::soap
