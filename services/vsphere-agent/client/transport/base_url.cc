#include "services/vsphere-agent/client/transport/base_url.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"

namespace eksa::vsphere::transport {

absl::StatusOr<std::string> BaseUrlFromServer(std::string_view server) {
  absl::string_view s = absl::StripAsciiWhitespace(AbslView(server));
  if (s.empty()) return absl::InvalidArgumentError("vCenter server is empty");
  std::string scheme = "https";
  if (const size_t p = s.find("://"); p != absl::string_view::npos) {
    scheme = absl::AsciiStrToLower(s.substr(0, p));
    if (scheme != "https" && scheme != "http") {
      return absl::InvalidArgumentError(
          absl::StrCat("vCenter server ", s, ": scheme ", scheme, " is not https"));
    }
    s.remove_prefix(p + 3);
  }
  s = s.substr(0, s.find_first_of("/?#"));
  if (const size_t at = s.rfind('@'); at != absl::string_view::npos) s.remove_prefix(at + 1);
  absl::string_view host = s;
  absl::string_view port;
  if (absl::StartsWith(s, "[")) {  // [IPv6]:port
    const size_t close = s.find(']');
    if (close == absl::string_view::npos) {
      return absl::InvalidArgumentError("vCenter server: unterminated IPv6 address");
    }
    host = s.substr(0, close + 1);
    absl::string_view rest = s.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return absl::InvalidArgumentError("vCenter server: malformed port");
      port = rest.substr(1);
    }
  } else if (const size_t colon = s.rfind(':'); colon != absl::string_view::npos) {
    host = s.substr(0, colon);
    port = s.substr(colon + 1);
  }
  if (host.empty() || host == "[]") {
    return absl::InvalidArgumentError("vCenter server: no host name");
  }
  for (char c : host) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c)) || c == '\\') {
      return absl::InvalidArgumentError("vCenter server: malformed host name");
    }
  }
  std::string out = absl::StrCat(scheme, "://", host);
  if (!port.empty()) {
    int n = 0;
    if (!absl::SimpleAtoi(port, &n) || n < 1 || n > 65535) {
      return absl::InvalidArgumentError(absl::StrCat("vCenter server: malformed port ", port));
    }
    absl::StrAppend(&out, ":", n);
  }
  return out;
}

}  // namespace eksa::vsphere::transport
