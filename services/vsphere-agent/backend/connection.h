// VCenterConnection: one vCenter server's HTTPS transport, SOAP client and authenticated session
// (and the REST session for tags and the content library), shared by every call of a
// ClientBackend.
//
// Login is lazy: the first call that needs the session logs in, concurrent first callers wait
// for that one Login. A failed Login is not remembered: the next call tries again (vCenter may
// have been down, or its password rotated). Once logged in, session::Session re-logs in by itself
// when vCenter ends the session (NotAuthenticated).
//
// Thread-safe.
#pragma once

#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/vsphere-agent/backend/client_backend_options.h"
#include "services/vsphere-agent/client/rest/rest_session.h"
#include "services/vsphere-agent/client/rest/tagging.h"
#include "services/vsphere-agent/client/session/session.h"
#include "services/vsphere-agent/client/soap/client.h"
#include "services/vsphere-agent/client/transport/curl_transport.h"

namespace eksa::vsphere_agent::backend {

class VCenterConnection {
 public:
  // Builds the transport for `options` (validated by the caller); connects nothing yet.
  // kInvalidArgument / kFailedPrecondition from transport::CurlTransport::Create.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<VCenterConnection>> Create(
      const ClientBackendOptions& options);

  // Logs out (SOAP and REST), best effort.
  ~VCenterConnection();

  // The logged-in session, logging in first when needed. Errors: Session::Login's —
  // kUnauthenticated for a wrong user name or password ("Login: InvalidLogin: …"),
  // kFailedPrecondition when the server's certificate does not match the configured CA or
  // thumbprint (nothing was sent), kUnavailable when the server cannot be reached — annotated
  // "connecting to vCenter <server> as <user>".
  [[nodiscard]] absl::StatusOr<vsphere::session::Session*> Session();

  // The REST session and the tagging service over it (lazy: no REST call before the first use).
  vsphere::rest::RestSession& rest() { return *rest_; }
  vsphere::rest::Tagging& tagging() { return *tagging_; }

  // The transport, for uploads (NFC device URLs name this server).
  vsphere::transport::CurlTransport& transport() { return *transport_; }
  const ClientBackendOptions& options() const { return options_; }

 private:
  explicit VCenterConnection(const ClientBackendOptions& options) : options_(options) {}

  const ClientBackendOptions options_;
  std::unique_ptr<vsphere::transport::CurlTransport> transport_;
  std::unique_ptr<vsphere::soap::Client> client_;
  std::unique_ptr<vsphere::rest::RestSession> rest_;
  std::unique_ptr<vsphere::rest::Tagging> tagging_;
  absl::Mutex mu_;
  std::unique_ptr<vsphere::session::Session> session_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::vsphere_agent::backend
