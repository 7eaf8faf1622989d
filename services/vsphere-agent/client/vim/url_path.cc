#include "services/vsphere-agent/client/vim/url_path.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"

namespace eksa::vsphere::vim {
namespace {

struct Parts {
  std::string scheme;  // lower case, "" when absent
  std::string host;    // lower case host[:port], default port removed
  std::string path;    // from the first '/', "" when none
};

Parts Split(std::string_view url) {
  Parts p;
  size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    p.scheme = absl::AsciiStrToLower(AbslView(url.substr(0, scheme)));
    url.remove_prefix(scheme + 3);
  }
  size_t slash = url.find('/');
  p.host = absl::AsciiStrToLower(AbslView(url.substr(0, slash)));
  if (slash != std::string_view::npos) p.path = std::string(url.substr(slash));
  std::string_view default_port = p.scheme == "http" ? ":80" : ":443";
  if (p.host.size() > default_port.size() &&
      p.host.compare(p.host.size() - default_port.size(), default_port.size(), default_port) == 0) {
    p.host.resize(p.host.size() - default_port.size());
  }
  return p;
}

}  // namespace

absl::StatusOr<std::string> PathOnEndpoint(std::string_view url, std::string_view endpoint) {
  Parts u = Split(url);
  if (u.path.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("URL ", AbslView(url), " has no path"));
  }
  if (u.host != "*" && u.host != Split(endpoint).host) {
    return absl::FailedPreconditionError(
        absl::StrCat("URL ", AbslView(url), " is on another host than ", AbslView(endpoint)));
  }
  return u.path;
}

}  // namespace eksa::vsphere::vim
