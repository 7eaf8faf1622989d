// Test inputs: a ClusterPki of deterministic fake PEMs (stable goldens, readable failures), a
// fixed token, and a machine of each role.
#pragma once

#include <string>

#include "services/planner/pki/cluster_pki.h"
#include "services/planner/pki/token.h"
#include "services/planner/userdata/userdata.h"

namespace eksa::planner::userdata::testing {

inline std::string FakeCert(const std::string& name) {
  return "-----BEGIN CERTIFICATE-----\nFAKE-CERT-" + name + "\n-----END CERTIFICATE-----\n";
}
inline pki::Secret FakeKey(const std::string& name) {
  return pki::Secret("-----BEGIN RSA PRIVATE KEY-----\nFAKE-KEY-" + name +
                     "\n-----END RSA PRIVATE KEY-----\n");
}
inline pki::CertKeyPair FakePair(const std::string& name) {
  return {.cert_pem = FakeCert(name), .key_pem = FakeKey(name)};
}

inline pki::ClusterPki FakePki() {
  pki::ClusterPki p;
  p.ca = FakePair("ca");
  p.etcd_ca = FakePair("etcd-ca");
  p.front_proxy_ca = FakePair("front-proxy-ca");
  p.service_account = {
      .public_pem = "-----BEGIN PUBLIC KEY-----\nFAKE-SA-PUB\n-----END PUBLIC KEY-----\n",
      .private_pem = FakeKey("sa")};
  p.apiserver = FakePair("apiserver");
  p.apiserver_kubelet_client = FakePair("apiserver-kubelet-client");
  p.apiserver_etcd_client = FakePair("apiserver-etcd-client");
  p.front_proxy_client = FakePair("front-proxy-client");
  p.etcd_healthcheck_client = FakePair("etcd-healthcheck-client");
  p.admin = FakePair("admin");
  p.ca_cert_hash = "sha256:" + std::string(64, 'a');
  return p;
}

inline pki::BootstrapToken FakeToken() {
  return {.id = "abcdef", .secret = pki::Secret("0123456789abcdef")};
}

inline MachineBootstrap FakeMachine(Role role, OsFamily os) {
  MachineBootstrap m{
      .role = role,
      .os = os,
      .machine_name = "mgmt-cp-0",
      .cluster_name = "mgmt",
      .kubernetes_version = "v1.27.4",
      .endpoint = "127.0.0.10",
      .ssh_user = os == OsFamily::kUbuntu ? "capv" : "ec2-user",
      .ssh_authorized_keys = {"ssh-rsa AAAAB3NzaC1yc2E test@eksa"},
      .bottlerocket = {.bootstrap_container_source =
                           "public.ecr.aws/eks-anywhere/bottlerocket-bootstrap:v1-27-eks-a"},
  };
  switch (role) {
    case Role::kInitControlPlane:
      break;
    case Role::kJoinControlPlane:
      m.machine_name = "mgmt-cp-1";
      break;
    case Role::kWorker:
      m.machine_name = "mgmt-md-0-1";
      break;
    case Role::kEtcd:
      m.machine_name = "mgmt-etcd-0";
      m.etcd_version = "3.5.15";
      break;
  }
  return m;
}

}  // namespace eksa::planner::userdata::testing
