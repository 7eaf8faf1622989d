#include "services/vsphere-agent/backend/rest_session.h"

#include <string>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "libs/common/redact.h"
#include "services/vsphere-agent/client/transport/http_status.h"

namespace eksa::vsphere_agent::backend {
namespace {

namespace transport = vsphere::transport;

constexpr std::string_view kRestPrefix = "/rest";
constexpr std::string_view kSessionPath = "/com/vmware/cis/session";
constexpr std::string_view kSessionHeader = "vmware-api-session-id";

std::string Context(transport::Method method, std::string_view path) {
  return std::string(transport::MethodName(method)) + " " + std::string(kRestPrefix) +
         std::string(path);
}

transport::Request Base(transport::Method method, std::string_view path,
                        const vsphere::soap::CallOptions& options) {
  return {.method = method,
          .path = std::string(kRestPrefix) + std::string(path),
          .headers = {{"Accept", "application/json"}},
          .timeout = options.timeout,
          .cancelled = options.cancelled};
}

}  // namespace

absl::Status RestErrorToStatus(int http_status, std::string_view context, std::string_view body) {
  std::string type;
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_object() && j.contains("type") && j["type"].is_string()) {
    type = j["type"].get<std::string>();
  }
  absl::StatusCode code = transport::HttpStatusToCode(http_status);
  if (absl::EndsWith(type, ".not_found")) code = absl::StatusCode::kNotFound;
  if (absl::EndsWith(type, ".already_exists")) code = absl::StatusCode::kAlreadyExists;
  if (absl::EndsWith(type, ".unauthenticated")) code = absl::StatusCode::kUnauthenticated;
  if (absl::EndsWith(type, ".unauthorized")) code = absl::StatusCode::kPermissionDenied;
  if (absl::EndsWith(type, ".invalid_argument")) code = absl::StatusCode::kInvalidArgument;
  std::string message = std::string(context) + ": HTTP " + std::to_string(http_status);
  if (!type.empty()) {
    message += ": " + type;
  } else if (!body.empty()) {
    message += ": " + Redact(body.substr(0, std::min<size_t>(body.find('\n'), 200)));
  }
  return absl::Status(code, message);
}

RestSession::RestSession(transport::Transport& transport, std::string username,
                         std::string password)
    : transport_(transport), username_(std::move(username)), password_(std::move(password)) {
  RegisterSecret(password_);
  RegisterSecret(absl::Base64Escape(username_ + ":" + password_));
}

absl::StatusOr<transport::Response> RestSession::Send(transport::Method method,
                                                      std::string_view path,
                                                      const std::string& body,
                                                      const std::string& session_id,
                                                      const vsphere::soap::CallOptions& options) {
  transport::Request request = Base(method, path, options);
  request.headers.emplace_back(std::string(kSessionHeader), session_id);
  if (!body.empty()) {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = body;
  }
  return transport_.RoundTrip(request);
}

absl::StatusOr<std::string> RestSession::Login(uint64_t seen,
                                               const vsphere::soap::CallOptions& options) {
  absl::MutexLock lock(&mu_);
  if (generation_ != seen && !session_id_.empty()) return session_id_;
  transport::Request request = Base(transport::Method::kPost, kSessionPath, options);
  request.headers.emplace_back("Authorization",
                               "Basic " + absl::Base64Escape(username_ + ":" + password_));
  absl::StatusOr<transport::Response> r = transport_.RoundTrip(request);
  const std::string context = "REST login as " + username_;
  if (!r.ok())
    return absl::Status(r.status().code(), context + ": " + std::string(r.status().message()));
  if (r->status / 100 != 2) {
    return RestErrorToStatus(r->status, context, r->body);
  }
  nlohmann::json j = nlohmann::json::parse(r->body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("value") || !j["value"].is_string()) {
    return absl::InternalError(context + ": malformed session answer");
  }
  session_id_ = j["value"].get<std::string>();
  RegisterSecret(session_id_);
  ++generation_;
  ++logins_;
  return session_id_;
}

absl::StatusOr<nlohmann::json> RestSession::Call(transport::Method method, std::string_view path,
                                                 const nlohmann::json& body,
                                                 const vsphere::soap::CallOptions& options) {
  const std::string payload = body.is_null() ? "" : body.dump();
  std::string id;
  uint64_t generation = 0;
  {
    absl::MutexLock lock(&mu_);
    id = session_id_;
    generation = generation_;
  }
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (id.empty() || attempt > 0) {
      absl::StatusOr<std::string> fresh = Login(generation, options);
      if (!fresh.ok()) return fresh.status();
      id = *std::move(fresh);
      absl::MutexLock lock(&mu_);
      generation = generation_;
    }
    absl::StatusOr<transport::Response> r = Send(method, path, payload, id, options);
    if (!r.ok()) {
      return absl::Status(r.status().code(),
                          Context(method, path) + ": " + std::string(r.status().message()));
    }
    if (r->status == 401 && attempt == 0) continue;  // the session expired: log in again once
    if (r->status / 100 != 2) return RestErrorToStatus(r->status, Context(method, path), r->body);
    if (r->body.empty()) return nlohmann::json(nullptr);
    nlohmann::json j = nlohmann::json::parse(r->body, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      return absl::InternalError(Context(method, path) + ": answer is not a JSON object");
    }
    return j.contains("value") ? j["value"] : nlohmann::json(nullptr);
  }
  return absl::UnauthenticatedError(Context(method, path) + ": HTTP 401 after a fresh login");
}

absl::Status RestSession::Logout() {
  std::string id;
  {
    absl::MutexLock lock(&mu_);
    id.swap(session_id_);
  }
  if (id.empty()) return absl::OkStatus();
  absl::StatusOr<transport::Response> r =
      Send(transport::Method::kDelete, kSessionPath, "", id, {});
  if (!r.ok()) return r.status();
  if (r->status / 100 != 2 && r->status != 401) {
    return RestErrorToStatus(r->status, Context(transport::Method::kDelete, kSessionPath), r->body);
  }
  return absl::OkStatus();
}

int64_t RestSession::login_count() const {
  absl::MutexLock lock(&mu_);
  return logins_;
}

}  // namespace eksa::vsphere_agent::backend
