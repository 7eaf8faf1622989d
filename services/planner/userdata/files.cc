// Which files each role gets. Control-plane machines get what CAPI's kubeadm bootstrap provider
// distributes from the cluster-certificates secrets (the CAs with their keys, the service-account
// key pair and, with external etcd, the API server's etcd client certificate): kubeadm makes the
// remaining leaves itself, for the machine's own IP, which is unknown when the userdata is made
// (a pre-made apiserver.crt without that IP would fail kubeadm's SAN check). Workers get no PKI
// files: kubeadm join's preflight refuses an existing ca.crt, and discovery checks the CA by hash.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/status_macros.h"
#include "services/planner/userdata/internal.h"

namespace eksa::planner::userdata::internal {
namespace {

void AddCert(std::vector<File>& files, std::string path, const std::string& pem) {
  files.push_back(File{std::move(path), pki::Secret(pem), std::string(kPublicPermissions)});
}

void AddPair(std::vector<File>& files, const std::string& base, const pki::CertKeyPair& pair) {
  AddCert(files, base + ".crt", pair.cert_pem);
  files.push_back(File{base + ".key", pair.key_pem, std::string(kKeyPermissions)});
}

void AddControlPlanePki(const MachineBootstrap& m, const pki::ClusterPki& pki,
                        std::vector<File>& files) {
  const std::string dir = "/etc/kubernetes/pki/";
  AddPair(files, dir + "ca", pki.ca);
  AddPair(files, dir + "front-proxy-ca", pki.front_proxy_ca);
  AddCert(files, dir + "sa.pub", pki.service_account.public_pem);
  files.push_back(
      File{dir + "sa.key", pki.service_account.private_pem, std::string(kKeyPermissions)});
  if (m.external_etcd.empty()) {
    AddPair(files, dir + "etcd/ca", pki.etcd_ca);  // kubeadm signs the local etcd's leaves
  } else {
    AddCert(files, dir + "etcd/ca.crt", pki.etcd_ca.cert_pem);
    AddPair(files, dir + "apiserver-etcd-client", pki.apiserver_etcd_client);
  }
}

// etcdadm makes the member's leaves from the CA in its certificates directory.
void AddEtcdFiles(const pki::ClusterPki& pki, std::vector<File>& files) {
  AddPair(files, std::string(kEtcdPkiDir) + "/ca", pki.etcd_ca);
}

void AppendUnique(std::vector<std::string>& list, const std::string& value) {
  for (const std::string& v : list) {
    if (v == value) return;
  }
  list.push_back(value);
}

// containerd's CRI mirror configuration, appended to /etc/containerd/config.toml by a run
// command, as EKS-A's Ubuntu templates do.
void AddMirrorFiles(const RegistryMirror& mirror, std::vector<File>& files) {
  const std::string cri = "plugins.\"io.containerd.grpc.v1.cri\".registry";
  std::string toml =
      absl::StrCat("[", cri, ".mirrors]\n  [", cri, ".mirrors.\"", mirror.mirrored_registry,
                   "\"]\n    endpoint = [\"https://", mirror.endpoint, "\"]\n");
  if (!mirror.ca_cert_pem.empty()) {
    const std::string ca_path =
        absl::StrCat("/etc/containerd/certs.d/", mirror.endpoint, "/ca.crt");
    absl::StrAppend(&toml, "  [", cri, ".configs.\"", mirror.endpoint, "\".tls]\n    ca_file = \"",
                    ca_path, "\"\n");
    AddCert(files, ca_path, mirror.ca_cert_pem);
  }
  files.push_back(File{"/etc/containerd/config_append.toml", pki::Secret(std::move(toml)),
                       std::string(kPublicPermissions)});
}

void AddProxyFile(const MachineBootstrap& machine, std::vector<File>& files) {
  const Proxy& proxy = *machine.proxy;
  std::string conf = "[Service]\n";
  if (!proxy.http_proxy.empty()) {
    absl::StrAppend(&conf, "Environment=\"HTTP_PROXY=", proxy.http_proxy, "\"\n");
  }
  if (!proxy.https_proxy.empty()) {
    absl::StrAppend(&conf, "Environment=\"HTTPS_PROXY=", proxy.https_proxy, "\"\n");
  }
  absl::StrAppend(&conf, "Environment=\"NO_PROXY=", absl::StrJoin(NoProxy(machine), ","), "\"\n");
  files.push_back(File{"/etc/systemd/system/containerd.service.d/http-proxy.conf",
                       pki::Secret(std::move(conf)), std::string(kPublicPermissions)});
}

}  // namespace

absl::StatusOr<std::vector<File>> RoleFiles(const MachineBootstrap& machine,
                                            const pki::ClusterPki& pki,
                                            const pki::BootstrapToken& token) {
  std::vector<File> files;
  if (machine.role == Role::kEtcd) {
    AddEtcdFiles(pki, files);
    return files;
  }
  if (machine.role != Role::kWorker) AddControlPlanePki(machine, pki, files);
  files.push_back(File{std::string(kKubeadmConfigPath),
                       KubeadmConfig(machine, pki.ca_cert_hash, token),
                       std::string(kConfigPermissions)});
  return files;
}

// EKS-A adds the cluster's own ranges and endpoint to every no-proxy list, so in-cluster and
// node-local traffic never goes through the proxy.
std::vector<std::string> NoProxy(const MachineBootstrap& machine) {
  std::vector<std::string> list;
  for (const std::string& v : machine.proxy->no_proxy) AppendUnique(list, v);
  for (const std::string& v :
       {machine.pod_cidr, machine.service_cidr, machine.endpoint, std::string("localhost"),
        std::string("127.0.0.1"), std::string(".svc")}) {
    AppendUnique(list, v);
  }
  return list;
}

std::vector<File> ContainerdFiles(const MachineBootstrap& machine) {
  std::vector<File> files;
  if (machine.registry_mirror.has_value()) AddMirrorFiles(*machine.registry_mirror, files);
  if (machine.proxy.has_value()) AddProxyFile(machine, files);
  return files;
}

}  // namespace eksa::planner::userdata::internal
