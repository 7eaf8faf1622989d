#include "services/vsphere-agent/client/soap/client.h"

#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "libs/common/absl_view.h"
#include "libs/common/log.h"
#include "libs/common/redact.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/client/soap/log_masking.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"

namespace eksa::vsphere::soap {
namespace {

// The vmware_soap_session value from the Set-Cookie headers, if any.
std::optional<std::string> SessionCookieFrom(const transport::Headers& headers) {
  for (const auto& [name, value] : headers) {
    if (!absl::EqualsIgnoreCase(name, "Set-Cookie")) continue;
    absl::string_view v = absl::StripLeadingAsciiWhitespace(value);
    if (!absl::ConsumePrefix(&v, absl::StrCat(AbslView(kSessionCookieName), "="))) continue;
    return std::string(v.substr(0, v.find(';')));
  }
  return std::nullopt;
}

}  // namespace

Client::Client(transport::Transport& transport, ClientOptions options)
    : transport_(transport), options_(std::move(options)) {}

std::string Client::session_cookie() const {
  absl::MutexLock lock(&mu_);
  return cookie_;
}

void Client::set_session_cookie(std::string value) {
  absl::MutexLock lock(&mu_);
  cookie_ = std::move(value);
}

std::string Client::url() const { return transport_.Endpoint() + options_.path; }

absl::StatusOr<Response> Client::Call(std::string_view method, std::string_view body_xml,
                                      const CallOptions& options) {
  transport::Request request{
      .method = transport::Method::kPost,
      .path = options_.path,
      .headers = {{"Content-Type", "text/xml; charset=\"utf-8\""},
                  {"SOAPAction", options_.soap_action}},
      .timeout = options.timeout,
      .cancelled = options.cancelled,
  };
  const std::string cookie = session_cookie();
  std::string header;  // none for vim25: the Cookie header carries the session
  if (!cookie.empty() && !options_.cookie_header_element.empty()) {
    std::string_view value = cookie;
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    header = absl::StrCat("<", options_.cookie_header_element, ">", EscapeXml(value), "</",
                          options_.cookie_header_element, ">");
  }
  request.body = BuildEnvelope(method, body_xml, options_.xml_namespace, header);
  if (!cookie.empty()) {
    request.headers.emplace_back("Cookie", absl::StrCat(AbslView(kSessionCookieName), "=", cookie));
  }
  // Built only when verbosity 6 (and so 7–9) is on: the common case logs nothing.
  std::optional<log::Logger> logger;
  if (log::Logger::Enabled(6)) {
    logger.emplace(log::Logger().With("method", std::string(method)));
    logger->Info(6, "Calling vCenter", {{"url", url()}});
    if (log::Logger::Enabled(7)) {
      logger->Info(7, "SOAP request", {{"body", BodyForLog(request.body)}});
    }
  }

  const absl::Time start = absl::Now();
  absl::StatusOr<transport::Response> http = transport_.RoundTrip(request);
  if (!http.ok()) return Annotate(http.status(), method);
  if (std::optional<std::string> cookie = SessionCookieFrom(http->headers)) {
    set_session_cookie(*std::move(cookie));
  }
  if (logger && log::Logger::Enabled(8)) {
    const bool full = log::Logger::Enabled(9);
    logger->Info(full ? 9 : 8, "SOAP response",
                 {{"status", absl::StrCat(http->status)},
                  {"body", BodyForLog(full ? std::string_view(http->body)
                                           : std::string_view(http->body).substr(0, 2048))}});
  }
  absl::StatusOr<Response> response = DecodeResponse(
      http->status, http->body, method, absl::StrCat("POST ", url()), options_.xml_namespace);
  if (logger) {
    logger->Info(6, "Called vCenter",
                 {{"result", response.ok() ? "ok" : response.status().ToString()},
                  {"durationMs", absl::StrCat(absl::ToInt64Milliseconds(absl::Now() - start))}});
  }
  if (!response.ok()) return Annotate(response.status(), method);
  return response;
}

}  // namespace eksa::vsphere::soap
