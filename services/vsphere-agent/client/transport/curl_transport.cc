#include "services/vsphere-agent/client/transport/curl_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "libs/common/absl_view.h"
#include "libs/common/log.h"
#include "services/vsphere-agent/client/transport/tls_pin.h"

namespace eksa::vsphere::transport {
namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool CurlUsesOpenSsl() {
  const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
  return info != nullptr && info->ssl_version != nullptr &&
         absl::StartsWith(info->ssl_version, "OpenSSL");
}

long Millis(absl::Duration d) {  // NOLINT(runtime/int): libcurl's type
  return static_cast<long>(std::max<int64_t>(1, absl::ToInt64Milliseconds(d)));  // NOLINT
}

// State of one call, reached from libcurl's callbacks.
struct Call {
  const Request* request = nullptr;
  Response* response = nullptr;
  size_t body_offset = 0;      // into request->body when there is no reader
  absl::Status reader_status;  // a BodyReader failure
  bool cancelled = false;
};

size_t OnWrite(char* data, size_t size, size_t n, void* user) {
  static_cast<Call*>(user)->response->body.append(data, size * n);
  return size * n;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* call = static_cast<Call*>(user);
  std::string_view line(data, size * n);
  if (absl::StartsWith(AbslView(line), "HTTP/")) {
    call->response->headers.clear();  // a new (final or interim) response starts
    return size * n;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;  // the blank line
  absl::string_view name = absl::StripAsciiWhitespace(AbslView(line.substr(0, colon)));
  absl::string_view value = absl::StripAsciiWhitespace(AbslView(line.substr(colon + 1)));
  call->response->headers.emplace_back(std::string(name), std::string(value));
  return size * n;
}

size_t OnRead(char* buffer, size_t size, size_t n, void* user) {
  auto* call = static_cast<Call*>(user);
  const size_t room = size * n;
  if (call->request->body_reader) {
    absl::StatusOr<size_t> got = call->request->body_reader(buffer, room);
    if (!got.ok()) {
      call->reader_status = got.status();
      return CURL_READFUNC_ABORT;
    }
    return std::min(*got, room);
  }
  const std::string& body = call->request->body;
  const size_t count = std::min(room, body.size() - call->body_offset);
  std::memcpy(buffer, body.data() + call->body_offset, count);
  call->body_offset += count;
  return count;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* call = static_cast<Call*>(user);
  if (call->request->cancelled && call->request->cancelled()) {
    call->cancelled = true;
    return 1;  // aborts with CURLE_ABORTED_BY_CALLBACK
  }
  return 0;
}

using SlistPtr = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

// Options every call sets: URL, budget, callbacks.
void SetCommon(CURL* c, const std::string& url, absl::Duration timeout,
               absl::Duration connect_timeout, Call* call, char* errbuf) {
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, Millis(timeout));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, Millis(std::min(timeout, connect_timeout)));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &OnWrite);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, call);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, call);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &OnProgress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, call);
  curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
}

// The verb and the body (in memory or streamed through OnRead).
void SetMethodAndBody(CURL* c, const Request& request, Call* call) {
  const bool has_body = request.body_reader != nullptr || !request.body.empty();
  const curl_off_t size = !has_body             ? curl_off_t{0}
                          : request.body_reader ? static_cast<curl_off_t>(request.body_size)
                                                : static_cast<curl_off_t>(request.body.size());
  if (has_body) {
    curl_easy_setopt(c, CURLOPT_READFUNCTION, &OnRead);
    curl_easy_setopt(c, CURLOPT_READDATA, call);
  }
  switch (request.method) {
    case Method::kGet:
      curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
      return;
    case Method::kPut:
      curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, size);
      return;
    case Method::kPost:
    case Method::kPatch:
    case Method::kDelete:
      if (request.method != Method::kPost) {
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, std::string(MethodName(request.method)).c_str());
      }
      if (has_body || request.method != Method::kDelete) {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, size);  // -1: chunked
        if (!has_body) curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
      }
      return;
  }
}

// The caller's headers, a default User-Agent, and no `Expect: 100-continue` round trip.
SlistPtr SetHeaders(CURL* c, const Request& request, const std::string& user_agent) {
  SlistPtr headers(nullptr, &curl_slist_free_all);
  auto add = [&headers](const std::string& line) {
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  };
  bool has_user_agent = false;
  for (const auto& [name, value] : request.headers) {
    if (absl::EqualsIgnoreCase(name, "User-Agent")) has_user_agent = true;
    add(value.empty() ? name + ";" : absl::StrCat(name, ": ", value));
  }
  if (!has_user_agent) add("User-Agent: " + user_agent);
  add("Expect:");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  return headers;
}

