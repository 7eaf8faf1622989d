// The userdata and PKI the planner generates, booted by the testbed's machine-boot simulation
// (tests/testbed/docs/machine-boot.md): kubeadm init serves the API with the planner's CA on the
// control-plane endpoint and the planner's admin kubeconfig works against it; workers joining
// with the planner's token and CA hash become Ready Nodes (Ubuntu kubeadm join, Bottlerocket TLS
// bootstrap); etcdadm init/join build the external etcd a control plane uses. Hand-broken
// variants (another CA's hash, another token) fail with kubeadm's reasons.
//
// Needs the testbed (EKSA_TESTBED_DIR, set by the CTest fixture); skipped without it.
// Addresses: endpoints 127.0.50.20-23, machines 127.0.120-123.x.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/planner/pki/cluster_pki.h"
#include "services/planner/pki/kubeconfig.h"
#include "services/planner/pki/token.h"
#include "services/planner/userdata/userdata.h"
#include "tests/testing/command.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/testbed_env.h"

namespace eksa {
namespace {

namespace fs = std::filesystem;
using ::eksa::planner::pki::BootstrapToken;
using ::eksa::planner::pki::ClusterPki;
using ::eksa::planner::pki::Secret;
using ::eksa::planner::userdata::MachineBootstrap;
using ::eksa::planner::userdata::OsFamily;
using ::eksa::planner::userdata::Role;
using ::eksa::testing::CommandResult;
using ::eksa::testing::IsOk;
using ::eksa::testing::RunCommand;
using ::testing::HasSubstr;
using ::testing::StartsWith;

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::trunc);
  out << content;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class BootTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* dir = getenv("EKSA_TESTBED_DIR");
    if (dir == nullptr || !fs::exists(std::string(dir) + "/env")) return;
    // machine-boot, given EKSA_TESTBED_DIR (inherited), finds etcd and kube-apiserver in its env.
    env_ = ::eksa::testing::ReadTestbedEnv(dir);
  }

  void SetUp() override {
    // A testbed test never skips: without one it fails, saying how to get one.
    ASSERT_FALSE(env_.empty()) << "no testbed: run through CTest (fixture `testbed`) or set "
                                  "EKSA_TESTBED_DIR to a directory made by tests/testbed/up";
    machine_boot_ = env_["EKSA_TESTBED_BIN"] + "/machine-boot";
    ASSERT_TRUE(fs::exists(machine_boot_)) << machine_boot_;
    std::string tmpl = env_["EKSA_TESTBED_DIR"] + "/boot-it.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    work_ = tmpl;
  }

  void TearDown() override {
    for (const std::string& name : machines_) {
      RunCommand({machine_boot_, "destroy", "--state", StateDir(name)});
    }
    if (!work_.empty()) fs::remove_all(work_);
  }

  static ClusterPki Pki(const std::string& cluster, const std::string& endpoint) {
    auto pki = planner::pki::GenerateClusterPki({.cluster_name = cluster, .endpoint = endpoint});
    EXPECT_THAT(pki, IsOk());
    return pki.ok() ? *pki : ClusterPki{};
  }

  static BootstrapToken Token() {
    auto token = planner::pki::GenerateBootstrapToken();
    EXPECT_THAT(token, IsOk());
    return token.ok() ? *token : BootstrapToken{};
  }

  static MachineBootstrap Machine(Role role, OsFamily os, const std::string& cluster,
                                  const std::string& name, const std::string& endpoint) {
    return {.role = role,
            .os = os,
            .machine_name = name,
            .cluster_name = cluster,
            .kubernetes_version = "v1.27.4",
            .endpoint = endpoint,
            .bottlerocket = {.bootstrap_container_source =
                                 "public.ecr.aws/eks-anywhere/bottlerocket-bootstrap:v1-27-eks-a"}};
  }

  std::string StateDir(const std::string& name) const { return work_ + "/vm/" + name; }
  std::string Status(const std::string& name) const {
    return std::string(absl::StripTrailingAsciiWhitespace(ReadFile(StateDir(name) + "/status")));
  }

  // Renders the machine's userdata with the planner and runs `machine-boot up` on it. Returns
  // the command's result; the boot's duration goes to stdout.
  CommandResult Boot(const MachineBootstrap& m, const ClusterPki& pki, const BootstrapToken& token,
                     const std::string& ip, std::vector<std::string> extra = {}) {
    auto userdata = planner::userdata::RenderUserData(m, pki, token);
    EXPECT_THAT(userdata, IsOk());
    if (!userdata.ok()) return {};
    fs::create_directories(StateDir(m.machine_name));
    machines_.push_back(m.machine_name);
    const std::string ud = work_ + "/" + m.machine_name + ".userdata";
    const std::string md = work_ + "/" + m.machine_name + ".metadata";
    WriteFile(ud, userdata->Reveal());
    WriteFile(md, planner::userdata::RenderMetadata(m.machine_name));
    std::vector<std::string> argv = {machine_boot_, "up",
                                     "--state",     StateDir(m.machine_name),
                                     "--name",      m.machine_name,
                                     "--ip",        ip,
                                     "--userdata",  ud,
                                     "--metadata",  md};
    argv.insert(argv.end(), extra.begin(), extra.end());
    const absl::Time start = absl::Now();
    CommandResult r = RunCommand(argv);
    std::cout << "[ boot ] " << m.machine_name << " (" << planner::userdata::RoleName(m.role)
              << ", " << planner::userdata::OsFamilyName(m.os) << "): exit " << r.exit_code
              << " after " << absl::FormatDuration(absl::Now() - start)
              << ", status: " << Status(m.machine_name) << "\n";
    if (r.exit_code != 0) std::cout << r.err;
    return r;
  }

  // The planner's admin kubeconfig for the cluster, written to a file.
  std::string AdminKubeconfig(const ClusterPki& pki, const std::string& endpoint,
                              const std::string& cluster) {
    const std::string path = work_ + "/" + cluster + ".kubeconfig";
    WriteFile(path, planner::pki::AdminKubeconfig(pki, endpoint, cluster).Reveal());
    return path;
  }

  static CommandResult Kubectl(const std::string& kubeconfig, std::vector<std::string> args) {
    args.insert(args.begin(), {"/usr/bin/kubectl", "--kubeconfig", kubeconfig});
    return RunCommand(args);
  }

  static std::string NodeReady(const std::string& kubeconfig, const std::string& node) {
    return Kubectl(kubeconfig, {"get", "node", node, "-o",
                                "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"})
        .out;
  }

  static std::map<std::string, std::string> env_;
  std::string machine_boot_;
  std::string work_;
  std::vector<std::string> machines_;
};

