#include "services/vsphere-agent/client/pbm/endpoint.h"

#include <utility>

#include "libs/common/status.h"
#include "services/vsphere-agent/client/soap/fault.h"

namespace eksa::vsphere::pbm {

soap::ClientOptions EndpointOptions(std::string_view path) {
  return {.path = std::string(path),
          .soap_action = std::string(kSoapAction),
          .xml_namespace = std::string(kNamespace),
          .cookie_header_element = std::string(kCookieHeaderElement)};
}

SessionCaller::SessionCaller(const soap::Client& vim, SessionCallerOptions options)
    : vim_(vim), options_(std::move(options)) {}

std::string SessionCaller::url() const { return vim_.transport().Endpoint() + options_.path; }

absl::StatusOr<soap::Response> SessionCaller::CallOnce(std::string_view method,
                                                       std::string_view body_xml,
                                                       const soap::CallOptions& options) const {
  std::string cookie = vim_.session_cookie();
  if (cookie.empty()) {
    return absl::UnauthenticatedError(std::string(method) + ": no vCenter session to send to " +
                                      url() + " (log in through the vim25 endpoint first)");
  }
  // A client per call: it only holds the cookie of this moment (no shared mutable state).
  soap::Client client(vim_.transport(), EndpointOptions(options_.path));
  client.set_session_cookie(std::move(cookie));
  return client.Call(method, body_xml, options);
}

absl::StatusOr<soap::Response> SessionCaller::Call(std::string_view method,
                                                   std::string_view body_xml,
                                                   const soap::CallOptions& options) {
  absl::StatusOr<soap::Response> r = CallOnce(method, body_xml, options);
  if (r.ok() || !options_.refresh_session || !soap::IsFault(r.status(), "NotAuthenticated")) {
    return r;
  }
  if (absl::Status refreshed = options_.refresh_session(); !refreshed.ok()) {
    return Annotate(refreshed, std::string(method) +
                                   ": the vCenter session was not authenticated; renewing it");
  }
  return CallOnce(method, body_xml, options);
}

}  // namespace eksa::vsphere::pbm
