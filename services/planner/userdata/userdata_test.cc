#include "services/planner/userdata/userdata.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "services/planner/pki/cluster_pki.h"
#include "services/planner/userdata/fake_inputs.h"
#include "tests/testing/status_matchers.h"

namespace eksa::planner::userdata {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using testing::FakeMachine;
using testing::FakePki;
using testing::FakeToken;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kSuccess[] =
    " && mkdir -p /run/cluster-api && echo success > /run/cluster-api/bootstrap-success.complete";

struct WrittenFile {
  std::string owner;
  std::string permissions;
  std::string content;
};

// A rendered #cloud-config, parsed back.
struct CloudConfig {
  YAML::Node root;
  std::map<std::string, WrittenFile> files;  // by path
  std::vector<std::string> file_order;
  std::vector<std::string> runcmd;

  std::vector<YAML::Node> KubeadmDocuments() const {
    return YAML::LoadAll(files.at("/run/kubeadm/kubeadm.yaml").content);
  }
};

CloudConfig ParseCloudConfig(const std::string& text) {
  CloudConfig out;
  EXPECT_THAT(text, StartsWith("#cloud-config\n"));
  out.root = YAML::Load(text);
  for (const YAML::Node& f : out.root["write_files"]) {
    const std::string path = f["path"].as<std::string>();
    EXPECT_EQ(out.files.count(path), 0u) << "written twice: " << path;
    out.files[path] = {f["owner"].as<std::string>(), f["permissions"].as<std::string>(),
                       f["content"].as<std::string>()};
    out.file_order.push_back(path);
  }
  for (const YAML::Node& c : out.root["runcmd"]) out.runcmd.push_back(c.as<std::string>());
  return out;
}

CloudConfig Render(const MachineBootstrap& m, const pki::ClusterPki& pki = FakePki()) {
  absl::StatusOr<pki::Secret> data = RenderUserData(m, pki, FakeToken());
  EXPECT_THAT(data, IsOk());
  return data.ok() ? ParseCloudConfig(data->Reveal()) : CloudConfig{};
}

void ExpectFile(const CloudConfig& c, const std::string& path, const std::string& content,
                const std::string& permissions) {
  SCOPED_TRACE(path);
  ASSERT_EQ(c.files.count(path), 1u);
  EXPECT_EQ(c.files.at(path).content, content);
  EXPECT_EQ(c.files.at(path).permissions, permissions);
  EXPECT_EQ(c.files.at(path).owner, "root:root");
}

// The CA material every Ubuntu control-plane machine gets, equal to the PKI's PEMs.
void ExpectControlPlanePki(const CloudConfig& c, const pki::ClusterPki& pki, bool stacked) {
  const std::string dir = "/etc/kubernetes/pki/";
  ExpectFile(c, dir + "ca.crt", pki.ca.cert_pem, "0644");
  ExpectFile(c, dir + "ca.key", pki.ca.key_pem.Reveal(), "0600");
  ExpectFile(c, dir + "front-proxy-ca.crt", pki.front_proxy_ca.cert_pem, "0644");
  ExpectFile(c, dir + "front-proxy-ca.key", pki.front_proxy_ca.key_pem.Reveal(), "0600");
  ExpectFile(c, dir + "sa.pub", pki.service_account.public_pem, "0644");
  ExpectFile(c, dir + "sa.key", pki.service_account.private_pem.Reveal(), "0600");
  ExpectFile(c, dir + "etcd/ca.crt", pki.etcd_ca.cert_pem, "0644");
  if (stacked) {
    ExpectFile(c, dir + "etcd/ca.key", pki.etcd_ca.key_pem.Reveal(), "0600");
    EXPECT_EQ(c.files.count(dir + "apiserver-etcd-client.crt"), 0u);
  } else {
    EXPECT_EQ(c.files.count(dir + "etcd/ca.key"), 0u);
    ExpectFile(c, dir + "apiserver-etcd-client.crt", pki.apiserver_etcd_client.cert_pem, "0644");
    ExpectFile(c, dir + "apiserver-etcd-client.key", pki.apiserver_etcd_client.key_pem.Reveal(),
               "0600");
  }
  // kubeadm makes the machine's own leaves; none is pre-written.
  EXPECT_EQ(c.files.count(dir + "apiserver.crt"), 0u);
  EXPECT_EQ(c.files.count(dir + "front-proxy-client.crt"), 0u);
}

void ExpectHeader(const YAML::Node& doc, const std::string& kind) {
  EXPECT_EQ(doc["apiVersion"].as<std::string>(), "kubeadm.k8s.io/v1beta3");
  EXPECT_EQ(doc["kind"].as<std::string>(), kind);
}

void ExpectNodeRegistration(const YAML::Node& doc, const std::string& name) {
  EXPECT_EQ(doc["nodeRegistration"]["name"].as<std::string>(), name);
  EXPECT_EQ(doc["nodeRegistration"]["criSocket"].as<std::string>(),
            "unix:///var/run/containerd/containerd.sock");
}

TEST(UbuntuUserDataTest, InitControlPlane) {
  const MachineBootstrap m = FakeMachine(Role::kInitControlPlane, OsFamily::kUbuntu);
  const pki::ClusterPki pki = FakePki();
  const CloudConfig c = Render(m, pki);
  EXPECT_EQ(c.root["hostname"].as<std::string>(), "mgmt-cp-0");
  ASSERT_EQ(c.root["users"].size(), 1u);
  EXPECT_EQ(c.root["users"][0]["name"].as<std::string>(), "capv");
  EXPECT_EQ(c.root["users"][0]["sudo"].as<std::string>(), "ALL=(ALL) NOPASSWD:ALL");
  EXPECT_EQ(c.root["users"][0]["ssh_authorized_keys"][0].as<std::string>(),
            "ssh-rsa AAAAB3NzaC1yc2E test@eksa");
  ExpectControlPlanePki(c, pki, /*stacked=*/true);
  EXPECT_EQ(c.files.size(), 9u);  // 8 PKI files + kubeadm.yaml
  EXPECT_EQ(c.files.at("/run/kubeadm/kubeadm.yaml").permissions, "0640");
  EXPECT_THAT(c.runcmd, ElementsAre(std::string("kubeadm init --config /run/kubeadm/kubeadm.yaml") +
                                    kSuccess));

  const std::vector<YAML::Node> docs = c.KubeadmDocuments();
  ASSERT_EQ(docs.size(), 2u);
  const YAML::Node& cluster = docs[0];
  ExpectHeader(cluster, "ClusterConfiguration");
  EXPECT_EQ(cluster["clusterName"].as<std::string>(), "mgmt");
  EXPECT_EQ(cluster["kubernetesVersion"].as<std::string>(), "v1.27.4");
  EXPECT_EQ(cluster["controlPlaneEndpoint"].as<std::string>(), "127.0.0.10:6443");
  EXPECT_EQ(cluster["certificatesDir"].as<std::string>(), "/etc/kubernetes/pki");
  EXPECT_FALSE(cluster["imageRepository"]);
  EXPECT_EQ(cluster["networking"]["podSubnet"].as<std::string>(), "192.168.0.0/16");
  EXPECT_EQ(cluster["networking"]["serviceSubnet"].as<std::string>(), "10.96.0.0/12");
  EXPECT_EQ(cluster["networking"]["dnsDomain"].as<std::string>(), "cluster.local");
  EXPECT_EQ(cluster["etcd"]["local"]["dataDir"].as<std::string>(), "/var/lib/etcd");
  EXPECT_FALSE(cluster["etcd"]["external"]);

  const YAML::Node& init = docs[1];
  ExpectHeader(init, "InitConfiguration");
  ASSERT_EQ(init["bootstrapTokens"].size(), 1u);
  const YAML::Node token = init["bootstrapTokens"][0];
  EXPECT_EQ(token["token"].as<std::string>(), "abcdef.0123456789abcdef");
  EXPECT_EQ(token["ttl"].as<std::string>(), "24h0m0s");
  EXPECT_EQ(token["groups"][0].as<std::string>(),
            "system:bootstrappers:kubeadm:default-node-token");
  EXPECT_EQ(token["usages"][0].as<std::string>(), "signing");
  EXPECT_EQ(token["usages"][1].as<std::string>(), "authentication");
  ExpectNodeRegistration(init, "mgmt-cp-0");
  EXPECT_FALSE(init["discovery"]);
}

TEST(UbuntuUserDataTest, InitControlPlaneWithExternalEtcdAndImageRepository) {
  MachineBootstrap m = FakeMachine(Role::kInitControlPlane, OsFamily::kUbuntu);
  m.external_etcd = {{.name = "mgmt-etcd-0", .address = "127.0.0.21"}, {.name = "mgmt-etcd-1"}};
  m.image_repository = "public.ecr.aws/eks-distro/kubernetes";
  const pki::ClusterPki pki = FakePki();
  const CloudConfig c = Render(m, pki);
  ExpectControlPlanePki(c, pki, /*stacked=*/false);
  const YAML::Node cluster = c.KubeadmDocuments()[0];
  EXPECT_EQ(cluster["imageRepository"].as<std::string>(), "public.ecr.aws/eks-distro/kubernetes");
  EXPECT_FALSE(cluster["etcd"]["local"]);
  const YAML::Node external = cluster["etcd"]["external"];
  ASSERT_EQ(external["endpoints"].size(), 2u);
  EXPECT_EQ(external["endpoints"][0].as<std::string>(), "https://127.0.0.21:2379");
  EXPECT_EQ(external["endpoints"][1].as<std::string>(), "https://mgmt-etcd-1:2379");
  EXPECT_EQ(external["caFile"].as<std::string>(), "/etc/kubernetes/pki/etcd/ca.crt");
  EXPECT_EQ(external["certFile"].as<std::string>(),
            "/etc/kubernetes/pki/apiserver-etcd-client.crt");
  EXPECT_EQ(external["keyFile"].as<std::string>(), "/etc/kubernetes/pki/apiserver-etcd-client.key");
}

TEST(UbuntuUserDataTest, JoinControlPlane) {
  const MachineBootstrap m = FakeMachine(Role::kJoinControlPlane, OsFamily::kUbuntu);
  const pki::ClusterPki pki = FakePki();
  const CloudConfig c = Render(m, pki);
  EXPECT_EQ(c.root["hostname"].as<std::string>(), "mgmt-cp-1");
  ExpectControlPlanePki(c, pki, /*stacked=*/true);
  EXPECT_THAT(c.runcmd, ElementsAre(std::string("kubeadm join --config /run/kubeadm/kubeadm.yaml") +
                                    kSuccess));
  const std::vector<YAML::Node> docs = c.KubeadmDocuments();
  ASSERT_EQ(docs.size(), 1u);
  ExpectHeader(docs[0], "JoinConfiguration");
  const YAML::Node discovery = docs[0]["discovery"]["bootstrapToken"];
  EXPECT_EQ(discovery["token"].as<std::string>(), "abcdef.0123456789abcdef");
  EXPECT_EQ(discovery["apiServerEndpoint"].as<std::string>(), "127.0.0.10:6443");
  ASSERT_EQ(discovery["caCertHashes"].size(), 1u);
  EXPECT_EQ(discovery["caCertHashes"][0].as<std::string>(), pki.ca_cert_hash);
  ASSERT_TRUE(docs[0]["controlPlane"].IsMap());
  EXPECT_EQ(docs[0]["controlPlane"].size(), 0u);
  ExpectNodeRegistration(docs[0], "mgmt-cp-1");
}

TEST(UbuntuUserDataTest, WorkerGetsNoPkiFiles) {
  const CloudConfig c = Render(FakeMachine(Role::kWorker, OsFamily::kUbuntu));
  EXPECT_EQ(c.root["hostname"].as<std::string>(), "mgmt-md-0-1");
  EXPECT_THAT(c.file_order, ElementsAre("/run/kubeadm/kubeadm.yaml"));
  EXPECT_THAT(c.runcmd, ElementsAre(std::string("kubeadm join --config /run/kubeadm/kubeadm.yaml") +
                                    kSuccess));
  const std::vector<YAML::Node> docs = c.KubeadmDocuments();
  ASSERT_EQ(docs.size(), 1u);
  ExpectHeader(docs[0], "JoinConfiguration");
  EXPECT_FALSE(docs[0]["controlPlane"]);
  EXPECT_EQ(docs[0]["discovery"]["bootstrapToken"]["caCertHashes"][0].as<std::string>(),
            FakePki().ca_cert_hash);
  ExpectNodeRegistration(docs[0], "mgmt-md-0-1");
}

TEST(UbuntuUserDataTest, FirstEtcdMemberInitsWithTheCaOnly) {
  const MachineBootstrap m = FakeMachine(Role::kEtcd, OsFamily::kUbuntu);
  const pki::ClusterPki pki = FakePki();
  const CloudConfig c = Render(m, pki);
  EXPECT_EQ(c.root["hostname"].as<std::string>(), "mgmt-etcd-0");
  ExpectFile(c, "/etc/etcd/pki/ca.crt", pki.etcd_ca.cert_pem, "0644");
  ExpectFile(c, "/etc/etcd/pki/ca.key", pki.etcd_ca.key_pem.Reveal(), "0600");
  EXPECT_EQ(c.files.size(), 2u);  // etcdadm makes the member's certificates for its own IP
  EXPECT_THAT(c.runcmd, ElementsAre(std::string("etcdadm init --name=mgmt-etcd-0 --version=3.5.15 "
                                                "--init-system=systemd --install-dir=/opt/bin "
                                                "--certs-dir=/etc/etcd/pki") +
                                    kSuccess));
}

TEST(UbuntuUserDataTest, LaterEtcdMembersJoinThroughARunningOne) {
  MachineBootstrap m = FakeMachine(Role::kEtcd, OsFamily::kUbuntu);
  m.machine_name = "mgmt-etcd-1";
  m.etcd_join_address = "127.0.0.21";
  EXPECT_THAT(Render(m).runcmd,
              ElementsAre(std::string("etcdadm join https://127.0.0.21:2379 --name=mgmt-etcd-1 "
                                      "--version=3.5.15 --init-system=systemd "
                                      "--install-dir=/opt/bin --certs-dir=/etc/etcd/pki") +
                          kSuccess));
  m.etcd_join_address = "fd00::21";
  EXPECT_THAT(Render(m).runcmd[0], HasSubstr("etcdadm join https://[fd00::21]:2379 "));
}

TEST(UbuntuUserDataTest, ProxyAndRegistryMirror) {
  MachineBootstrap m = FakeMachine(Role::kWorker, OsFamily::kUbuntu);
  m.proxy = Proxy{.http_proxy = "http://proxy:3128",
                  .https_proxy = "http://proxy:3128",
                  .no_proxy = {"10.0.0.0/8", "localhost"}};
  m.registry_mirror = RegistryMirror{.endpoint = "mirror.local:5000", .ca_cert_pem = "MIRROR-CA\n"};
  const CloudConfig c = Render(m);
  ExpectFile(c, "/etc/containerd/certs.d/mirror.local:5000/ca.crt", "MIRROR-CA\n", "0644");
  ExpectFile(
      c, "/etc/containerd/config_append.toml",
      "[plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors]\n"
      "  [plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors.\"public.ecr.aws\"]\n"
      "    endpoint = [\"https://mirror.local:5000\"]\n"
      "  [plugins.\"io.containerd.grpc.v1.cri\".registry.configs.\"mirror.local:5000\".tls]\n"
      "    ca_file = \"/etc/containerd/certs.d/mirror.local:5000/ca.crt\"\n",
      "0644");
  ExpectFile(c, "/etc/systemd/system/containerd.service.d/http-proxy.conf",
             "[Service]\n"
             "Environment=\"HTTP_PROXY=http://proxy:3128\"\n"
             "Environment=\"HTTPS_PROXY=http://proxy:3128\"\n"
             "Environment=\"NO_PROXY=10.0.0.0/8,localhost,192.168.0.0/16,10.96.0.0/12,"
             "127.0.0.10,127.0.0.1,.svc\"\n",
             "0644");
  EXPECT_THAT(
      c.runcmd,
      ElementsAre("cat /etc/containerd/config_append.toml >> /etc/containerd/config.toml",
                  "systemctl daemon-reload", "systemctl restart containerd",
                  std::string("kubeadm join --config /run/kubeadm/kubeadm.yaml") + kSuccess));
}

TEST(UbuntuUserDataTest, NoUsersWithoutKeys) {
  MachineBootstrap m = FakeMachine(Role::kWorker, OsFamily::kUbuntu);
  m.ssh_authorized_keys.clear();
  EXPECT_FALSE(Render(m).root["users"]);
}

// With generated material instead of fakes: the files carry the real PEMs and the join
// configuration the real CA hash.
TEST(UbuntuUserDataTest, CarriesGeneratedPki) {
  absl::StatusOr<pki::ClusterPki> pki =
      pki::GenerateClusterPki({.cluster_name = "mgmt",
                               .endpoint = "127.0.0.10",
                               .key_algorithm = pki::KeyAlgorithm::kEcdsaP256});
  ASSERT_THAT(pki, IsOk());
  MachineBootstrap m = FakeMachine(Role::kJoinControlPlane, OsFamily::kUbuntu);
  m.external_etcd = {{.name = "mgmt-etcd-0", .address = "127.0.0.21"}};
  const CloudConfig c = Render(m, *pki);
  ExpectControlPlanePki(c, *pki, /*stacked=*/false);
  EXPECT_EQ(
      c.KubeadmDocuments()[0]["discovery"]["bootstrapToken"]["caCertHashes"][0].as<std::string>(),
      pki->ca_cert_hash);
  const CloudConfig etcd = Render(FakeMachine(Role::kEtcd, OsFamily::kUbuntu), *pki);
  ExpectFile(etcd, "/etc/etcd/pki/ca.key", pki->etcd_ca.key_pem.Reveal(), "0600");
}

TEST(MetadataTest, InstanceIdAndLocalHostname) {
  const std::string text = RenderMetadata("mgmt-cp-0");
  EXPECT_EQ(text, "instance-id: mgmt-cp-0\nlocal-hostname: mgmt-cp-0\n");
  YAML::Node root = YAML::Load(text);
  EXPECT_EQ(root.size(), 2u);
  EXPECT_EQ(root["instance-id"].as<std::string>(), "mgmt-cp-0");
  EXPECT_EQ(root["local-hostname"].as<std::string>(), "mgmt-cp-0");
}

TEST(GuestInfoTest, Base64EncodedLikeCapv) {
  const pki::Secret userdata("#cloud-config\nruncmd: []\n");
  const std::string metadata = RenderMetadata("w-1");
  const std::vector<GuestInfoEntry> entries = GuestInfo(userdata, metadata);
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0].key, "guestinfo.metadata");
  EXPECT_EQ(entries[1].key, "guestinfo.metadata.encoding");
  EXPECT_EQ(entries[1].value.Reveal(), "base64");
  EXPECT_EQ(entries[2].key, "guestinfo.userdata");
  EXPECT_EQ(entries[3].key, "guestinfo.userdata.encoding");
  EXPECT_EQ(entries[3].value.Reveal(), "base64");
  std::string decoded;
  ASSERT_TRUE(absl::Base64Unescape(entries[0].value.Reveal(), &decoded));
  EXPECT_EQ(decoded, metadata);
  ASSERT_TRUE(absl::Base64Unescape(entries[2].value.Reveal(), &decoded));
  EXPECT_EQ(decoded, userdata.Reveal());
}

