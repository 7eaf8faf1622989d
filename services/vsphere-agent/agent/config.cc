#include "services/vsphere-agent/agent/config.h"

#include <unistd.h>

#include <cctype>
#include <fstream>
#include <sstream>

#include "absl/strings/str_replace.h"
#include "libs/common/redact.h"
#include "libs/rpc/server.h"
#include "libs/spec/reader.h"
#include "libs/spec/yaml_tree.h"

namespace eksa::vsphere_agent {
namespace {

using spec::Diagnostics;
using spec::MapReader;

// An integer in [min, max] into *out, or an error at its position.
void ReadIntInRange(MapReader& r, std::string_view key, int64_t min, int64_t max, int* out,
                    Diagnostics& d) {
  spec::Value<int64_t> v = r.Int(key);
  if (!v.set) return;
  if (v.value < min || v.value > max) {
    d.Error(v.pos, r.PathOf(key),
            "must be from " + std::to_string(min) + " to " + std::to_string(max) + ", got " +
                std::to_string(v.value));
    return;
  }
  *out = static_cast<int>(v.value);
}

void ReadAddress(MapReader& r, std::string_view key, std::string* out, Diagnostics& d) {
  spec::Value<std::string> v = r.String(key);
  if (!v.set) return;
  if (absl::Status s = rpc::ValidateListenAddress(v.value); !s.ok()) {
    std::string message(s.message());
    if (key != "listen") message = absl::StrReplaceAll(message, {{"listen address", "address"}});
    d.Error(v.pos, r.PathOf(key), message, "write host:port, e.g. 127.0.0.1:50052");
    return;
  }
  *out = v.value;
}

// "ab:cd:…" or "AB CD …" → "AB:CD:…"; empty when it is not 20 hex pairs.
std::string NormalizeThumbprint(std::string_view in) {
  std::string hex;
  for (char c : in) {
    if (c == ':' || c == ' ') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return "";
    hex.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  if (hex.size() != 40) return "";
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    if (!out.empty()) out.push_back(':');
    out.append(hex, i, 2);
  }
  return out;
}

void ReadTls(MapReader& v, VCenterServerConfig& server, Diagnostics& d) {
  spec::Value<std::string> ca = v.String("caFile");
  spec::Value<std::string> thumbprint = v.String("thumbprint");
  spec::Value<bool> insecure = v.Bool("insecure");
  const int chosen = (ca.set ? 1 : 0) + (thumbprint.set ? 1 : 0) + (insecure.value ? 1 : 0);
  if (chosen > 1) {
    d.Error(v.pos(), v.path(), "caFile, thumbprint and insecure: true exclude each other",
            "keep one way to check the server's certificate");
    return;
  }
  if (ca.set) {
    server.tls_mode = TlsMode::kCaFile;
    server.ca_file = ca.value;
    if (access(ca.value.c_str(), R_OK) != 0) {
      d.Error(ca.pos, v.PathOf("caFile"), "cannot read " + ca.value,
              "point caFile at a readable PEM file of CA certificates");
    }
  } else if (thumbprint.set) {
    server.tls_mode = TlsMode::kThumbprint;
    server.thumbprint = NormalizeThumbprint(thumbprint.value);
    if (server.thumbprint.empty()) {
      d.Error(thumbprint.pos, v.PathOf("thumbprint"),
              "\"" + thumbprint.value + "\" is not a SHA-1 thumbprint",
              "write 20 hex pairs joined by ':', as `openssl x509 -fingerprint -sha1` prints");
    }
  } else if (insecure.value) {
    server.tls_mode = TlsMode::kInsecure;
  }
}

// Whether a key's value is a secret: its name says so (password, token, …) and it is not the
// path of a file that holds one (passwordFile).
bool HoldsSecret(const std::string& key) {
  constexpr std::string_view kFileSuffix = "File";
  const bool file =
      key.size() > kFileSuffix.size() &&
      key.compare(key.size() - kFileSuffix.size(), kFileSuffix.size(), kFileSuffix) == 0;
  return IsSecretKey(key) && !file;
}

// Every scalar under a key that holds a secret, anywhere in the file, so no message about the
// file (a type error quoting the value, an unknown-key error) can print one.
void RegisterSecretValues(const spec::YamlNode& node) {
  for (size_t i = 0; i < node.children.size(); ++i) {
    const spec::YamlNode& child = node.children[i];
    if (node.IsMap() && i % 2 == 1 && node.children[i - 1].IsScalar() &&
        HoldsSecret(node.children[i - 1].value) && child.IsScalar()) {
      RegisterSecret(child.value);
    }
    RegisterSecretValues(child);
  }
}

// A `password:` key is an error that names the key, never the value.
void RejectInlinePassword(MapReader& v, Diagnostics& d) {
  v.Ignore("password");
  const spec::Position at = v.ValuePos("password");
  if (at == v.pos()) return;
  // The field is the entry, not "….password": the logger masks what follows "password:".
  d.Error(at, v.path(), "a password key is not allowed (passwords are never written in the config)",
          "remove it; use passwordFile, or EKSA_VSPHERE_PASSWORD in the agent's environment");
}

void ReadVCenter(MapReader& v, AgentConfig& config, Diagnostics& d) {
  VCenterServerConfig server{.pos = v.pos()};
  spec::Value<std::string> name = v.String("server");
  server.server = name.value;
  ReadIntInRange(v, "port", 1, 65535, &server.port, d);
  ReadTls(v, server, d);
  ReadIntInRange(v, "concurrency", 1, kMaxConcurrency, &server.concurrency, d);
  server.datacenter = v.String("datacenter").value;
  server.username = v.String("username").value;
  spec::Value<std::string> username_file = v.String("usernameFile");
  server.username_file = username_file.value;
  server.username_file_pos = username_file.pos;
  spec::Value<std::string> password_file = v.String("passwordFile");
  server.password_file = password_file.value;
  server.password_file_pos = password_file.pos;
  RejectInlinePassword(v, d);
  v.Finish();
  if (!server.username.empty() && !server.username_file.empty()) {
    d.Error(username_file.pos, v.PathOf("usernameFile"),
            "username and usernameFile exclude each other", "keep one of them");
  }
  if (server.server.empty()) {
    d.Error(v.pos(), v.PathOf("server"), "a vCenter entry needs its server",
            "add server: <host as in VSphereDatacenterConfig.spec.server>");
    return;
  }
  if (server.server.find_first_of(" \t/") != std::string::npos) {
    d.Error(name.pos, v.PathOf("server"), "\"" + server.server + "\" is not a host name",
            "write the host only, e.g. vcenter.lab.example (no scheme, no path)");
    return;
  }
  for (const VCenterServerConfig& other : config.vcenters) {
    if (other.server == server.server) {
      d.Error(name.pos, v.PathOf("server"), "vCenter server " + server.server + " is listed twice",
              "keep one entry per server");
      return;
    }
  }
  config.vcenters.push_back(std::move(server));
}

void ReadRoot(MapReader& root, AgentConfig& config, Diagnostics& d) {
  ReadAddress(root, "listen", &config.listen, d);
  ReadAddress(root, "advertiseAddress", &config.advertise_address, d);
  if (spec::Value<std::string> id = root.String("agentId"); id.set) {
    if (id.value.empty() || id.value.size() > 128) {
      d.Error(id.pos, "agentId", "must be 1 to 128 characters", "write e.g. vsphere-a");
    }
    config.agent_id = id.value;
  }
  MapReader planner = root.Map("planner");
  ReadAddress(planner, "address", &config.planner_address, d);
  planner.Finish();
  ReadAddress(root, "metricsListen", &config.metrics_listen, d);
  spec::ReadPositiveDuration(root, "shutdownGrace", &config.shutdown_grace, d);
  MapReader idempotency = root.Map("idempotency");
  spec::ReadPositiveDuration(idempotency, "ttl", &config.idempotency_ttl, d);
  ReadIntInRange(idempotency, "maxEntries", 1, 10'000'000, &config.idempotency_max_entries, d);
  idempotency.Finish();
  for (MapReader& v : root.MapList("vcenters")) ReadVCenter(v, config, d);
  if (config.vcenters.empty() && !d.HasErrors()) {
    d.Error(root.ValuePos("vcenters"), "vcenters", "the agent serves no vCenter server",
            "add a vcenters: list with at least one server: entry");
  }
  root.Finish();
}

}  // namespace

std::string_view TlsModeName(TlsMode mode) {
  switch (mode) {
    case TlsMode::kSystemCa:
      return "system-ca";
    case TlsMode::kCaFile:
      return "ca-file";
    case TlsMode::kThumbprint:
      return "thumbprint";
    case TlsMode::kInsecure:
      return "insecure";
  }
  return "unknown";
}

absl::StatusOr<AgentConfig> ParseAgentConfig(std::string_view file_name, std::string_view text) {
  AgentConfig config{.file = std::string(file_name)};
  Diagnostics d{std::string(file_name)};
  std::vector<spec::YamlDocument> docs = spec::ParseYaml(text, d);
  if (!d.HasErrors() && docs.size() > 1) {
    d.Error(docs[1].pos, "", "the agent config is one YAML document", "remove the extra ---");
  }
  for (const spec::YamlDocument& doc : docs) RegisterSecretValues(doc.root);
  if (!d.HasErrors()) {
    static const spec::YamlNode kEmpty;
    const spec::YamlNode& node = docs.empty() ? kEmpty : docs[0].root;
    MapReader root(&node, "", docs.empty() ? spec::Position{} : docs[0].pos, d);
    ReadRoot(root, config, d);
  }
  if (!d.HasErrors()) return config;
  d.SortByPosition();
  std::string message = "reading the vSphere agent config:";
  for (const spec::Diagnostic& diag : d.items()) message += "\n" + spec::FormatText(diag);
  return absl::InvalidArgumentError(Redact(message));
}

absl::StatusOr<AgentConfig> LoadAgentConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError("reading the vSphere agent config: cannot open " + path);
  }
  std::stringstream text;
  text << in.rdbuf();
  return ParseAgentConfig(path, text.str());
}

std::string DefaultAgentId(std::string_view environment_id) {
  if (!environment_id.empty()) return std::string(environment_id.substr(0, 128));
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') return "vsphere-agent";
  std::string id = "vsphere-";
  for (const char* c = host; *c != '\0' && id.size() < 128; ++c) {
    const bool ok =
        std::isalnum(static_cast<unsigned char>(*c)) || *c == '.' || *c == '_' || *c == '-';
    id.push_back(ok ? *c : '-');
  }
  return id;
}

}  // namespace eksa::vsphere_agent
