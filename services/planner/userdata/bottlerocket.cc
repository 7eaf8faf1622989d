// Bottlerocket user data: TOML settings read by the OS at first boot.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/planner/pki/ip.h"
#include "services/planner/pki/kubeconfig.h"
#include "services/planner/userdata/internal.h"

namespace eksa::planner::userdata::internal {
namespace {

// A TOML basic string.
std::string Toml(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      absl::StrAppend(&out, "\\u00", absl::Hex(u, absl::kZeroPad2));
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

std::string TomlArray(const std::vector<std::string>& values) {
  std::vector<std::string> quoted;
  quoted.reserve(values.size());
  for (const std::string& v : values) quoted.push_back(Toml(v));
  return absl::StrCat("[", absl::StrJoin(quoted, ", "), "]");
}

void Line(std::string& out, std::string_view key, const std::string& value) {
  absl::StrAppend(&out, absl::string_view(key.data(), key.size()), " = ", value, "\n");
}

// The admin container's user data: {"ssh":{"authorized-keys":[...]},"user":"<ssh user>"}.
std::string AdminUserData(const MachineBootstrap& m) {
  nlohmann::json data;
  data["user"] = m.ssh_user;
  data["ssh"]["authorized-keys"] = m.ssh_authorized_keys;
  return absl::Base64Escape(data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void AdminContainer(const MachineBootstrap& m, std::string& out) {
  out += "[settings.host-containers.admin]\n";
  Line(out, "enabled", "true");
  Line(out, "superpowered", "true");
  if (!m.bottlerocket.admin_container_source.empty()) {
    Line(out, "source", Toml(m.bottlerocket.admin_container_source));
  }
  if (!m.ssh_authorized_keys.empty()) Line(out, "user-data", Toml(AdminUserData(m)));
}

void Kubernetes(const MachineBootstrap& m, const pki::ClusterPki& pki,
                const pki::BootstrapToken& token, std::string& out) {
  absl::StatusOr<std::string> dns_ip = pki::NthAddressInCidr(m.service_cidr, 10);  // validated
  out += "\n[settings.kubernetes]\n";
  Line(out, "api-server", Toml(absl::StrCat("https://", m.endpoint, ":", pki::kApiServerPort)));
  Line(out, "cluster-certificate", Toml(absl::Base64Escape(pki.ca.cert_pem)));
  Line(out, "cluster-name", Toml(m.cluster_name));
  Line(out, "cluster-domain", Toml(m.dns_domain));
  Line(out, "cluster-dns-ip", Toml(dns_ip.ok() ? *dns_ip : ""));
  Line(out, "bootstrap-token", Toml(token.Value().Reveal()));
  Line(out, "authentication-mode", Toml("tls"));
}

void Network(const MachineBootstrap& m, std::string& out) {
  out += "\n[settings.network]\n";
  Line(out, "hostname", Toml(m.machine_name));
  if (m.proxy.has_value()) {
    if (!m.proxy->https_proxy.empty()) Line(out, "https-proxy", Toml(m.proxy->https_proxy));
    Line(out, "no-proxy", TomlArray(NoProxy(m)));
  }
}

void Mirror(const MachineBootstrap& m, std::string& out) {
  if (!m.registry_mirror.has_value()) return;
  const RegistryMirror& mirror = *m.registry_mirror;
  out += "\n[settings.container-registry.mirrors]\n";
  Line(out, Toml(mirror.mirrored_registry), TomlArray({"https://" + mirror.endpoint}));
  if (mirror.ca_cert_pem.empty()) return;
  out += "\n[settings.pki.registry-mirror-ca]\n";
  Line(out, "data", Toml(absl::Base64Escape(mirror.ca_cert_pem)));
  Line(out, "trusted", "true");
}

// The container that runs the role's cloud-config. EKS-A's form is a superpowered host
// container, which runs next to the kubelet; a bootstrap container must exit before the kubelet
// starts (see KubeadmContainer).
void KubeadmBootstrapContainer(const MachineBootstrap& m, const pki::Secret& user_data,
                               std::string& out) {
  if (m.bottlerocket.kubeadm_container == KubeadmContainer::kHost) {
    out += "\n[settings.host-containers.kubeadm-bootstrap]\n";
    Line(out, "enabled", "true");
    Line(out, "superpowered", "true");
  } else {
    out += "\n[settings.bootstrap-containers.kubeadm-bootstrap]\n";
    Line(out, "essential", "false");
    Line(out, "mode", Toml(m.bottlerocket.bootstrap_container_mode));
  }
  Line(out, "source", Toml(m.bottlerocket.bootstrap_container_source));
  Line(out, "user-data", Toml(absl::Base64Escape(user_data.Reveal())));
}

}  // namespace

pki::Secret BottlerocketSettings(const MachineBootstrap& machine, const pki::ClusterPki& pki,
                                 const pki::BootstrapToken& token,
                                 const pki::Secret* bootstrap_user_data) {
  std::string out;
  AdminContainer(machine, out);
  if (machine.role != Role::kEtcd) Kubernetes(machine, pki, token, out);
  Network(machine, out);
  Mirror(machine, out);
  if (bootstrap_user_data != nullptr) {
    KubeadmBootstrapContainer(machine, *bootstrap_user_data, out);
  }
  return pki::Secret(std::move(out));
}

}  // namespace eksa::planner::userdata::internal