std::map<std::string, std::string> BootTest::env_;

TEST_F(BootTest, UbuntuInitControlPlaneWorkerAndControlPlaneJoin) {
  const std::string cluster = "boot-ubuntu", endpoint = "127.0.50.20";
  const ClusterPki pki = Pki(cluster, endpoint);
  const BootstrapToken token = Token();

  auto init =
      Machine(Role::kInitControlPlane, OsFamily::kUbuntu, cluster, "boot-ubuntu-cp-0", endpoint);
  ASSERT_EQ(Boot(init, pki, token, "127.0.120.1").exit_code, 0);
  EXPECT_EQ(Status("boot-ubuntu-cp-0"), "ready");
  EXPECT_TRUE(fs::exists(StateDir("boot-ubuntu-cp-0") +
                         "/root/run/cluster-api/bootstrap-success.complete"));

  // The planner's admin kubeconfig: verifies the server with the planner's CA and authenticates
  // with the planner's admin certificate.
  const std::string kubeconfig = AdminKubeconfig(pki, endpoint, cluster);
  CommandResult ready = Kubectl(kubeconfig, {"get", "--raw", "/readyz"});
  ASSERT_EQ(ready.exit_code, 0) << ready.err;
  EXPECT_EQ(ready.out, "ok");
  EXPECT_EQ(NodeReady(kubeconfig, "boot-ubuntu-cp-0"), "True");

  auto worker = Machine(Role::kWorker, OsFamily::kUbuntu, cluster, "boot-ubuntu-md-0", endpoint);
  ASSERT_EQ(Boot(worker, pki, token, "127.0.120.2").exit_code, 0);
  EXPECT_EQ(NodeReady(kubeconfig, "boot-ubuntu-md-0"), "True");
  EXPECT_EQ(Kubectl(kubeconfig, {"get", "node", "boot-ubuntu-md-0", "-o",
                                 "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}"})
                .out,
            "127.0.120.2");

  auto join =
      Machine(Role::kJoinControlPlane, OsFamily::kUbuntu, cluster, "boot-ubuntu-cp-1", endpoint);
  ASSERT_EQ(Boot(join, pki, token, "127.0.120.3").exit_code, 0);
  // Its own API server, same cluster (same etcd), certificate from the planner's CA.
  CommandResult nodes =
      Kubectl(kubeconfig, {"--server", "https://127.0.120.3:6443", "get", "nodes", "-o", "name"});
  ASSERT_EQ(nodes.exit_code, 0) << nodes.err;
  EXPECT_THAT(nodes.out, HasSubstr("node/boot-ubuntu-md-0"));
  EXPECT_EQ(NodeReady(kubeconfig, "boot-ubuntu-cp-1"), "True");
}

