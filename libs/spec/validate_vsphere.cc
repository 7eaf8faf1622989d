// VSphereDatacenterConfig and VSphereMachineConfig rules (EKSA_REFERENCE §3.4), plus thumbprint
// format, server form and placeholder SSH keys.
#include <cctype>
#include <string>

#include "libs/spec/net.h"
#include "libs/spec/validate_internal.h"

namespace eksa::spec::internal {
namespace {

// A SHA-1 thumbprint as vCenter shows it: 20 hex bytes separated by ':'.
bool IsSha1Thumbprint(std::string_view t) {
  if (t.size() != 59) return false;
  for (size_t i = 0; i < t.size(); ++i) {
    bool ok = i % 3 == 2 ? t[i] == ':' : std::isxdigit(static_cast<unsigned char>(t[i])) != 0;
    if (!ok) return false;
  }
  return true;
}

bool IsBase64(std::string_view s) {
  if (s.empty() || s.size() % 4 != 0) return false;
  size_t pad = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '=') {
      ++pad;
      continue;
    }
    if (pad > 0 || !(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/')) {
      return false;
    }
  }
  return pad <= 2;
}

// "type base64 [comment]" with a known key type.
bool IsSshPublicKey(std::string_view key) {
  size_t space = key.find(' ');
  if (space == std::string_view::npos) return false;
  std::string_view type = key.substr(0, space);
  std::string_view rest = key.substr(space + 1);
  std::string_view body = rest.substr(0, rest.find(' '));
  bool known = type == "ssh-rsa" || type == "ssh-ed25519" || type == "ssh-dss" ||
               type.substr(0, 11) == "ecdsa-sha2-" || type.substr(0, 4) == "sk-";
  return known && body.size() >= 16 && IsBase64(body);
}

}  // namespace

void ValidateDatacenter(const VSphereDatacenterConfig& dc, Diagnostics& diags) {
  ValidateObjectName(dc.header, diags);
  if (Require(dc.server, "spec.server", diags,
              "set the vCenter host name or IP, e.g. vcenter.example.com")) {
    const std::string& s = dc.server.value;
    if (s.find("://") != std::string::npos || s.find('/') != std::string::npos) {
      diags.Error(dc.server.pos, "spec.server",
                  "\"" + s + "\" must be the vCenter host name or IP, not a URL",
                  "remove the scheme and path, e.g. server: vcenter.example.com");
    } else if (!ParseIpv4(s) && !IsDnsName(s)) {
      diags.Error(dc.server.pos, "spec.server", "\"" + s + "\" is not a host name or IPv4 address",
                  "set the vCenter host name or IP");
    }
  }
  bool has_dc = Require(dc.datacenter, "spec.datacenter", diags,
                        "set the vSphere datacenter name, e.g. Datacenter");
  if (Require(dc.network, "spec.network", diags,
              "set the VM network, e.g. /Datacenter/network/VM Network") &&
      has_dc) {
    std::string prefix = "/" + dc.datacenter.value + "/network/";
    if (dc.network.value.rfind(prefix, 0) != 0 || dc.network.value.size() == prefix.size()) {
      diags.Error(dc.network.pos, "spec.network",
                  "network \"" + dc.network.value + "\" is not under " + prefix,
                  "give the network's path in datacenter " + dc.datacenter.value + ", e.g. " +
                      prefix + "VM Network");
    }
  }
  if (!dc.insecure.value && dc.thumbprint.set && !dc.thumbprint.value.empty() &&
      !IsSha1Thumbprint(dc.thumbprint.value)) {
    bool masked = dc.thumbprint.value.find('*') != std::string::npos;
    diags.Error(dc.thumbprint.pos, "spec.thumbprint",
                "\"" + dc.thumbprint.value +
                    "\" is not a SHA-1 thumbprint (20 hex bytes separated "
                    "by ':')" +
                    (masked ? "; it looks masked" : ""),
                "copy it from `govc about.cert -thumbprint -k` or the vCenter certificate, e.g. "
                "0E:89:91:5B:02:50:F6:41:D0:DE:6B:A0:B8:43:41:A4:81:03:93:F8");
  }
}

void ValidateMachine(const VSphereMachineConfig& m, Diagnostics& diags) {
  ValidateObjectName(m.header, diags);
  Require(m.datastore, "spec.datastore", diags,
          "set the datastore path, e.g. /Datacenter/datastore/datastore1");
  Require(m.resource_pool, "spec.resourcePool", diags,
          "set the resource pool path, e.g. /Datacenter/host/Cluster/Resources");
  const std::string& os = m.os_family.value;
  if (os != "bottlerocket" && os != "ubuntu" && os != "redhat") {
    diags.Error(m.os_family.pos, "spec.osFamily", "\"" + os + "\" is not a supported OS family",
                "use bottlerocket, ubuntu or redhat");
  } else if (os != "bottlerocket" && (!m.template_.set || m.template_.value.empty())) {
    diags.Error(m.template_.pos, "spec.template",
                "is required for " + os +
                    "; only Bottlerocket templates are imported "
                    "automatically",
                "build an " + os +
                    " template with image-builder and give its path, e.g. "
                    "/Datacenter/vm/Templates/" +
                    os + "-2204-kube-v1.31");
  }
  if (os == "bottlerocket" && !m.users.empty() && m.users[0].name.value != "ec2-user") {
    diags.Error(
        m.users[0].name.pos, "spec.users[0].name",
        "Bottlerocket machines must use the user ec2-user, got \"" + m.users[0].name.value + "\"",
        "set name: ec2-user");
  }
  struct Size {
    const Value<int64_t>& value;
    std::string field;
    std::string what;
  };
  for (const Size& s : {Size{m.num_cpus, "spec.numCPUs", "number of CPUs"},
                        Size{m.memory_mib, "spec.memoryMiB", "memory"},
                        Size{m.disk_gib, "spec.diskGiB", "disk size"}}) {
    if (s.value.value <= 0) {
      diags.Error(s.value.pos, s.field, s.what + " must be positive", "set a positive value");
    }
  }
  const std::string& clone = m.clone_mode.value;
  if (m.clone_mode.set && clone != "fullClone" && clone != "linkedClone") {
    diags.Error(m.clone_mode.pos, "spec.cloneMode", "\"" + clone + "\" is not a clone mode",
                "use fullClone or linkedClone, or leave it out to let eksa choose");
  }
  for (size_t u = 0; u < m.users.size(); ++u) {
    const UserConfiguration& user = m.users[u];
    for (size_t k = 0; k < user.ssh_authorized_keys.size(); ++k) {
      const Value<std::string>& key = user.ssh_authorized_keys[k];
      if (key.value.empty() || IsSshPublicKey(key.value)) continue;
      diags.Error(
          key.pos,
          "spec.users[" + std::to_string(u) + "].sshAuthorizedKeys[" + std::to_string(k) + "]",
          "is not an SSH public key" +
              std::string(key.value.find("...") != std::string::npos
                              ? " (the placeholder from generate clusterconfig?)"
                              : ""),
          "paste a public key such as the content of ~/.ssh/id_ed25519.pub, or leave it "
          "empty to have one generated");
    }
  }
}

}  // namespace eksa::spec::internal
