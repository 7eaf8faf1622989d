#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "services/planner/userdata/fake_inputs.h"
#include "services/planner/userdata/toml_subset.h"
#include "services/planner/userdata/userdata.h"
#include "tests/testing/status_matchers.h"

namespace eksa::planner::userdata {
namespace {

using ::eksa::testing::IsOk;
using ::testing::ElementsAre;
using testing::FakeMachine;
using testing::FakePki;
using testing::FakeToken;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::TomlDocument;

struct Rendered {
  std::string text;
  TomlDocument doc;
  std::vector<std::string> tables;

  std::string Str(const std::string& key) const {
    auto it = doc.find(key);
    EXPECT_NE(it, doc.end()) << "missing " << key;
    if (it == doc.end() || !std::holds_alternative<std::string>(it->second)) return "";
    return std::get<std::string>(it->second);
  }
  bool Bool(const std::string& key) const {
    auto it = doc.find(key);
    EXPECT_NE(it, doc.end()) << "missing " << key;
    return it != doc.end() && std::holds_alternative<bool>(it->second) &&
           std::get<bool>(it->second);
  }
  std::vector<std::string> List(const std::string& key) const {
    auto it = doc.find(key);
    EXPECT_NE(it, doc.end()) << "missing " << key;
    if (it == doc.end() || !std::holds_alternative<std::vector<std::string>>(it->second)) return {};
    return std::get<std::vector<std::string>>(it->second);
  }
  // The keys of one table, in sorted order.
  std::vector<std::string> Keys(const std::string& table) const {
    std::vector<std::string> keys;
    for (const auto& [key, value] : doc) {
      if (key.rfind(table + ".", 0) == 0 && key.find('.', table.size() + 1) == std::string::npos) {
        keys.push_back(key.substr(table.size() + 1));
      }
    }
    return keys;
  }
};

std::string Decode(const std::string& b64) {
  std::string out;
  EXPECT_TRUE(absl::Base64Unescape(b64, &out)) << b64;
  return out;
}

Rendered Render(const MachineBootstrap& m, const pki::ClusterPki& pki = FakePki()) {
  absl::StatusOr<pki::Secret> data = RenderUserData(m, pki, FakeToken());
  EXPECT_THAT(data, IsOk());
  Rendered r;
  if (!data.ok()) return r;
  r.text = data->Reveal();
  absl::StatusOr<TomlDocument> doc = testing::ParseToml(r.text);
  EXPECT_THAT(doc, IsOk()) << r.text;
  if (doc.ok()) r.doc = *doc;
  r.tables = *testing::TomlTables(r.text);
  return r;
}

void ExpectAdmin(const Rendered& r) {
  EXPECT_THAT(r.Keys("settings.host-containers.admin"),
              ElementsAre("enabled", "superpowered", "user-data"));
  EXPECT_TRUE(r.Bool("settings.host-containers.admin.enabled"));
  EXPECT_TRUE(r.Bool("settings.host-containers.admin.superpowered"));
  const nlohmann::json admin =
      nlohmann::json::parse(Decode(r.Str("settings.host-containers.admin.user-data")));
  EXPECT_EQ(admin, nlohmann::json::parse(R"({"user": "ec2-user",
      "ssh": {"authorized-keys": ["ssh-rsa AAAAB3NzaC1yc2E test@eksa"]}})"));
}

void ExpectKubernetes(const Rendered& r, const pki::ClusterPki& pki) {
  EXPECT_THAT(
      r.Keys("settings.kubernetes"),
      ElementsAre("api-server", "authentication-mode", "bootstrap-token", "cluster-certificate",
                  "cluster-dns-ip", "cluster-domain", "cluster-name"));
  EXPECT_EQ(r.Str("settings.kubernetes.api-server"), "https://127.0.0.10:6443");
  EXPECT_EQ(Decode(r.Str("settings.kubernetes.cluster-certificate")), pki.ca.cert_pem);
  EXPECT_EQ(r.Str("settings.kubernetes.cluster-name"), "mgmt");
  EXPECT_EQ(r.Str("settings.kubernetes.cluster-domain"), "cluster.local");
  EXPECT_EQ(r.Str("settings.kubernetes.cluster-dns-ip"), "10.96.0.10");
  EXPECT_EQ(r.Str("settings.kubernetes.bootstrap-token"), "abcdef.0123456789abcdef");
  EXPECT_EQ(r.Str("settings.kubernetes.authentication-mode"), "tls");
}

TEST(BottlerocketUserDataTest, Worker) {
  const MachineBootstrap m = FakeMachine(Role::kWorker, OsFamily::kBottlerocket);
  const Rendered r = Render(m);
  EXPECT_THAT(r.tables, ElementsAre("settings.host-containers.admin", "settings.kubernetes",
                                    "settings.network"));
  ExpectAdmin(r);
  ExpectKubernetes(r, FakePki());
  EXPECT_THAT(r.Keys("settings.network"), ElementsAre("hostname"));
  EXPECT_EQ(r.Str("settings.network.hostname"), "mgmt-md-0-1");
  EXPECT_EQ(r.doc.size(), 11u);
}

constexpr char kHostTable[] = "settings.host-containers.kubeadm-bootstrap";
constexpr char kBootstrapTable[] = "settings.bootstrap-containers.kubeadm-bootstrap";

// The kubeadm container's user data: the same cloud-config an Ubuntu machine of the role gets,
// without hostname and users. `table` is the host- or bootstrap-container table.
YAML::Node BootstrapCloudConfig(const Rendered& r, const std::string& table = kHostTable) {
  if (table == kHostTable) {
    EXPECT_THAT(r.Keys(table), ElementsAre("enabled", "source", "superpowered", "user-data"));
    EXPECT_TRUE(r.Bool(table + ".enabled"));
    EXPECT_TRUE(r.Bool(table + ".superpowered"));
  } else {
    EXPECT_THAT(r.Keys(table), ElementsAre("essential", "mode", "source", "user-data"));
    EXPECT_FALSE(r.Bool(table + ".essential"));
  }
  EXPECT_EQ(r.Str(table + ".source"),
            "public.ecr.aws/eks-anywhere/bottlerocket-bootstrap:v1-27-eks-a");
  const std::string cloud_config = Decode(r.Str(table + ".user-data"));
  EXPECT_THAT(cloud_config, StartsWith("#cloud-config\n"));
  return YAML::Load(cloud_config);
}

std::map<std::string, std::string> Files(const YAML::Node& cloud_config) {
  std::map<std::string, std::string> files;
  for (const YAML::Node& f : cloud_config["write_files"]) {
    files[f["path"].as<std::string>()] = f["content"].as<std::string>();
  }
  return files;
}

TEST(BottlerocketUserDataTest, InitControlPlaneRunsKubeadmInTheBootstrapContainer) {
  MachineBootstrap m = FakeMachine(Role::kInitControlPlane, OsFamily::kBottlerocket);
  const pki::ClusterPki pki = FakePki();
  const Rendered r = Render(m, pki);
  EXPECT_THAT(r.tables, ElementsAre("settings.host-containers.admin", "settings.kubernetes",
                                    "settings.network", kHostTable));
  ExpectAdmin(r);
  ExpectKubernetes(r, pki);
  EXPECT_EQ(r.Str("settings.network.hostname"), "mgmt-cp-0");

  const YAML::Node cc = BootstrapCloudConfig(r);
  EXPECT_FALSE(cc["hostname"]);
  EXPECT_FALSE(cc["users"]);
  const std::map<std::string, std::string> files = Files(cc);
  EXPECT_EQ(files.size(), 9u);
  EXPECT_EQ(files.at("/etc/kubernetes/pki/ca.crt"), pki.ca.cert_pem);
  EXPECT_EQ(files.at("/etc/kubernetes/pki/ca.key"), pki.ca.key_pem.Reveal());
  EXPECT_EQ(files.at("/etc/kubernetes/pki/sa.key"), pki.service_account.private_pem.Reveal());
  EXPECT_EQ(files.at("/etc/kubernetes/pki/etcd/ca.key"), pki.etcd_ca.key_pem.Reveal());
  const std::vector<YAML::Node> docs = YAML::LoadAll(files.at("/run/kubeadm/kubeadm.yaml"));
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0]["kind"].as<std::string>(), "ClusterConfiguration");
  EXPECT_EQ(docs[1]["kind"].as<std::string>(), "InitConfiguration");
  EXPECT_EQ(docs[1]["bootstrapTokens"][0]["token"].as<std::string>(), "abcdef.0123456789abcdef");
  ASSERT_EQ(cc["runcmd"].size(), 1u);
  EXPECT_THAT(cc["runcmd"][0].as<std::string>(),
              StartsWith("kubeadm init --config /run/kubeadm/kubeadm.yaml && "));
}