TEST_F(BootTest, JoinWithAnotherCaHashOrTokenFails) {
  const std::string cluster = "boot-sad", endpoint = "127.0.50.21";
  const ClusterPki pki = Pki(cluster, endpoint);
  const BootstrapToken token = Token();
  ASSERT_EQ(
      Boot(Machine(Role::kInitControlPlane, OsFamily::kUbuntu, cluster, "boot-sad-cp-0", endpoint),
           pki, token, "127.0.121.1")
          .exit_code,
      0);

  ClusterPki wrong_hash = pki;
  wrong_hash.ca_cert_hash = Pki("boot-other", endpoint).ca_cert_hash;
  ASSERT_NE(wrong_hash.ca_cert_hash, pki.ca_cert_hash);
  EXPECT_NE(Boot(Machine(Role::kWorker, OsFamily::kUbuntu, cluster, "boot-sad-md-hash", endpoint),
                 wrong_hash, token, "127.0.121.2", {"--timeout", "60s"})
                .exit_code,
            0);
  EXPECT_THAT(Status("boot-sad-md-hash"),
              HasSubstr("failed: cluster CA found in cluster-info ConfigMap is invalid"));

  // Same token id, another secret: the API server refuses it.
  BootstrapToken wrong_token = Token();
  wrong_token.id = token.id;
  EXPECT_NE(Boot(Machine(Role::kWorker, OsFamily::kUbuntu, cluster, "boot-sad-md-token", endpoint),
                 pki, wrong_token, "127.0.121.3", {"--timeout", "60s"})
                .exit_code,
            0);
  EXPECT_THAT(Status("boot-sad-md-token"), HasSubstr("401 Unauthorized"));

  // Bottlerocket's kubelet trusts cluster-certificate: another CA fails TLS verification.
  ClusterPki wrong_ca = pki;
  wrong_ca.ca = Pki("boot-other2", endpoint).ca;
  EXPECT_NE(
      Boot(Machine(Role::kWorker, OsFamily::kBottlerocket, cluster, "boot-sad-br-ca", endpoint),
           wrong_ca, token, "127.0.121.4", {"--timeout", "60s"})
          .exit_code,
      0);
  EXPECT_THAT(Status("boot-sad-br-ca"), HasSubstr("x509: certificate signed by unknown authority"));

  const std::string kubeconfig = AdminKubeconfig(pki, endpoint, cluster);
  CommandResult nodes = Kubectl(kubeconfig, {"get", "nodes", "-o", "name"});
  ASSERT_EQ(nodes.exit_code, 0) << nodes.err;
  EXPECT_EQ(nodes.out, "node/boot-sad-cp-0\n");
}

