#include "services/vsphere-agent/agent/credentials.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "libs/common/redact.h"
#include "libs/spec/diagnostic.h"

namespace eksa::vsphere_agent {
namespace {

constexpr size_t kMinPasswordLength = 4;  // RegisterSecret ignores shorter strings

// The file's content less one trailing newline; nullopt (and an error) when it cannot be read or
// is empty. The error names the path, never the content.
//
// Wording: the logger masks whatever follows "<word holding password>:" (libs/common/redact.h),
// so these messages never put a colon right after "passwordFile", the field path or a file path;
// `field` is the vCenter entry and the key is named in the message.
std::optional<std::string> ReadValueFile(const std::string& path, spec::Position pos,
                                         const std::string& field, std::string_view key,
                                         spec::Diagnostics& d) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    d.Error(pos, field,
            std::string(key) + " " + path + " cannot be read (" + std::strerror(errno) + ")",
            "make the file readable by the agent's user");
    return std::nullopt;
  }
  std::stringstream content;
  content << in.rdbuf();
  std::string value = content.str();
  if (!value.empty() && value.back() == '\n') value.pop_back();
  if (!value.empty() && value.back() == '\r') value.pop_back();
  if (value.empty()) {
    d.Error(pos, field, std::string(key) + " " + path + " is empty",
            "write the value into the file");
    return std::nullopt;
  }
  return value;
}

struct Lookup {
  std::optional<std::string> value;
  std::string source;
};

// The numbered variable, then EKS-A's unnumbered one.
Lookup FromEnvironment(const Environment& env, int number, std::string_view what) {
  const std::string numbered = "EKSA_VSPHERE_" + std::to_string(number) + "_" + std::string(what);
  if (std::optional<std::string> v = env(numbered); v && !v->empty()) return {v, numbered};
  const std::string shared = "EKSA_VSPHERE_" + std::string(what);
  if (std::optional<std::string> v = env(shared); v && !v->empty()) return {v, shared};
  return {};
}

std::string Missing(int number, std::string_view what, std::string_view file_key) {
  return "no " + std::string(what == "USERNAME" ? "username" : "password") +
         " for this vCenter (looked at " + std::string(file_key) + ", EKSA_VSPHERE_" +
         std::to_string(number) + "_" + std::string(what) + " and EKSA_VSPHERE_" +
         std::string(what) + ")";
}

Credentials Resolve(const VCenterServerConfig& s, int index, const Environment& env,
                    spec::Diagnostics& d) {
  const std::string path = "vcenters[" + std::to_string(index) + "]";
  const int number = index + 1;
  Credentials c;
  Lookup password;
  if (!s.password_file.empty()) {
    password = {ReadValueFile(s.password_file, s.password_file_pos, path, "passwordFile", d),
                "passwordFile"};
  } else {
    password = FromEnvironment(env, number, "PASSWORD");
  }
  // First thing once read: nothing below (or anywhere later) may print it.
  if (password.value) RegisterSecret(*password.value);
  Lookup username;
  if (!s.username.empty()) {
    username = {s.username, "config"};
  } else if (!s.username_file.empty()) {
    username = {ReadValueFile(s.username_file, s.username_file_pos, path, "usernameFile", d),
                "usernameFile"};
  } else {
    username = FromEnvironment(env, number, "USERNAME");
  }
  if (!username.value && s.username_file.empty()) {
    d.Error(s.pos, path, Missing(number, "USERNAME", "username, usernameFile"),
            "set one of them to the vCenter account the agent logs in with");
  }
  if (!password.value && s.password_file.empty()) {
    d.Error(s.pos, path, Missing(number, "PASSWORD", "passwordFile"),
            "set one of them (passwordFile or the environment) to the account's password");
  }
  if (password.value && password.value->size() < kMinPasswordLength) {
    d.Error(s.pos, path, "the password from " + password.source + " is shorter than 4 characters",
            "use a real vCenter password (logs could not mask one this short)");
  }
  c.username = username.value.value_or("");
  c.username_source = username.source;
  c.password = Secret(password.value.value_or(""));
  c.password_source = password.source;
  return c;
}

}  // namespace

Environment ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

absl::StatusOr<std::map<std::string, Credentials>> ResolveCredentials(
    const AgentConfig& config, const Environment& environment) {
  spec::Diagnostics d{config.file};
  std::map<std::string, Credentials> out;
  for (size_t i = 0; i < config.vcenters.size(); ++i) {
    const VCenterServerConfig& s = config.vcenters[i];
    out[s.server] = Resolve(s, static_cast<int>(i), environment, d);
  }
  if (!d.HasErrors()) return out;
  d.SortByPosition();
  std::string message = "reading the vSphere agent's vCenter credentials:";
  for (const spec::Diagnostic& diag : d.items()) message += "\n" + spec::FormatText(diag);
  return absl::InvalidArgumentError(Redact(message));
}

}  // namespace eksa::vsphere_agent