// The TLS mode (tls_options.h); `expected`: tls.thumbprint parsed. `pin` must outlive the call.
void SetTls(CURL* c, const TlsOptions& tls, const std::optional<Thumbprint>& expected,
            PinCheck* pin) {
  *pin = PinCheck{};
  if (expected.has_value()) {
    pin->expected = *expected;
    // libcurl's own checks off: the pin replaces chain and host name verification, enforced by
    // the certificate-verify callback InstallPin sets on the connection's SSL_CTX.
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_CTX_FUNCTION, &InstallPin);
    curl_easy_setopt(c, CURLOPT_SSL_CTX_DATA, pin);
    curl_easy_setopt(c, CURLOPT_SSL_SESSIONID_CACHE, 0L);  // every handshake sees the pin
  } else if (tls.insecure) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  } else if (!tls.ca_file.empty() || !tls.ca_pem.empty()) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_CAPATH, nullptr);  // only the given bundle, not /etc/ssl/certs
    if (!tls.ca_file.empty()) {
      curl_easy_setopt(c, CURLOPT_CAINFO, tls.ca_file.c_str());
    } else {
      curl_blob blob{.data = const_cast<char*>(tls.ca_pem.data()),
                     .len = tls.ca_pem.size(),
                     .flags = CURL_BLOB_NOCOPY};
      curl_easy_setopt(c, CURLOPT_CAINFO, nullptr);
      curl_easy_setopt(c, CURLOPT_CAINFO_BLOB, &blob);
    }
  }
}

// The status for a call libcurl failed (Transport::RoundTrip's contract).
absl::Status CallError(CURLcode rc, const char* errbuf, const Call& call, const PinCheck& pin,
                       const std::string& context, absl::Duration timeout) {
  const std::string detail = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc);
  if (pin.mismatch) {
    return absl::FailedPreconditionError(
        absl::StrCat(context, ": TLS certificate thumbprint ", FormatThumbprint(pin.presented),
                     " does not match the configured thumbprint ", FormatThumbprint(pin.expected)));
  }
  if (call.cancelled) return absl::CancelledError(absl::StrCat(context, ": cancelled"));
  if (!call.reader_status.ok()) return call.reader_status;
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    return absl::DeadlineExceededError(
        absl::StrCat(context, ": timed out after ", absl::FormatDuration(timeout), ": ", detail));
  }
  if (rc == CURLE_SEND_FAIL_REWIND) {
    // libcurl would send the request again on a new connection, which needs the body rewound;
    // the transport never rewinds, so that a mutating call is never sent twice behind the
    // caller's back (it decides: reads are resent, mutating calls left to the planner's retry).
    return absl::UnavailableError(absl::StrCat(
        context, ": the kept-alive connection closed before an answer; not sent again"));
  }
  if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE) {
    return absl::FailedPreconditionError(
        absl::StrCat(context, ": TLS certificate verification failed: ", detail));
  }
  return absl::UnavailableError(absl::StrCat(context, ": ", detail));
}

}  // namespace

// A libcurl easy handle (one kept-alive connection) and its pin state.
struct Handle {
  CURL* curl = nullptr;
  PinCheck pin;
  ~Handle() {
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
};

class CurlTransport::Pool {
 public:
  explicit Pool(int size) : size_(size) {}

  // Takes a free handle, creating one while fewer than `size_` exist, else waits.
  Handle* Acquire() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](Pool* p) ABSL_EXCLUSIVE_LOCKS_REQUIRED(p->mu_) {
          return !p->free_.empty() || static_cast<int>(p->all_.size()) < p->size_;
        },
        this));
    if (!free_.empty()) {
      Handle* h = free_.back();
      free_.pop_back();
      return h;
    }
    auto h = std::make_unique<Handle>();
    h->curl = curl_easy_init();
    if (h->curl == nullptr) return nullptr;
    all_.push_back(std::move(h));
    return all_.back().get();
  }

  void Release(Handle* h) {
    absl::MutexLock lock(&mu_);
    free_.push_back(h);
  }

  std::atomic<int64_t> connections{0};

 private:
  const int size_;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<Handle>> all_ ABSL_GUARDED_BY(mu_);
  std::vector<Handle*> free_ ABSL_GUARDED_BY(mu_);
};

