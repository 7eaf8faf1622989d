// Cluster networking (row 7 plus overlaps EKS-A misses), proxy (row 11) and registry mirror
// (row 12).
#include <charconv>
#include <optional>
#include <string>

#include "libs/spec/net.h"
#include "libs/spec/validate_internal.h"

namespace eksa::spec::internal {
namespace {

// Checks a list that must hold exactly one CIDR; returns it when valid.
std::optional<Cidr> SingleCidr(const std::vector<Value<std::string>>& blocks, Position list_pos,
                               const std::string& field, const char* example, Diagnostics& diags) {
  if (blocks.size() != 1) {
    diags.Error(blocks.empty() ? list_pos : blocks[1].pos, field,
                blocks.empty()
                    ? "exactly one CIDR block is required"
                    : "exactly one CIDR block is allowed, got " + std::to_string(blocks.size()),
                std::string("give one block, e.g. - ") + example);
    if (blocks.empty()) return std::nullopt;
  }
  const Value<std::string>& b = blocks[0];
  std::optional<Cidr> cidr = ParseCidr(b.value);
  if (!cidr) {
    diags.Error(b.pos, field + "[0]",
                "\"" + b.value + "\" is not an IPv4 CIDR block" +
                    (LooksLikeIpv6(b.value) ? " (IPv6 is not supported)" : ""),
                std::string("write address/prefix, e.g. ") + example);
    return std::nullopt;
  }
  if (cidr->host_bits_set) {
    diags.Warning(b.pos, field + "[0]",
                  "\"" + b.value + "\" has host bits set; it means " + FormatIpv4(cidr->base) +
                      "/" + std::to_string(cidr->prefix),
                  "write the network address");
  }
  return cidr;
}

void ValidateCni(const ClusterNetwork& n, Diagnostics& diags) {
  const std::string base = "spec.clusterNetwork";
  if (n.cni.set && n.cni.value == "kindnetd") {
    diags.Error(n.cni.pos, base + ".cni", "kindnetd is only for the Docker provider",
                "use cniConfig: {cilium: {}}");
  } else if (n.cni.set && n.cni.value != "cilium") {
    diags.Error(n.cni.pos, base + ".cni", "\"" + n.cni.value + "\" is not a supported CNI",
                "use cniConfig: {cilium: {}}");
  }
  if (n.cni.set && n.cni_config_present && n.cni_config_pos != n.cni.pos) {
    diags.Error(n.cni.pos, base + ".cni", "cannot be combined with cniConfig",
                "remove the deprecated cni field and keep cniConfig");
  }
  if (n.kindnetd_present) {
    diags.Error(n.kindnetd_pos, base + ".cniConfig.kindnetd",
                "kindnetd is only for the Docker provider", "use cniConfig: {cilium: {}}");
  }
  if (!n.cni_config_present && !n.cni.set) {
    diags.Error(n.pos, base + ".cniConfig", "is required", "add cniConfig: {cilium: {}}");
  } else if (n.cni_config_present && !n.cilium.present && !n.kindnetd_present) {
    diags.Error(n.cni_config_pos, base + ".cniConfig", "exactly one CNI plugin is required",
                "add cilium: {}");
  }
  const CiliumConfig& c = n.cilium;
  if (!c.present) return;
  const std::string cb = base + ".cniConfig.cilium";
  if (c.skip_upgrade.value &&
      (c.policy_enforcement_mode.set || c.routing_mode.set || c.egress_masquerade_interfaces.set ||
       c.ipv4_native_routing_cidr.set)) {
    diags.Error(c.skip_upgrade.pos, cb + ".skipUpgrade",
                "with skipUpgrade: true the other Cilium fields must be empty",
                "remove the other cilium fields or skipUpgrade");
  }
  const std::string& mode = c.policy_enforcement_mode.value;
  if (mode != "default" && mode != "always" && mode != "never") {
    diags.Error(c.policy_enforcement_mode.pos, cb + ".policyEnforcementMode",
                "\"" + mode + "\" is not a Cilium policy enforcement mode",
                "use default, always or never");
  }
  const std::string& routing = c.routing_mode.value;
  if (routing != "overlay" && routing != "direct") {
    diags.Error(c.routing_mode.pos, cb + ".routingMode",
                "\"" + routing + "\" is not a Cilium routing mode", "use overlay or direct");
  } else if (routing == "direct" && c.ipv4_native_routing_cidr.value.empty()) {
    diags.Error(c.routing_mode.pos, cb + ".ipv4NativeRoutingCIDR",
                "routingMode: direct needs ipv4NativeRoutingCIDR",
                "set ipv4NativeRoutingCIDR to the pod CIDR or the network that routes it");
  } else if (routing == "overlay" && c.ipv4_native_routing_cidr.set) {
    diags.Error(c.ipv4_native_routing_cidr.pos, cb + ".ipv4NativeRoutingCIDR",
                "only used with routingMode: direct", "remove it or set routingMode: direct");
  }
  if (c.ipv4_native_routing_cidr.set && !ParseCidr(c.ipv4_native_routing_cidr.value)) {
    diags.Error(c.ipv4_native_routing_cidr.pos, cb + ".ipv4NativeRoutingCIDR",
                "\"" + c.ipv4_native_routing_cidr.value + "\" is not an IPv4 CIDR block",
                "write address/prefix, e.g. 192.168.0.0/16");
  }
}

// Parses "[http[s]://]host[:port][/path]"; `port` is set when one is written.
bool SplitHostPort(std::string_view url, std::string* host, std::optional<int>* port) {
  size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    std::string_view s = url.substr(0, scheme);
    if (s != "http" && s != "https") return false;
    url.remove_prefix(scheme + 3);
  }
  url = url.substr(0, url.find('/'));
  size_t colon = url.rfind(':');
  if (colon != std::string_view::npos) {
    std::string_view p = url.substr(colon + 1);
    int value = 0;
    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
    if (ec != std::errc() || ptr != p.data() + p.size() || p.empty()) return false;
    *port = value;
    url = url.substr(0, colon);
  }
  *host = std::string(url);
  return !host->empty();
}

void ValidateProxyUrl(const Value<std::string>& v, const std::string& field, Diagnostics& diags) {
  if (!Require(v, field, diags, "set it, e.g. http://proxy.example.com:3128")) return;
  std::string host;
  std::optional<int> port;
  if (!SplitHostPort(v.value, &host, &port) || (!ParseIpv4(host) && !IsDnsName(host))) {
    diags.Error(v.pos, field, "\"" + v.value + "\" is not a proxy URL or host:port",
                "write http://host:port or host:port");
  } else if (port && (*port < 1 || *port > 65535)) {
    diags.Error(v.pos, field, "port " + std::to_string(*port) + " is not between 1 and 65535",
                "fix the port number");
  }
}

}  // namespace

