#include "services/vsphere-agent/client/rest/rest_session.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"
#include "libs/common/log.h"
#include "libs/common/redact.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/client/rest/rest_error.h"

namespace eksa::vsphere::rest {
namespace {

constexpr std::string_view kRestRoot = "/rest";
constexpr std::string_view kSessionPath = "/rest/com/vmware/cis/session";

std::string Context(transport::Method method, std::string_view path) {
  return absl::StrCat(AbslView(transport::MethodName(method)), " ", AbslView(path));
}

// The answer's `value`, or null for an empty body.
absl::StatusOr<nlohmann::json> Value(const transport::Response& r, std::string_view context) {
  if (r.body.empty()) return nlohmann::json();
  nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded()) {
    return absl::InternalError(absl::StrCat(AbslView(context), ": the answer is not JSON"));
  }
  if (j.is_object() && j.contains("value")) return j["value"];
  return nlohmann::json();
}

}  // namespace

RestSession::RestSession(transport::Transport& transport, Credentials credentials)
    : transport_(transport), credentials_(std::move(credentials)) {}

absl::StatusOr<std::unique_ptr<RestSession>> RestSession::Create(transport::Transport& transport,
                                                                 Credentials credentials) {
  if (credentials.username.empty()) {
    return absl::InvalidArgumentError("REST login: empty username");
  }
  RegisterSecret(credentials.password);
  return std::unique_ptr<RestSession>(new RestSession(transport, std::move(credentials)));
}

absl::StatusOr<std::unique_ptr<RestSession>> RestSession::Login(transport::Transport& transport,
                                                                Credentials credentials) {
  absl::StatusOr<std::unique_ptr<RestSession>> s = Create(transport, std::move(credentials));
  if (!s.ok()) return s.status();
  absl::MutexLock lock(&(*s)->mu_);
  if (absl::Status st = (*s)->LoginLocked(); !st.ok()) return st;
  return s;
}

absl::Status RestSession::LoginLocked() {
  std::string basic =
      absl::Base64Escape(absl::StrCat(credentials_.username, ":", credentials_.password));
  RegisterSecret(basic);
  absl::StatusOr<transport::Response> r = transport_.RoundTrip(
      {.method = transport::Method::kPost,
       .path = std::string(kSessionPath),
       .headers = {{"Authorization", "Basic " + basic}, {"Accept", "application/json"}}});
  if (!r.ok()) return Annotate(r.status(), "REST login");
  if (absl::Status s = RestErrorToStatus(r->status, r->body, "REST login"); !s.ok()) return s;
  absl::StatusOr<nlohmann::json> value = Value(*r, "REST login");
  if (!value.ok()) return value.status();
  if (!value->is_string() || value->get<std::string>().empty()) {
    return absl::InternalError("REST login: the answer holds no session id");
  }
  session_id_ = value->get<std::string>();
  RegisterSecret(session_id_);
  ++generation_;
  ++login_count_;
  log::Logger().Info(4, "Logged in to the vCenter REST API", {{"url", transport_.Endpoint()}});
  return absl::OkStatus();
}

absl::Status RestSession::Relogin(uint64_t seen_generation) {
  absl::MutexLock lock(&mu_);
  if (logged_out_) return absl::FailedPreconditionError("REST session logged out");
  if (generation_ != seen_generation) return absl::OkStatus();  // another caller did it
  return LoginLocked();
}

absl::StatusOr<nlohmann::json> RestSession::Call(transport::Method method, std::string_view path,
                                                 const std::optional<nlohmann::json>& body,
                                                 const CallOptions& options) {
  std::string full = absl::StrCat(AbslView(kRestRoot), AbslView(path));
  std::string context = Context(method, full);
  bool relogged = false;  // one re-login after a 401
  for (;;) {
    std::string id;
    uint64_t generation;
    {
      absl::MutexLock lock(&mu_);
      if (logged_out_) return absl::FailedPreconditionError("REST session logged out");
      id = session_id_;
      generation = generation_;
    }
    if (id.empty()) {  // made by Create(): log in first
      if (absl::Status s = Relogin(generation); !s.ok()) return Annotate(s, context);
      continue;
    }
    transport::Request request{
        .method = method,
        .path = full,
        .headers = {{std::string(kSessionHeader), id}, {"Accept", "application/json"}},
        .timeout = options.timeout,
        .cancelled = options.cancelled};
    if (body.has_value()) {
      request.headers.emplace_back("Content-Type", "application/json");
      request.body = body->dump();
    }
    absl::StatusOr<transport::Response> r = transport_.RoundTrip(request);
    if (!r.ok()) return Annotate(r.status(), context);
    if (r->status == 401 && !relogged) {
      relogged = true;
      if (absl::Status s = Relogin(generation); !s.ok()) return Annotate(s, context);
      continue;
    }
    if (absl::Status s = RestErrorToStatus(r->status, r->body, context); !s.ok()) return s;
    return Value(*r, context);
  }
}

absl::Status RestSession::Logout() {
  std::string id;
  {
    absl::MutexLock lock(&mu_);
    if (logged_out_) return absl::OkStatus();
    logged_out_ = true;
    id = session_id_;
  }
  if (id.empty()) return absl::OkStatus();  // never logged in
  absl::StatusOr<transport::Response> r =
      transport_.RoundTrip({.method = transport::Method::kDelete,
                            .path = std::string(kSessionPath),
                            .headers = {{std::string(kSessionHeader), id}}});
  if (!r.ok()) return Annotate(r.status(), "REST logout");
  if (r->status == 401) return absl::OkStatus();  // already gone
  return RestErrorToStatus(r->status, r->body, "REST logout");
}

std::string RestSession::session_id() const {
  absl::MutexLock lock(&mu_);
  return session_id_;
}

int64_t RestSession::login_count() const {
  absl::MutexLock lock(&mu_);
  return login_count_;
}

}  // namespace eksa::vsphere::rest
