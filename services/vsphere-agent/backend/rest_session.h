// RestSession: vCenter's vAPI REST endpoint (/rest, JSON), the part the backend needs for
// tagging (tagging.h): a session made with basic auth, the vmware-api-session-id header, and one
// re-login when the session has expired (HTTP 401).
//
// A stand-in until client/rest lands (services/vsphere-agent/client/README.md lists it): it is
// the backend's own small helper, kept to what tagging uses, over the same transport as SOAP.
//
//   RestSession rest(transport, username, password);
//   absl::StatusOr<nlohmann::json> ids = rest.Call(Method::kGet, "/com/vmware/cis/tagging/tag");
//
// Errors: the transport's; HTTP statuses per transport::HttpStatusToCode, except that a vAPI
// error body refines them (com.vmware.vapi.std.errors.not_found → kNotFound, already_exists →
// kAlreadyExists, unauthenticated → kUnauthenticated). Messages name the method and path and
// the vAPI error type, never the credentials (the Authorization header is built here and sent
// only in the session request).
//
// Thread-safe. The transport must outlive the session.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/transport/transport.h"

namespace eksa::vsphere_agent::backend {

class RestSession {
 public:
  RestSession(vsphere::transport::Transport& transport, std::string username, std::string password);
  RestSession(const RestSession&) = delete;
  RestSession& operator=(const RestSession&) = delete;

  // `method` of "/rest" + `path` ("/com/vmware/cis/tagging/tag?~action=…") with `body` (JSON,
  // omitted when null). Returns the answer's "value" member (null when the answer has none:
  // vAPI omits empty lists and void results). Logs in first when there is no session.
  [[nodiscard]] absl::StatusOr<nlohmann::json> Call(vsphere::transport::Method method,
                                                    std::string_view path,
                                                    const nlohmann::json& body = nullptr,
                                                    const vsphere::soap::CallOptions& options = {});

  // Ends the session (DELETE /rest/com/vmware/cis/session). Idempotent.
  absl::Status Logout();

  // Successful session requests so far (1 after the first call, +1 per re-login).
  int64_t login_count() const;

 private:
  // Makes a session unless one newer than `seen` exists; returns the current id.
  absl::StatusOr<std::string> Login(uint64_t seen, const vsphere::soap::CallOptions& options);
  absl::StatusOr<vsphere::transport::Response> Send(vsphere::transport::Method method,
                                                    std::string_view path, const std::string& body,
                                                    const std::string& session_id,
                                                    const vsphere::soap::CallOptions& options);

  vsphere::transport::Transport& transport_;
  const std::string username_;
  const std::string password_;
  mutable absl::Mutex mu_;
  std::string session_id_ ABSL_GUARDED_BY(mu_);
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t logins_ ABSL_GUARDED_BY(mu_) = 0;
};

// The status for a non-2xx answer of a REST call (`context`: "GET /rest/…"): the code from the
// vAPI error type in `body` when there is one, else from the HTTP status. Exposed for tests.
absl::Status RestErrorToStatus(int http_status, std::string_view context, std::string_view body);

}  // namespace eksa::vsphere_agent::backend
