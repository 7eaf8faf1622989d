#include "services/planner/pki/kubeconfig.h"

#include <openssl/crypto.h>

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace eksa::planner::pki {
namespace {

// A YAML double-quoted scalar (JSON string syntax is valid YAML).
std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20 || u == 0x7f) {
      absl::StrAppend(&out, "\\x", absl::Hex(u, absl::kZeroPad2));
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

std::string ServerUrl(std::string_view endpoint) {
  const std::string host = endpoint.find(':') != std::string_view::npos
                               ? absl::StrCat("[", std::string(endpoint), "]")
                               : std::string(endpoint);
  return absl::StrCat("https://", host, ":", kApiServerPort);
}

}  // namespace

Secret AdminKubeconfig(const ClusterPki& pki, std::string_view endpoint,
                       std::string_view cluster_name) {
  const std::string name(cluster_name);
  const std::string cluster = Quote(name);
  const std::string user = Quote(name + "-admin");
  const std::string context = Quote(name + "-admin@" + name);
  // The base64 of the admin key is a second copy of it: built inside a Secret so it is wiped.
  const Secret key_data(absl::Base64Escape(pki.admin.key_pem.Reveal()));
  std::vector<std::string> lines = {
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      "- name: " + cluster,
      "  cluster:",
      "    server: " + Quote(ServerUrl(endpoint)),
      "    certificate-authority-data: " + absl::Base64Escape(pki.ca.cert_pem),
      "users:",
      "- name: " + user,
      "  user:",
      "    client-certificate-data: " + absl::Base64Escape(pki.admin.cert_pem),
      "    client-key-data: " + key_data.Reveal(),
      "contexts:",
      "- name: " + context,
      "  context:",
      "    cluster: " + cluster,
      "    user: " + user,
      "current-context: " + context,
      "preferences: {}",
  };
  Secret out(absl::StrJoin(lines, "\n") + "\n");
  // `lines` holds a copy of the key text too; wipe it before the vector is freed.
  for (std::string& line : lines) OPENSSL_cleanse(line.data(), line.size());
  return out;
}

}  // namespace eksa::planner::pki
