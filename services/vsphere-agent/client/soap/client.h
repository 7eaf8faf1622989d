// soap::Client: vim25 SOAP calls to one vCenter (POST <path> through a Transport), holding the
// vmware_soap_session cookie.
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
#include "services/vsphere-agent/client/transport/transport.h"

namespace eksa::vsphere::soap {

inline constexpr std::string_view kSessionCookieName = "vmware_soap_session";

struct ClientOptions {
  std::string path = "/sdk";
  // The SOAPAction header: "urn:vim25/<api version>".
  std::string soap_action = std::string(kDefaultSoapAction);
};

class Client final : public Caller {
 public:
  explicit Client(transport::Transport& transport, ClientOptions options = {});

  using Caller::Call;
  // Caller::Call. POSTs BuildEnvelope(method, body_xml) with Content-Type
  // `text/xml; charset="utf-8"` and the SOAPAction header, then DecodeResponse. Error messages are
  // "<method>: <cause>"; transport errors keep the transport's message naming the endpoint.
  [[nodiscard]] absl::StatusOr<Response> Call(std::string_view method, std::string_view body_xml,
                                              const CallOptions& options) override;

  // The stored cookie value ("" when none): what follows "vmware_soap_session=" up to ';'.
  std::string session_cookie() const;
  // Replaces the stored value (e.g. to share a session); "" clears it.
  void set_session_cookie(std::string value);

  transport::Transport& transport() const { return transport_; }
  // "https://host/sdk": for messages.
  std::string url() const;

 private:
  transport::Transport& transport_;
  const ClientOptions options_;
  mutable absl::Mutex mu_;
  std::string cookie_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::vsphere::soap