TEST(UserDataTest, OutputIsASecret) {
  absl::StatusOr<pki::Secret> data = RenderUserData(
      FakeMachine(Role::kInitControlPlane, OsFamily::kUbuntu), FakePki(), FakeToken());
  ASSERT_THAT(data, IsOk());
  EXPECT_THAT(::testing::PrintToString(*data),
              AllOf(StartsWith("<redacted"), Not(HasSubstr("FAKE-KEY"))));
}

struct InvalidCase {
  std::string name;
  Role role;
  OsFamily os;
  void (*mutate)(MachineBootstrap&, pki::ClusterPki&, pki::BootstrapToken&);
  std::string want;
};

void PrintTo(const InvalidCase& c, std::ostream* os) { *os << c.name; }

class InvalidInputTest : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidInputTest, IsRejectedWithoutLeakingSecrets) {
  const InvalidCase& c = GetParam();
  MachineBootstrap m = FakeMachine(c.role, c.os);
  pki::ClusterPki pki = FakePki();
  pki::BootstrapToken token = FakeToken();
  c.mutate(m, pki, token);
  EXPECT_THAT(
      RenderUserData(m, pki, token),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("rendering userdata for " + m.machine_name), HasSubstr(c.want),
                     Not(HasSubstr("0123456789abcdef")), Not(HasSubstr("FAKE-KEY")))));
}