void ValidateClusterNetwork(const Cluster& c, Diagnostics& diags) {
  const ClusterNetwork& n = c.cluster_network;
  ValidateCni(n, diags);
  std::optional<Cidr> pods = SingleCidr(
      n.pod_cidrs, n.pods_pos, "spec.clusterNetwork.pods.cidrBlocks", "192.168.0.0/16", diags);
  std::optional<Cidr> services =
      SingleCidr(n.service_cidrs, n.services_pos, "spec.clusterNetwork.services.cidrBlocks",
                 "10.96.0.0/12", diags);
  int64_t node_mask = n.node_cidr_mask_size.value;
  if (pods) {
    if (pods->prefix >= node_mask || node_mask - pods->prefix > 16) {
      diags.Error(n.pod_cidrs[0].pos, "spec.clusterNetwork.pods.cidrBlocks[0]",
                  "pod CIDR /" + std::to_string(pods->prefix) +
                      " must be larger than the per-node "
                      "mask /" +
                      std::to_string(node_mask) + " by at most 16 bits",
                  "use a pod CIDR between /" +
                      std::to_string(std::max<int64_t>(node_mask - 16, 0)) + " and /" +
                      std::to_string(node_mask - 1));
    }
  }
  if (pods && services && Overlaps(*pods, *services)) {
    diags.Error(n.service_cidrs[0].pos, "spec.clusterNetwork.services.cidrBlocks[0]",
                "service CIDR " + n.service_cidrs[0].value + " overlaps the pod CIDR " +
                    n.pod_cidrs[0].value,
                "choose ranges that do not overlap, e.g. pods 192.168.0.0/16 and services "
                "10.96.0.0/12");
  }
  std::optional<uint32_t> endpoint = ParseIpv4(c.control_plane.endpoint_host.value);
  struct Range {
    const std::optional<Cidr>& cidr;
    const std::vector<Value<std::string>>& blocks;
    std::string what;
  };
  for (const Range& r :
       {Range{pods, n.pod_cidrs, "pod"}, Range{services, n.service_cidrs, "service"}}) {
    if (!r.cidr || !endpoint || !Contains(*r.cidr, *endpoint)) continue;
    diags.Error(c.control_plane.endpoint_host.pos, "spec.controlPlaneConfiguration.endpoint.host",
                "endpoint " + c.control_plane.endpoint_host.value + " is inside the " + r.what +
                    " CIDR " + r.blocks[0].value + "; traffic to it would stay in the cluster",
                "use an address on the machines' network, outside the " + r.what + " CIDR");
  }
}

void ValidateProxyAndMirror(const Cluster& c, Diagnostics& diags) {
  if (c.proxy.present) {
    ValidateProxyUrl(c.proxy.http_proxy, "spec.proxyConfiguration.httpProxy", diags);
    ValidateProxyUrl(c.proxy.https_proxy, "spec.proxyConfiguration.httpsProxy", diags);
  }
  const RegistryMirrorConfiguration& m = c.registry_mirror;
  if (!m.present) return;
  const std::string base = "spec.registryMirrorConfiguration";
  if (Require(m.endpoint, base + ".endpoint", diags, "set the mirror's host or IP") &&
      !ParseIpv4(m.endpoint.value) && !IsDnsName(m.endpoint.value)) {
    diags.Error(m.endpoint.pos, base + ".endpoint",
                "\"" + m.endpoint.value + "\" is not a host name or IPv4 address",
                "give the host only, without scheme or port (the port goes in port)");
  }
  int port = 0;
  auto [ptr, ec] =
      std::from_chars(m.port.value.data(), m.port.value.data() + m.port.value.size(), port);
  if (ec != std::errc() || ptr != m.port.value.data() + m.port.value.size() || port < 1 ||
      port > 65535) {
    diags.Error(m.port.pos, base + ".port", "\"" + m.port.value + "\" is not a port (1-65535)",
                "set port: \"443\"");
  }
  int curated = 0;
  for (size_t i = 0; i < m.oci_namespaces.size(); ++i) {
    const OciNamespace& ns = m.oci_namespaces[i];
    std::string field = base + ".ociNamespaces[" + std::to_string(i) + "]";
    Require(ns.registry, field + ".registry", diags, "name the registry this namespace mirrors");
    const std::string& r = ns.registry.value;
    if (r.find(".dkr.ecr.") != std::string::npos && r.find("amazonaws.com") != std::string::npos) {
      if (++curated > 1) {
        diags.Error(ns.registry.pos, field + ".registry",
                    "only one curated-packages registry mirror is allowed",
                    "keep one ociNamespaces entry for the ECR packages registry");
      }
    }
  }
}

}  // namespace eksa::spec::internal
