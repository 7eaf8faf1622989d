// Reads a Cluster's spec (EKS-A ClusterSpec).
#include <string>

#include "libs/spec/parse_common.h"

namespace eksa::spec::internal {
namespace {

void ReadNetwork(MapReader& spec, ClusterNetwork& n) {
  MapReader net = spec.Map("clusterNetwork");
  n.pos = net.pos();
  n.cni = net.String("cni");
  MapReader cni = net.Map("cniConfig");
  n.cni_config_present = cni.present();
  n.cni_config_pos = cni.pos();
  MapReader cilium = cni.Map("cilium");
  n.cilium.pos = cilium.pos();
  n.cilium.present = cilium.present();
  n.cilium.policy_enforcement_mode = cilium.String("policyEnforcementMode");
  n.cilium.egress_masquerade_interfaces = cilium.String("egressMasqueradeInterfaces");
  n.cilium.skip_upgrade = cilium.Bool("skipUpgrade");
  n.cilium.routing_mode = cilium.String("routingMode");
  n.cilium.ipv4_native_routing_cidr = cilium.String("ipv4NativeRoutingCIDR");
  n.cilium.ipv6_native_routing_cidr = cilium.String("ipv6NativeRoutingCIDR");
  cilium.Unsupported("cniExclusive");
  cilium.Unsupported("helmValues", "set the Cilium options with the typed cilium fields");
  cilium.Finish();
  MapReader kindnetd = cni.Map("kindnetd");
  n.kindnetd_present = kindnetd.present();
  n.kindnetd_pos = kindnetd.pos();
  kindnetd.Finish();
  cni.Finish();

  MapReader pods = net.Map("pods");
  n.pods_pos = pods.pos();
  n.pod_cidrs = pods.StringList("cidrBlocks");
  pods.Finish();
  MapReader services = net.Map("services");
  n.services_pos = services.pos();
  n.service_cidrs = services.StringList("cidrBlocks");
  services.Finish();
  MapReader nodes = net.Map("nodes");
  n.node_cidr_mask_size = nodes.Int("cidrMaskSize");
  nodes.Finish();
  MapReader dns = net.Map("dns");
  MapReader resolv = dns.Map("resolvConf");
  n.resolv_conf_path = resolv.String("path");
  resolv.Finish();
  dns.Finish();
  net.Finish();
}

void ReadControlPlane(MapReader& spec, ControlPlaneConfiguration& cp) {
  MapReader r = spec.Map("controlPlaneConfiguration");
  cp.pos = r.pos();
  cp.count = r.Int("count");
  MapReader endpoint = r.Map("endpoint");
  cp.endpoint_host = endpoint.String("host");
  endpoint.Finish();
  cp.machine_group_ref = ReadRef(r, "machineGroupRef");
  cp.taints = ReadTaints(r);
  cp.labels = r.StringMap("labels");
  cp.cert_sans = r.StringList("certSans");
  cp.upgrade_rollout_strategy = ReadRolloutStrategy(r, /*workers=*/false);
  r.Unsupported("skipLoadBalancerDeployment");
  r.Unsupported("machineHealthCheck");
  r.Unsupported("apiServerExtraArgs");
  r.Unsupported("kubeletConfiguration");
  r.Unsupported("auditPolicyContent");
  r.Unsupported("skipAdmissionForSystemResources");
  r.Finish();
}

void ReadWorkers(MapReader& spec, Cluster& c) {
  c.workers_pos = spec.ValuePos("workerNodeGroupConfigurations");
  std::vector<MapReader> groups = spec.MapList("workerNodeGroupConfigurations");
  for (MapReader& r : groups) {
    WorkerNodeGroup g{.pos = r.pos(), .path = r.path()};
    g.name = r.String("name");
    g.count = r.Int("count");
    g.machine_group_ref = ReadRef(r, "machineGroupRef");
    MapReader as = r.Map("autoscalingConfiguration");
    g.autoscaling = {.pos = as.pos(), .present = as.present()};
    g.autoscaling.min_count = as.Int("minCount");
    g.autoscaling.max_count = as.Int("maxCount");
    as.Finish();
    g.taints = ReadTaints(r);
    g.labels = r.StringMap("labels");
    g.upgrade_rollout_strategy = ReadRolloutStrategy(r, /*workers=*/true);
    g.kubernetes_version = r.String("kubernetesVersion");
    r.Unsupported("machineHealthCheck");
    r.Unsupported("kubeletConfiguration");
    r.Unsupported("failureDomains");
    r.Finish();
    c.worker_node_groups.push_back(std::move(g));
  }
}

void ReadEtcd(MapReader& spec, ExternalEtcdConfiguration& etcd) {
  MapReader r = spec.Map("externalEtcdConfiguration");
  etcd.pos = r.pos();
  etcd.present = r.present();
  etcd.count = r.Int("count");
  etcd.machine_group_ref = ReadRef(r, "machineGroupRef");
  r.Finish();
}

void ReadProxy(MapReader& spec, ProxyConfiguration& p) {
  MapReader r = spec.Map("proxyConfiguration");
  p.pos = r.pos();
  p.present = r.present();
  p.http_proxy = r.String("httpProxy");
  p.https_proxy = r.String("httpsProxy");
  p.no_proxy = r.StringList("noProxy");
  r.Finish();
}

void ReadMirror(MapReader& spec, RegistryMirrorConfiguration& m) {
  MapReader r = spec.Map("registryMirrorConfiguration");
  m.pos = r.pos();
  m.present = r.present();
  m.endpoint = r.String("endpoint");
  m.port = r.String("port");
  for (MapReader& ns : r.MapList("ociNamespaces")) {
    OciNamespace o{.pos = ns.pos()};
    o.registry = ns.String("registry");
    o.namespace_ = ns.String("namespace");
    ns.Finish();
    m.oci_namespaces.push_back(std::move(o));
  }
  m.ca_cert_content = r.String("caCertContent");
  m.authenticate = r.Bool("authenticate");
  m.insecure_skip_verify = r.Bool("insecureSkipVerify");
  r.Finish();
}

}  // namespace

void ReadClusterSpec(MapReader& spec, Cluster& c) {
  c.kubernetes_version = spec.String("kubernetesVersion");
  ReadNetwork(spec, c.cluster_network);
  ReadControlPlane(spec, c.control_plane);
  c.datacenter_ref = ReadRef(spec, "datacenterRef");
  ReadEtcd(spec, c.external_etcd);
  ReadWorkers(spec, c);
  c.git_ops_ref = ReadRef(spec, "gitOpsRef");
  ReadProxy(spec, c.proxy);
  ReadMirror(spec, c.registry_mirror);
  MapReader mgmt = spec.Map("managementCluster");
  c.management_cluster = {.pos = mgmt.pos(), .present = mgmt.present()};
  c.management_cluster.name = mgmt.String("name");
  mgmt.Finish();
  c.eksa_version = spec.String("eksaVersion");
  MapReader bundles = spec.Map("bundlesRef");
  c.bundles_ref = {.pos = bundles.pos(), .present = bundles.present()};
  c.bundles_ref.api_version = bundles.String("apiVersion");
  c.bundles_ref.name = bundles.String("name");
  c.bundles_ref.namespace_ = bundles.String("namespace");
  bundles.Finish();
  spec.Unsupported("identityProviderRefs",
                   "remove it; OIDC and AWS IAM authenticator are not supported by eksa yet");
  spec.Unsupported("podIamConfig");
  spec.Unsupported("packages", "remove it; curated packages are not supported by eksa yet");
  spec.Unsupported("etcdEncryption");
  spec.Unsupported("machineHealthCheck");
  spec.Unsupported("licenseToken");
}

}  // namespace eksa::spec::internal