using MB = MachineBootstrap;
using CP = pki::ClusterPki;
using BT = pki::BootstrapToken;
constexpr Role kInit = Role::kInitControlPlane;
constexpr Role kJoin = Role::kJoinControlPlane;
constexpr OsFamily kUbuntu = OsFamily::kUbuntu;
constexpr OsFamily kBr = OsFamily::kBottlerocket;

const InvalidCase kInvalidCases[] = {
    {"UppercaseMachineName", Role::kWorker, kUbuntu,
     [](MB& m, CP&, BT&) { m.machine_name = "CP0"; }, "machine name \"CP0\" is not a DNS name"},
    {"EmptyClusterName", Role::kWorker, kUbuntu, [](MB& m, CP&, BT&) { m.cluster_name = ""; },
     "cluster name"},
    {"MinorOnlyVersion", kInit, kUbuntu, [](MB& m, CP&, BT&) { m.kubernetes_version = "1.27"; },
     "kubernetes version \"1.27\" is not a full version"},
    {"HostnameEndpoint", Role::kWorker, kUbuntu, [](MB& m, CP&, BT&) { m.endpoint = "api.local"; },
     "endpoint \"api.local\" is not an IPv4 address"},
    {"BadPodCidr", kInit, kUbuntu, [](MB& m, CP&, BT&) { m.pod_cidr = "192.168.0.0"; }, "pod cidr"},
    {"TinyServiceCidr", kInit, kUbuntu, [](MB& m, CP&, BT&) { m.service_cidr = "10.96.0.0/30"; },
     "service cidr"},
    {"BadToken", Role::kWorker, kUbuntu,
     [](MB&, CP&, BT& t) { t.secret = pki::Secret("0123456789abcdef!"); },
     "bootstrap token does not match"},
    {"MissingCaKey", kJoin, kUbuntu, [](MB&, CP& p, BT&) { p.ca.key_pem = pki::Secret(); },
     "pki ca key is empty"},
    {"MissingSaKey", kInit, kUbuntu,
     [](MB&, CP& p, BT&) { p.service_account.private_pem = pki::Secret(); },
     "pki service-account key pair is empty"},
    {"MissingEtcdCaKeyStacked", kInit, kUbuntu,
     [](MB&, CP& p, BT&) { p.etcd_ca.key_pem = pki::Secret(); }, "pki etcd ca key is empty"},
    {"MissingEtcdClientExternal", kInit, kUbuntu,
     [](MB& m, CP& p, BT&) {
       m.external_etcd = {{.name = "mgmt-etcd-0"}};
       p.apiserver_etcd_client = {};
     },
     "pki apiserver-etcd-client is empty"},
    {"MissingCaHashForWorker", Role::kWorker, kUbuntu, [](MB&, CP& p, BT&) { p.ca_cert_hash = ""; },
     "pki ca cert hash is empty"},
    {"EtcdWithoutCaKey", Role::kEtcd, kUbuntu,
     [](MB&, CP& p, BT&) { p.etcd_ca.key_pem = pki::Secret(); }, "pki etcd ca key is empty"},
    {"EtcdWithoutVersion", Role::kEtcd, kUbuntu, [](MB& m, CP&, BT&) { m.etcd_version = "v3.5"; },
     "etcd version \"v3.5\" is not a version like 3.5.15"},
    {"EtcdBadJoinAddress", Role::kEtcd, kUbuntu,
     [](MB& m, CP&, BT&) { m.etcd_join_address = "etcd-0"; },
     "etcd join address \"etcd-0\" is not an IP address"},
    {"ExternalEtcdBadAddress", kInit, kUbuntu,
     [](MB& m, CP&, BT&) {
       m.external_etcd = {{.name = "mgmt-etcd-0"}, {.name = "mgmt-etcd-1", .address = "nope"}};
     },
     "external etcd member mgmt-etcd-1 address \"nope\" is not an IP address"},
    {"KeysWithoutUser", Role::kWorker, kUbuntu, [](MB& m, CP&, BT&) { m.ssh_user = ""; },
     "ssh user is required"},
    {"KeyWithLineBreak", Role::kWorker, kUbuntu,
     [](MB& m, CP&, BT&) { m.ssh_authorized_keys = {"ssh-rsa A\nruncmd: [evil]"}; },
     "ssh authorized key is empty or has a line break"},
    {"BottlerocketCpWithoutImage", kInit, kBr,
     [](MB& m, CP&, BT&) { m.bottlerocket.bootstrap_container_source = ""; },
     "bottlerocket bootstrap container source is required for init-control-plane machines"},
    {"BottlerocketEtcdWithoutImage", Role::kEtcd, kBr,
     [](MB& m, CP&, BT&) { m.bottlerocket.bootstrap_container_source = ""; },
     "required for etcd machines"},
    {"BottlerocketBadMode", kJoin, kBr,
     [](MB& m, CP&, BT&) {
       m.bottlerocket.kubeadm_container = KubeadmContainer::kBootstrap;
       m.bottlerocket.bootstrap_container_mode = "off";
     },
     "mode \"off\" is not once or always"},
    {"MirrorEndpointInjection", Role::kWorker, kBr,
     [](MB& m, CP&, BT&) { m.registry_mirror = RegistryMirror{.endpoint = "a\"]\nx = ["}; },
     "registry mirror endpoint is not host[:port]"},
    {"ProxyQuote", Role::kWorker, kUbuntu,
     [](MB& m, CP&, BT&) { m.proxy = Proxy{.https_proxy = "http://p\"\nExecStart=evil"}; },
     "proxy values must not"},
};

