#include "services/vsphere-agent/client/session/session.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"
#include "libs/common/log.h"
#include "libs/common/redact.h"
#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"

namespace eksa::vsphere::session {

absl::StatusOr<std::unique_ptr<Session>> Session::Login(soap::Client& client,
                                                        Credentials credentials) {
  if (credentials.username.empty()) {
    return absl::InvalidArgumentError("vCenter username is empty");
  }
  // Both forms can reach a log line: the raw value, and the escaped one inside the Login body.
  RegisterSecret(credentials.password);
  RegisterSecret(soap::EscapeXml(credentials.password));
  EKSA_ASSIGN_OR_RETURN(ServiceContent service_content, RetrieveServiceContent(client));
  std::unique_ptr<Session> session(
      new Session(client, std::move(credentials), std::move(service_content)));
  absl::MutexLock lock(&session->login_mu_);
  EKSA_RETURN_IF_ERROR(session->LoginLocked());
  session->last_login_status_ = absl::OkStatus();
  session->generation_.store(1);
  return session;
}

Session::Session(soap::Client& client, Credentials credentials, ServiceContent service_content)
    : client_(client),
      credentials_(std::move(credentials)),
      service_content_(std::move(service_content)) {}

absl::Status Session::LoginLocked() {
  soap::XmlWriter body;
  body.This(service_content_.session_manager)
      .Element("userName", credentials_.username)
      .Element("password", credentials_.password);
  if (!credentials_.locale.empty()) body.Element("locale", credentials_.locale);
  log::Logger().Info(4, "Logging in to vCenter",
                     {{"url", client_.url()}, {"user", credentials_.username}});
  EKSA_ASSIGN_OR_RETURN(soap::Response response, client_.Call("Login", body.str()));
  pugi::xml_node rv = response.returnval();
  user_session_ = {.key = std::string(soap::ChildText(rv, "key")),
                   .user_name = std::string(soap::ChildText(rv, "userName")),
                   .full_name = std::string(soap::ChildText(rv, "fullName"))};
  ++login_count_;
  return absl::OkStatus();
}

absl::Status Session::Relogin(uint64_t seen_generation) {
  absl::MutexLock lock(&login_mu_);
  if (logged_out_.load()) return absl::FailedPreconditionError("vCenter session logged out");
  // Another caller already logged in again (or tried to) since this call was sent: share it.
  if (generation_.load() != seen_generation) return last_login_status_;
  log::Logger().Info(2, "Re-logging in to vCenter: session not authenticated",
                     {{"url", client_.url()}});
  // Log in without the old cookie: a server that still knows it (a session it answered
  // NotAuthenticated for, e.g. one lacking privileges) refuses Login on an authenticated session
  // with InvalidLogin, as the simulator does.
  client_.set_session_cookie("");
  last_login_status_ = LoginLocked();
  generation_.fetch_add(1);
  return last_login_status_;
}

absl::StatusOr<soap::Response> Session::Call(std::string_view method, std::string_view body_xml,
                                             const soap::CallOptions& options) {
  if (logged_out_.load()) {
    return absl::FailedPreconditionError(
        absl::StrCat(AbslView(method), ": vCenter session logged out"));
  }
  const uint64_t generation = generation_.load();
  absl::StatusOr<soap::Response> response = client_.Call(method, body_xml, options);
  if (response.ok() || !soap::IsFault(response.status(), "NotAuthenticated")) return response;
  if (absl::Status s = Relogin(generation); !s.ok()) {
    return Annotate(s, absl::StrCat(AbslView(method), ": re-logging in after NotAuthenticated"));
  }
  return client_.Call(method, body_xml, options);
}

absl::Status Session::Logout() {
  absl::MutexLock lock(&login_mu_);
  if (logged_out_.exchange(true)) return absl::OkStatus();
  soap::XmlWriter body;
  body.This(service_content_.session_manager);
  absl::StatusOr<soap::Response> response = client_.Call("Logout", body.str());
  client_.set_session_cookie("");
  if (!response.ok() && !soap::IsFault(response.status(), "NotAuthenticated")) {
    return response.status();
  }
  return absl::OkStatus();
}

absl::Status Session::Renew() { return Relogin(generation_.load()); }

UserSession Session::user_session() const {
  absl::MutexLock lock(&login_mu_);
  return user_session_;
}

int64_t Session::login_count() const {
  absl::MutexLock lock(&login_mu_);
  return login_count_;
}

}  // namespace eksa::vsphere::session