TEST(BottlerocketUserDataTest, JoinControlPlaneInABootstrapContainer) {
  MachineBootstrap m = FakeMachine(Role::kJoinControlPlane, OsFamily::kBottlerocket);
  m.bottlerocket.kubeadm_container = KubeadmContainer::kBootstrap;
  m.bottlerocket.admin_container_source = "public.ecr.aws/bottlerocket/bottlerocket-admin:v0.11.0";
  const Rendered r = Render(m);
  EXPECT_THAT(r.tables, ElementsAre("settings.host-containers.admin", "settings.kubernetes",
                                    "settings.network", kBootstrapTable));
  EXPECT_EQ(r.Str(std::string(kBootstrapTable) + ".mode"), "once");  // the default
  EXPECT_EQ(r.Str("settings.host-containers.admin.source"),
            "public.ecr.aws/bottlerocket/bottlerocket-admin:v0.11.0");
  const std::map<std::string, std::string> files = Files(BootstrapCloudConfig(r, kBootstrapTable));
  const YAML::Node join = YAML::Load(files.at("/run/kubeadm/kubeadm.yaml"));
  EXPECT_EQ(join["kind"].as<std::string>(), "JoinConfiguration");
  EXPECT_TRUE(join["controlPlane"].IsMap());
  EXPECT_EQ(join["discovery"]["bootstrapToken"]["caCertHashes"][0].as<std::string>(),
            FakePki().ca_cert_hash);

  m.bottlerocket.bootstrap_container_mode = "always";
  EXPECT_EQ(Render(m).Str(std::string(kBootstrapTable) + ".mode"), "always");
}

