#include "libs/spec/validate.h"

#include <cctype>
#include <charconv>

#include "libs/spec/validate_internal.h"

namespace eksa::spec {
namespace internal {

bool Require(const Value<std::string>& v, const std::string& field, Diagnostics& diags,
             const std::string& remediation) {
  if (v.has() && !v.value.empty()) return true;
  diags.Error(v.pos, field, v.set ? "must not be empty" : "is required", remediation);
  return false;
}

void ValidateObjectName(const ObjectHeader& header, Diagnostics& diags) {
  const Value<std::string>& name = header.metadata.name;
  if (!Require(name, "metadata.name", diags, "name the " + header.kind.value)) return;
  bool ok = name.value.size() <= 253 &&
            std::isalnum(static_cast<unsigned char>(name.value.front())) &&
            std::isalnum(static_cast<unsigned char>(name.value.back()));
  for (char c : name.value) {
    ok &= std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  }
  if (!ok) {
    diags.Error(name.pos, "metadata.name", "\"" + name.value + "\" is not a Kubernetes object name",
                "use lowercase letters, digits, '-' and '.', starting and ending with a letter or "
                "digit");
  }
}

namespace {
bool IsLabelName(std::string_view s) {
  if (s.empty() || s.size() > 63) return false;
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  if (!alnum(s.front()) || !alnum(s.back())) return false;
  for (char c : s) {
    if (!alnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}
}  // namespace

bool IsLabelKey(std::string_view key) {
  size_t slash = key.find('/');
  if (slash == std::string_view::npos) return IsLabelName(key);
  std::string_view prefix = key.substr(0, slash);
  if (prefix.empty() || prefix.size() > 253) return false;
  for (char c : prefix) {
    if (!std::islower(static_cast<unsigned char>(c)) &&
        !std::isdigit(static_cast<unsigned char>(c)) && c != '-' && c != '.') {
      return false;
    }
  }
  return IsLabelName(key.substr(slash + 1));
}

bool IsLabelValue(std::string_view value) { return value.empty() || IsLabelName(value); }

void ValidateLabels(const std::vector<std::pair<Value<std::string>, Value<std::string>>>& labels,
                    const std::string& field, Diagnostics& diags) {
  for (const auto& [k, v] : labels) {
    if (!IsLabelKey(k.value)) {
      diags.Error(k.pos, field + "." + k.value, "is not a valid Kubernetes label key",
                  "use [prefix/]name with a name of at most 63 characters: letters, digits, '-', "
                  "'_', '.', starting and ending with a letter or digit");
    } else if (!IsLabelValue(v.value)) {
      diags.Error(
          v.pos, field + "." + k.value,
          "label value \"" + v.value + "\" is not a valid Kubernetes label value",
          "use at most 63 letters, digits, '-', '_', '.', starting and ending with a letter "
          "or digit");
    }
  }
}

bool ParseKubeVersion(std::string_view v, int* minor) {
  if (v.size() < 3 || v.substr(0, 2) != "1.") return false;
  std::string_view rest = v.substr(2);
  auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), *minor);
  return ec == std::errc() && ptr == rest.data() + rest.size() && rest.front() != '0';
}

}  // namespace internal

void Validate(const ClusterSpec& spec, Diagnostics& diags) {
  for (const Cluster& c : spec.clusters) {
    diags.SetObject("Cluster", c.header.metadata.name.value);
    internal::ValidateCluster(c, diags);
    internal::ValidateClusterNetwork(c, diags);
    internal::ValidateProxyAndMirror(c, diags);
  }
  for (const VSphereDatacenterConfig& dc : spec.datacenters) {
    diags.SetObject("VSphereDatacenterConfig", dc.header.metadata.name.value);
    internal::ValidateDatacenter(dc, diags);
  }
  for (const VSphereMachineConfig& m : spec.machines) {
    diags.SetObject("VSphereMachineConfig", m.header.metadata.name.value);
    internal::ValidateMachine(m, diags);
  }
  for (const GitOpsObject& g : spec.gitops) {
    diags.SetObject(g.header.kind.value, g.header.metadata.name.value);
    internal::ValidateGitOps(g, diags);
  }
  internal::ValidateReferences(spec, diags);
  diags.SetObject("", "");
}

}  // namespace eksa::spec
