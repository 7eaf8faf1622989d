// soap::Client: vim25 SOAP calls to one vCenter (POST <path> through a Transport), holding the
// vmware_soap_session cookie. ClientOptions point it at another SOAP endpoint of the same vCenter
// (SPBM: client/pbm) with its namespace and the session cookie in the SOAP header.
//
// The cookie is handled here, not by the transport: every response's
// `Set-Cookie: vmware_soap_session=…` replaces the stored value, and every request carries
// `Cookie: vmware_soap_session=…` when one is stored. So after Login the client is authenticated,
// and a re-login (session::Session) simply replaces the cookie. The client never logs in by
// itself and never retries.
//
// Logging: verbosity 6 "Calling vCenter" (method, endpoint) and the result with durationMs; 7 the
// request body, 8 the response body truncated to 2 KiB, 9 in full, all through eksa::Redact (the
// session registers the password, raw and XML-escaped, as a secret).
//
// Thread-safe. The transport must outlive the client.
#pragma once

#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/soap/envelope.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/transport/transport.h"

namespace eksa::vsphere::soap {

inline constexpr std::string_view kSessionCookieName = "vmware_soap_session";

struct ClientOptions {
  std::string path = "/sdk";
  // The SOAPAction header: "urn:vim25/<api version>".
  std::string soap_action = std::string(kDefaultSoapAction);
  // The namespace of the method elements, request and response. vCenter's other SOAP endpoints
  // use their own ("urn:pbm" for SPBM at /pbm).
  std::string xml_namespace = std::string(kVim25Ns);
  // When not empty, every request made while a cookie is stored also carries it in the SOAP
  // header as <NAME>value</NAME>: "vcSessionCookie" is how vCenter's other SOAP endpoints (SPBM)
  // take the vim25 session. The value is the cookie without the double quotes vCenter 6.7+ puts
  // around it (govmomi and pyVmomi send it so), XML-escaped. Empty (vim25): no SOAP header.
  std::string cookie_header_element;
};

class Client final : public Caller {
 public:
  explicit Client(transport::Transport& transport, ClientOptions options = {});

  using Caller::Call;
  // Caller::Call. POSTs BuildEnvelope(method, body_xml[, namespace, cookie header]) with
  // Content-Type `text/xml; charset="utf-8"` and the SOAPAction header, then DecodeResponse. Error
  // messages are
  // "<method>: <cause>"; transport errors keep the transport's message naming the endpoint.
  [[nodiscard]] absl::StatusOr<Response> Call(std::string_view method, std::string_view body_xml,
                                              const CallOptions& options) override;

  // The stored cookie value ("" when none): what follows "vmware_soap_session=" up to ';'.
  std::string session_cookie() const;
  // Replaces the stored value (e.g. to share a session); "" clears it.
  void set_session_cookie(std::string value);

  transport::Transport& transport() const { return transport_; }
  // "https://host/sdk" (or the configured path): for messages.
  std::string url() const;

 private:
  transport::Transport& transport_;
  const ClientOptions options_;
  mutable absl::Mutex mu_;
  std::string cookie_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::vsphere::soap