INSTANTIATE_TEST_SUITE_P(Cases, InvalidInputTest, ::testing::ValuesIn(kInvalidCases),
                         [](const auto& info) { return info.param.name; });

TEST(UserDataTest, BottlerocketWorkerNeedsNoBootstrapImage) {
  MachineBootstrap m = FakeMachine(Role::kWorker, OsFamily::kBottlerocket);
  m.bottlerocket.bootstrap_container_source = "";
  EXPECT_THAT(RenderUserData(m, FakePki(), FakeToken()), IsOk());
}

TEST(UserDataTest, EtcdIgnoresKubernetesFieldsAndToken) {
  MachineBootstrap m = FakeMachine(Role::kEtcd, OsFamily::kUbuntu);
  m.kubernetes_version = "";
  m.endpoint = "";
  EXPECT_THAT(RenderUserData(m, FakePki(), pki::BootstrapToken{}), IsOk());
}

TEST(UserDataTest, NamesOfEnums) {
  EXPECT_EQ(RoleName(Role::kInitControlPlane), "init-control-plane");
  EXPECT_EQ(RoleName(Role::kJoinControlPlane), "join-control-plane");
  EXPECT_EQ(RoleName(Role::kWorker), "worker");
  EXPECT_EQ(RoleName(Role::kEtcd), "etcd");
  EXPECT_EQ(OsFamilyName(OsFamily::kUbuntu), "ubuntu");
  EXPECT_EQ(OsFamilyName(OsFamily::kBottlerocket), "bottlerocket");
}

}  // namespace
}  // namespace eksa::planner::userdata