TEST_F(BootTest, BottlerocketControlPlaneAndWorker) {
  const std::string cluster = "boot-br", endpoint = "127.0.50.22";
  const ClusterPki pki = Pki(cluster, endpoint);
  const BootstrapToken token = Token();
  ASSERT_EQ(Boot(Machine(Role::kInitControlPlane, OsFamily::kBottlerocket, cluster, "boot-br-cp-0",
                         endpoint),
                 pki, token, "127.0.122.1")
                .exit_code,
            0);
  ASSERT_EQ(Boot(Machine(Role::kWorker, OsFamily::kBottlerocket, cluster, "boot-br-md-0", endpoint),
                 pki, token, "127.0.122.2")
                .exit_code,
            0);
  const std::string kubeconfig = AdminKubeconfig(pki, endpoint, cluster);
  EXPECT_EQ(NodeReady(kubeconfig, "boot-br-cp-0"), "True");
  EXPECT_EQ(NodeReady(kubeconfig, "boot-br-md-0"), "True");
  EXPECT_THAT(Kubectl(kubeconfig,
                      {"get", "node", "boot-br-md-0", "-o", "jsonpath={.status.nodeInfo.osImage}"})
                  .out,
              StartsWith("Bottlerocket"));
}

TEST_F(BootTest, ExternalEtcdByEtcdadmServesTheControlPlane) {
  const std::string cluster = "boot-ext", endpoint = "127.0.50.23";
  const ClusterPki pki = Pki(cluster, endpoint);
  const BootstrapToken token = Token();
  auto etcd0 = Machine(Role::kEtcd, OsFamily::kUbuntu, cluster, "boot-ext-etcd-0", endpoint);
  etcd0.etcd_version = "3.5.15";
  ASSERT_EQ(Boot(etcd0, pki, token, "127.0.123.1").exit_code, 0);
  auto etcd1 = etcd0;
  etcd1.machine_name = "boot-ext-etcd-1";
  etcd1.etcd_join_address = "127.0.123.1";
  ASSERT_EQ(Boot(etcd1, pki, token, "127.0.123.2").exit_code, 0);

  // Two started members, seen with the client certificate etcdadm made on etcd-0.
  const std::string certs = StateDir("boot-ext-etcd-0") + "/root/etc/etcd/pki/";
  CommandResult members =
      RunCommand({env_["EKSA_TESTBED_ETCDCTL"], "--endpoints", "https://127.0.123.2:2379",
                  "--cacert", certs + "ca.crt", "--cert", certs + "etcdctl-etcd-client.crt",
                  "--key", certs + "etcdctl-etcd-client.key", "member", "list"});
  ASSERT_EQ(members.exit_code, 0) << members.err;
  EXPECT_THAT(members.out, HasSubstr("started, boot-ext-etcd-0, https://127.0.123.1:2380"));
  EXPECT_THAT(members.out, HasSubstr("started, boot-ext-etcd-1, https://127.0.123.2:2380"));

  auto init =
      Machine(Role::kInitControlPlane, OsFamily::kUbuntu, cluster, "boot-ext-cp-0", endpoint);
  init.external_etcd = {{.name = "boot-ext-etcd-0", .address = "127.0.123.1"},
                        {.name = "boot-ext-etcd-1", .address = "127.0.123.2"}};
  ASSERT_EQ(Boot(init, pki, token, "127.0.123.10").exit_code, 0);
  auto worker = Machine(Role::kWorker, OsFamily::kUbuntu, cluster, "boot-ext-md-0", endpoint);
  ASSERT_EQ(Boot(worker, pki, token, "127.0.123.11").exit_code, 0);
  const std::string kubeconfig = AdminKubeconfig(pki, endpoint, cluster);
  EXPECT_EQ(NodeReady(kubeconfig, "boot-ext-md-0"), "True");

  // The API server's objects are in the external etcd.
  CommandResult keys = RunCommand(
      {env_["EKSA_TESTBED_ETCDCTL"], "--endpoints", "https://127.0.123.1:2379", "--cacert",
       certs + "ca.crt", "--cert", certs + "etcdctl-etcd-client.crt", "--key",
       certs + "etcdctl-etcd-client.key", "get", "--prefix", "--keys-only", "/registry/minions/"});
  ASSERT_EQ(keys.exit_code, 0) << keys.err;
  EXPECT_THAT(keys.out, HasSubstr("/registry/minions/boot-ext-md-0"));
}

}  // namespace
}  // namespace eksa
