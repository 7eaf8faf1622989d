// Session: an authenticated vim25 session on one vCenter, with transparent re-login.
//
//   auto transport = transport::CurlTransport::Create({.base_url = "https://vc.example.com",
//                                                     .tls = {.thumbprint = "AB:CD:…"}});
//   soap::Client client(**transport);
//   absl::StatusOr<std::unique_ptr<session::Session>> s =
//       session::Session::Login(client, {.username = user, .password = password});
//   (*s)->service_content().root_folder;   // cached MoRefs
//   (*s)->Call("RetrievePropertiesEx", body);   // soap::Caller
//   (*s)->Logout();
//
// Re-login: a call that fails with the NotAuthenticated fault (the session expired or was
// terminated) logs in again once with the stored credentials (a fresh Login: the old cookie is
// dropped first, since a server that still knows it refuses Login on it) and is retried once; a
// second
// NotAuthenticated is returned as is. Concurrent callers that hit NotAuthenticated on the same
// session share one Login: each call remembers the session generation it was sent under, and only
// the first caller of a generation logs in; the others wait for that Login and use its result
// (retrying on success, returning its error on failure). InvalidLogin is never retried.
//
// Secrets: the password is registered with eksa::RegisterSecret (raw and XML-escaped) so logs
// mask it; it never appears in an error message. The username may appear (it is not a secret).
//
// Thread-safe. The client (and its transport) must outlive the session. Destroying a session
// does not log out; call Logout() (vCenter otherwise keeps the session until it idles out).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/vsphere-agent/client/session/service_content.h"
#include "services/vsphere-agent/client/soap/caller.h"
#include "services/vsphere-agent/client/soap/client.h"

namespace eksa::vsphere::session {

struct Credentials {
  std::string username;  // "administrator@vsphere.local"
  std::string password;
  std::string locale;  // optional Login locale ("en"); empty: not sent
};

// SessionManager.currentSession as returned by Login (vim.UserSession, the fields eksa shows).
struct UserSession {
  std::string key;        // the session's key (TerminateSession takes it)
  std::string user_name;  // as vCenter spells it ("VSPHERE.LOCAL\\Administrator")
  std::string full_name;
};

class Session final : public soap::Caller {
 public:
  // RetrieveServiceContent (cached), then Login. Errors: Caller::Call's; a wrong user name or
  // password is kUnauthenticated with vCenter's text ("Login: InvalidLogin: Cannot complete login
  // due to an incorrect user name or password."); kInvalidArgument for an empty username.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Session>> Login(soap::Client& client,
                                                                      Credentials credentials);

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const ServiceContent& service_content() const { return service_content_; }
  // The SOAP client the session logs in through: its cookie is the session (client/pbm sends it
  // to vCenter's other SOAP endpoints).
  soap::Client& client() const { return client_; }
  // The session from the latest successful Login.
  UserSession user_session() const;

  using Caller::Call;
  // soap::Caller::Call with re-login on NotAuthenticated (above). After Logout():
  // kFailedPrecondition ("session logged out"), nothing sent.
  [[nodiscard]] absl::StatusOr<soap::Response> Call(std::string_view method,
                                                    std::string_view body_xml,
                                                    const soap::CallOptions& options) override;

  // Ends the session on vCenter and clears the client's cookie. Idempotent; a session that had
  // already expired (NotAuthenticated) counts as logged out. Other errors are returned (the
  // session is still considered logged out locally).
  absl::Status Logout();

  // Logs in again now (a fresh Login, as on NotAuthenticated), for callers whose session was
  // refused elsewhere: client/pbm's SessionCaller::refresh_session. Callers that renew (or hit
  // NotAuthenticated in Call) concurrently share one Login and get its result. After Logout():
  // kFailedPrecondition, nothing sent. Errors: Login's (InvalidLogin → kUnauthenticated).
  absl::Status Renew();

  // Successful Logins so far (1 after Login(), +1 per re-login): for metrics and tests.
  int64_t login_count() const;

 private:
  Session(soap::Client& client, Credentials credentials, ServiceContent service_content);

  // Logs in unless another caller already replaced session generation `seen_generation`.
  absl::Status Relogin(uint64_t seen_generation);
  absl::Status LoginLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(login_mu_);

  soap::Client& client_;
  const Credentials credentials_;
  const ServiceContent service_content_;

  // Serializes Login/Logout; generation_ changes only under it (read without it).
  mutable absl::Mutex login_mu_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<bool> logged_out_{false};
  absl::Status last_login_status_ ABSL_GUARDED_BY(login_mu_);
  UserSession user_session_ ABSL_GUARDED_BY(login_mu_);
  int64_t login_count_ ABSL_GUARDED_BY(login_mu_) = 0;
};

}  // namespace eksa::vsphere::session
