// The SPBM (Storage Policy Based Management, "PBM") SOAP endpoint of a vCenter, reached with the
// vim25 session: what a storage policy name resolves through.
//
// vCenter serves PBM at /pbm (govmomi's pbm.Path; /pbm/sdk too), namespace urn:pbm. It has no
// login of its own: a request carries the vim25 session's vmware_soap_session cookie in the SOAP
// header as <vcSessionCookie>VALUE</vcSessionCookie> (govmomi's soap.Header.Cookie, set by
// soap.Client.NewServiceClient). govmomi also copies the cookie into its HTTP cookie jar, so its
// requests carry both; govmomi's simulator only reads the HTTP Cookie. SessionCaller sends both.
//
//   soap::Client vim(transport);                                   // logged in by session::Session
//   pbm::SessionCaller spbm(vim);
//   absl::StatusOr<pbm::Client> pbm = pbm::Client::Connect(spbm);  // client.h
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/soap/client.h"

namespace eksa::vsphere::pbm {

inline constexpr std::string_view kPath = "/pbm";
inline constexpr std::string_view kNamespace = "urn:pbm";
// SOAPAction: the PBM API version ("2.0", what PbmAboutInfo.version says on vCenter 6.x and the
// simulator); every method used here exists since 1.0.
inline constexpr std::string_view kSoapAction = "urn:pbm/2.0";
inline constexpr std::string_view kCookieHeaderElement = "vcSessionCookie";

// soap::ClientOptions for PBM at `path`: namespace urn:pbm, SOAPAction urn:pbm/2.0, the session
// cookie in the SOAP header as <vcSessionCookie>.
soap::ClientOptions EndpointOptions(std::string_view path = kPath);

struct SessionCallerOptions {
  std::string path = std::string(kPath);
  // Called when a PBM call is answered NotAuthenticated (the vim25 session expired or was ended):
  // it should make the vim25 session valid again: session::Session::Renew(). On OK the call is sent
  // once more with the then-current cookie; its error is returned otherwise. Unset: the
  // NotAuthenticated status is returned.
  std::function<absl::Status()> refresh_session;
};

// A soap::Caller for PBM riding on a vim25 session: every call is POSTed over `vim`'s transport
// with `vim`'s cookie as it is at that moment (so a re-login of the vim25 session is picked up).
// Faults decode as every SOAP fault does (soap/fault.h): NotAuthenticated → kUnauthenticated,
// InvalidArgument → kInvalidArgument, …; messages start with the method. Without a cookie (not
// logged in) a call is kUnauthenticated without a request.
//
// Thread-safe. `vim` (and its transport) must outlive this object.
class SessionCaller final : public soap::Caller {
 public:
  explicit SessionCaller(const soap::Client& vim, SessionCallerOptions options = {});

  using Caller::Call;
  [[nodiscard]] absl::StatusOr<soap::Response> Call(std::string_view method,
                                                    std::string_view body_xml,
                                                    const soap::CallOptions& options) override;

  // "https://host/pbm": for messages.
  std::string url() const;

 private:
  absl::StatusOr<soap::Response> CallOnce(std::string_view method, std::string_view body_xml,
                                          const soap::CallOptions& options) const;

  const soap::Client& vim_;
  const SessionCallerOptions options_;
};

}  // namespace eksa::vsphere::pbm