absl::StatusOr<std::unique_ptr<CurlTransport>> CurlTransport::Create(CurlTransportOptions options) {
  GlobalInit();
  absl::StatusOr<std::string> base = BaseUrlFromServer(options.base_url);
  if (!base.ok()) return base.status();
  if (absl::StartsWith(*base, "http://") && !options.allow_plain_http) {
    return absl::InvalidArgumentError(
        absl::StrCat(*base, ": plain http is refused (vCenter is always https)"));
  }
  options.base_url = *std::move(base);
  if (absl::Status s = ValidateTlsOptions(options.tls); !s.ok()) return s;
  if (options.max_connections < 1) {
    return absl::InvalidArgumentError("max_connections must be at least 1");
  }
  if (!options.tls.thumbprint.empty() && !CurlUsesOpenSsl()) {
    return absl::FailedPreconditionError(
        "thumbprint pinning needs libcurl built on OpenSSL (CURLOPT_SSL_CTX_FUNCTION)");
  }
  if (!options.tls.ca_file.empty() && !std::ifstream(options.tls.ca_file).good()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read the CA bundle ", options.tls.ca_file));
  }
  std::optional<Thumbprint> pin;
  if (!options.tls.thumbprint.empty()) {
    absl::StatusOr<Thumbprint> parsed = ParseThumbprint(options.tls.thumbprint);
    if (!parsed.ok()) return parsed.status();  // ValidateTlsOptions already refused it
    pin = *parsed;
  }
  if (options.tls.insecure) {
    log::Logger().Info(0, "TLS verification of vCenter disabled (insecure)",
                       {{"endpoint", options.base_url}});
  }
  return std::unique_ptr<CurlTransport>(new CurlTransport(std::move(options), pin));
}

CurlTransport::CurlTransport(CurlTransportOptions options, std::optional<Thumbprint> pin)
    : options_(std::move(options)),
      pin_(pin),
      pool_(std::make_unique<Pool>(options_.max_connections)) {}

CurlTransport::~CurlTransport() = default;

std::string CurlTransport::Endpoint() const { return options_.base_url; }

int64_t CurlTransport::ConnectionsOpened() const { return pool_->connections.load(); }

absl::StatusOr<Response> CurlTransport::RoundTrip(const Request& request) {
  if (!absl::StartsWith(request.path, "/")) {
    return absl::InvalidArgumentError(
        absl::StrCat("request path must start with '/': ", request.path));
  }
  const std::string url = options_.base_url + request.path;
  const std::string context = absl::StrCat(AbslView(MethodName(request.method)), " ", url);
  const absl::Duration timeout =
      request.timeout > absl::ZeroDuration() ? request.timeout : options_.default_timeout;

  Handle* h = pool_->Acquire();
  if (h == nullptr) return absl::ResourceExhaustedError("curl_easy_init failed");
  struct Releaser {
    Pool* pool;
    Handle* h;
    ~Releaser() { pool->Release(h); }
  } releaser{pool_.get(), h};
  CURL* c = h->curl;
  // Reset keeps the live connection (keep-alive) and the caches, drops every option.
  curl_easy_reset(c);

  Response response;
  Call call{.request = &request, .response = &response};
  char errbuf[CURL_ERROR_SIZE] = {0};
  SetCommon(c, url, timeout, options_.connect_timeout, &call, errbuf);
  SetMethodAndBody(c, request, &call);
  SlistPtr headers = SetHeaders(c, request, options_.user_agent);
  SetTls(c, options_.tls, pin_, &h->pin);

  const absl::Time start = absl::Now();
  const CURLcode rc = curl_easy_perform(c);
  long connects = 0;  // NOLINT(runtime/int)
  curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &connects);
  pool_->connections += connects;
  const std::string duration_ms = absl::StrCat(absl::ToInt64Milliseconds(absl::Now() - start));

  if (rc != CURLE_OK) {
    absl::Status status = CallError(rc, errbuf, call, h->pin, context, timeout);
    if (log::Logger::Enabled(6)) {
      log::Logger().Info(
          6, "HTTP call failed",
          {{"call", context}, {"error", status.ToString()}, {"durationMs", duration_ms}});
    }
    return status;
  }
  long http_status = 0;  // NOLINT(runtime/int)
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &http_status);
  response.status = static_cast<int>(http_status);
  if (log::Logger::Enabled(6)) {
    log::Logger().Info(6, "HTTP call",
                       {{"call", context},
                        {"status", absl::StrCat(response.status)},
                        {"durationMs", duration_ms}});
  }
  return response;
}

}  // namespace eksa::vsphere::transport
