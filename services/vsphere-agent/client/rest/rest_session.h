// RestSession: a vAPI REST session on one vCenter (/rest, vSphere 6.5+), with transparent
// re-login.
//
//   EKSA_ASSIGN_OR_RETURN(auto rest, RestSession::Login(transport, {user, password}));
//   EKSA_ASSIGN_OR_RETURN(nlohmann::json ids, rest->Call(Method::kGet,
//                                                        "/com/vmware/cis/tagging/category"));
//
// Login is POST /rest/com/vmware/cis/session with basic auth, made by Login() at once or, for a
// session made by Create(), by the first Call; the answer's value is the session
// id, sent on every later call as the `vmware-api-session-id` header. Logout is DELETE on the same
// path. A call answered 401 (the session expired or was deleted) logs in again once with the
// stored credentials and is retried once; concurrent callers share that Login (generation
// counter, as session::Session does for SOAP).
//
// Secrets: the password, the basic-auth token and the session id are registered with
// eksa::RegisterSecret, so logs mask them; they never appear in error messages.
//
// Thread-safe. The transport must outlive the session. The destructor does not log out.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/vsphere-agent/client/transport/transport.h"

namespace eksa::vsphere::rest {

inline constexpr std::string_view kSessionHeader = "vmware-api-session-id";

struct Credentials {
  std::string username;
  std::string password;
};

struct CallOptions {
  absl::Duration timeout = absl::ZeroDuration();  // zero: the transport's default
  std::function<bool()> cancelled;
};

class RestSession {
 public:
  // POST /rest/com/vmware/cis/session. Errors: the transport's; kUnauthenticated ("REST login:
  // HTTP 401") for wrong credentials; kInvalidArgument for an empty username; kInternal for an
  // answer without a session id.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<RestSession>> Login(
      transport::Transport& transport, Credentials credentials);

  // A session that logs in on its first Call (nothing is sent now), for connections that must not
  // reach vCenter before they are used. Errors: kInvalidArgument for an empty username.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<RestSession>> Create(
      transport::Transport& transport, Credentials credentials);

  RestSession(const RestSession&) = delete;
  RestSession& operator=(const RestSession&) = delete;

  // `method` `/rest` + `path` with `body` as JSON (when given). Returns the answer's `value`
  // (null for an empty answer, e.g. DELETE or attach). Errors: RestErrorToStatus (rest_error.h),
  // re-login after one 401 (above), kInternal for a body that is not JSON, the transport's.
  // After Logout(): kFailedPrecondition, nothing sent.
  [[nodiscard]] absl::StatusOr<nlohmann::json> Call(transport::Method method, std::string_view path,
                                                    const std::optional<nlohmann::json>& body = {},
                                                    const CallOptions& options = {});

  // DELETE /rest/com/vmware/cis/session. Idempotent; a session that had already expired (401), or
  // never logged in, counts as logged out.
  absl::Status Logout();

  // The current session id (for uploads that go outside Call, e.g. content library files).
  std::string session_id() const;
  transport::Transport& transport() const { return transport_; }
  // Successful logins (1 after Login, +1 per re-login).
  int64_t login_count() const;

 private:
  RestSession(transport::Transport& transport, Credentials credentials);
  absl::Status LoginLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status Relogin(uint64_t seen_generation);

  transport::Transport& transport_;
  const Credentials credentials_;
  mutable absl::Mutex mu_;
  std::string session_id_ ABSL_GUARDED_BY(mu_);
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t login_count_ ABSL_GUARDED_BY(mu_) = 0;
  bool logged_out_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace eksa::vsphere::rest