TEST(BottlerocketUserDataTest, HostContainerIgnoresTheBootstrapMode) {
  MachineBootstrap m = FakeMachine(Role::kJoinControlPlane, OsFamily::kBottlerocket);
  m.bottlerocket.bootstrap_container_mode = "whatever";
  const Rendered r = Render(m);
  EXPECT_EQ(r.doc.count(std::string(kHostTable) + ".mode"), 0u);
  BootstrapCloudConfig(r);
}

TEST(BottlerocketUserDataTest, EtcdMemberHasNoKubernetesSettings) {
  const pki::ClusterPki pki = FakePki();
  const Rendered r = Render(FakeMachine(Role::kEtcd, OsFamily::kBottlerocket), pki);
  EXPECT_THAT(r.tables,
              ElementsAre("settings.host-containers.admin", "settings.network", kHostTable));
  EXPECT_EQ(r.Str("settings.network.hostname"), "mgmt-etcd-0");
  const YAML::Node cc = BootstrapCloudConfig(r);
  const std::map<std::string, std::string> files = Files(cc);
  EXPECT_EQ(files.at("/etc/etcd/pki/ca.key"), pki.etcd_ca.key_pem.Reveal());
  EXPECT_EQ(files.size(), 2u);
  EXPECT_THAT(cc["runcmd"][0].as<std::string>(), HasSubstr("etcdadm init --name=mgmt-etcd-0 "));
}

TEST(BottlerocketUserDataTest, ProxyAndRegistryMirror) {
  MachineBootstrap m = FakeMachine(Role::kWorker, OsFamily::kBottlerocket);
  m.proxy = Proxy{.http_proxy = "http://ignored:1",
                  .https_proxy = "http://proxy:3128",
                  .no_proxy = {"10.0.0.0/8"}};
  m.registry_mirror = RegistryMirror{.endpoint = "mirror.local:5000", .ca_cert_pem = "MIRROR-CA\n"};
  const Rendered r = Render(m);
  EXPECT_THAT(r.tables, ElementsAre("settings.host-containers.admin", "settings.kubernetes",
                                    "settings.network", "settings.container-registry.mirrors",
                                    "settings.pki.registry-mirror-ca"));
  EXPECT_EQ(r.Str("settings.network.https-proxy"), "http://proxy:3128");
  EXPECT_THAT(r.List("settings.network.no-proxy"),
              ElementsAre("10.0.0.0/8", "192.168.0.0/16", "10.96.0.0/12", "127.0.0.10", "localhost",
                          "127.0.0.1", ".svc"));
  EXPECT_THAT(r.List("settings.container-registry.mirrors.\"public.ecr.aws\""),
              ElementsAre("https://mirror.local:5000"));
  EXPECT_EQ(Decode(r.Str("settings.pki.registry-mirror-ca.data")), "MIRROR-CA\n");
  EXPECT_TRUE(r.Bool("settings.pki.registry-mirror-ca.trusted"));
}

TEST(BottlerocketUserDataTest, NoAdminUserDataWithoutKeys) {
  MachineBootstrap m = FakeMachine(Role::kWorker, OsFamily::kBottlerocket);
  m.ssh_authorized_keys.clear();
  const Rendered r = Render(m);
  EXPECT_THAT(r.Keys("settings.host-containers.admin"), ElementsAre("enabled", "superpowered"));
}

TEST(BottlerocketUserDataTest, StringsAreEscaped) {
  MachineBootstrap m = FakeMachine(Role::kWorker, OsFamily::kBottlerocket);
  m.ssh_authorized_keys = {"ssh-ed25519 AAAA \"quoted\" \\ comment"};
  const Rendered r = Render(m);
  const nlohmann::json admin =
      nlohmann::json::parse(Decode(r.Str("settings.host-containers.admin.user-data")));
  EXPECT_EQ(admin["ssh"]["authorized-keys"][0], "ssh-ed25519 AAAA \"quoted\" \\ comment");
}

}  // namespace
}  // namespace eksa::planner::userdata
