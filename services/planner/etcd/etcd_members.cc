#include "services/planner/etcd/etcd_members.h"

#include <curl/curl.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "nlohmann/json.hpp"

namespace eksa::planner::etcd {
namespace {

using Json = nlohmann::json;

size_t Append(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

curl_blob Blob(const std::string& pem) {
  return curl_blob{
      .data = const_cast<char*>(pem.data()), .len = pem.size(), .flags = CURL_BLOB_COPY};
}

// POSTs `body` to <endpoint><path> and returns etcd's JSON answer.
absl::StatusOr<Json> Post(const std::string& endpoint, const std::string& path, const Json& body,
                          const ClientTls& tls, absl::Duration timeout) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (curl == nullptr) return absl::InternalError("curl_easy_init failed");
  const std::string url = absl::StrCat(endpoint, path);
  const std::string payload = body.dump();
  const std::string key = tls.key_pem.Reveal();
  curl_blob ca = Blob(tls.ca_pem), cert = Blob(tls.cert_pem), key_blob = Blob(key);
  std::string response;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers,
                                                                          curl_slist_free_all);
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_CAINFO_BLOB, &ca);
  curl_easy_setopt(c, CURLOPT_SSLCERT_BLOB, &cert);
  curl_easy_setopt(c, CURLOPT_SSLCERTTYPE, "PEM");
  curl_easy_setopt(c, CURLOPT_SSLKEY_BLOB, &key_blob);
  curl_easy_setopt(c, CURLOPT_SSLKEYTYPE, "PEM");
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(timeout)));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Append);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response);
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    return absl::UnavailableError(
        absl::StrCat("etcd at ", endpoint, " did not answer ", path, ": ", curl_easy_strerror(rc)));
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  Json json = Json::parse(response, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return absl::InternalError(absl::StrCat("etcd at ", endpoint, " answered ", path, " with HTTP ",
                                            status, " and no JSON object"));
  }
  if (status != 200) {
    const std::string message = json.value("message", json.value("error", std::string()));
    return absl::FailedPreconditionError(
        absl::StrCat("etcd at ", endpoint, " refused ", path, " (HTTP ", status, "): ", message));
  }
  return json;
}

// The host of a URL such as "https://127.0.0.21:2380" or "https://[fd00::1]:2380".
std::string UrlHost(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  const std::string rest = url.substr(start);
  if (!rest.empty() && rest[0] == '[') return rest.substr(1, rest.find(']') - 1);
  return rest.substr(0, rest.find_first_of(":/"));
}

bool Matches(const Json& member, const MemberRef& ref) {
  if (!ref.name.empty() && member.value("name", std::string()) == ref.name) return true;
  if (ref.ip.empty() || !member.contains("peerURLs")) return false;
  for (const Json& url : member["peerURLs"]) {
    if (url.is_string() && UrlHost(url.get<std::string>()) == ref.ip) return true;
  }
  return false;
}

}  // namespace

absl::Status RemoveMember(std::string_view endpoint_view, const ClientTls& tls,
                          const MemberRef& member, absl::Duration timeout) {
  const std::string endpoint(endpoint_view);
  EKSA_ASSIGN_OR_RETURN(Json list,
                        Post(endpoint, "/v3/cluster/member/list", Json::object(), tls, timeout));
  for (const Json& m : list.value("members", Json::array())) {
    if (!Matches(m, member)) continue;
    // The gateway writes uint64 IDs as JSON strings.
    EKSA_RETURN_IF_ERROR(
        Post(endpoint, "/v3/cluster/member/remove", {{"ID", m.value("ID", Json())}}, tls, timeout)
            .status());
  }
  return absl::OkStatus();
}

}  // namespace eksa::planner::etcd
