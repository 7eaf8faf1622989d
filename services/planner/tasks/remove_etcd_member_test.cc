// remove-etcd-member with a real etcd (Debian's etcd-server) serving mutual TLS with the
// cluster's own etcd CA: the task finds the surviving member in the cluster record, talks to it
// with the stored PKI's etcd client certificate and removes the retired member, idempotently;
// with no member answering it is kUnavailable naming what it tried.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "services/planner/pki/certificate.h"
#include "services/planner/pki/cluster_pki.h"
#include "services/planner/pki/key.h"
#include "services/planner/pki/token.h"
#include "services/planner/tasks/pki_outputs.h"
#include "services/planner/tasks/task_test_util.h"
#include "tests/testing/command.h"
#include "tests/testing/process.h"
#include "tests/testing/tls_etcd.h"

namespace eksa::planner::tasks::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class RemoveEtcdMemberTest : public TasksTest {
 protected:
  void SetUp() override {
    TasksTest::SetUp();
    absl::StatusOr<pki::ClusterPki> pki =
        pki::GenerateClusterPki({.cluster_name = "lab",
                                 .endpoint = "127.0.0.10",
                                 .key_algorithm = pki::KeyAlgorithm::kEcdsaP256});
    ASSERT_THAT(pki, IsOk());
    absl::StatusOr<pki::BootstrapToken> token = pki::GenerateBootstrapToken();
    ASSERT_THAT(token, IsOk());
    pki_outputs_ = PkiToOutputs({.pki = *pki, .token = *token});
    // etcd's serving certificate, signed by the cluster's etcd CA as etcdadm would make it.
    pki::PrivateKey ca_key = *pki::ParsePrivateKeyPem(pki->etcd_ca.key_pem);
    pki::Certificate ca = *pki::ParseCertificatePem(pki->etcd_ca.cert_pem);
    pki::PrivateKey key = *pki::GenerateKey(pki::KeyAlgorithm::kEcdsaP256);
    pki::Certificate cert = *pki::IssueCertificate(
        {.common_name = "etcd-a", .ip_addresses = {ip_}, .server_auth = true, .client_auth = true},
        key, ca, ca_key);
    Write("ca.crt", pki->etcd_ca.cert_pem);
    Write("server.crt", *pki::EncodeCertificatePem(cert));
    Write("server.key", pki::EncodePrivateKeyPem(key)->Reveal());
    Write("client.crt", pki->etcd_healthcheck_client.cert_pem);
    Write("client.key", pki->etcd_healthcheck_client.key_pem.Reveal());
    etcd_ = eksa::testing::StartTlsEtcd(dir_ + "/etcd", ip_, "etcd-a");
    ASSERT_NE(etcd_, nullptr);
  }

  void Write(const std::string& name, const std::string& text) {
    std::filesystem::create_directories(dir_ + "/etcd");
    std::ofstream(dir_ + "/etcd/" + name) << text;
  }

  eksa::testing::CommandResult Etcdctl(std::vector<std::string> args) {
    const std::string d = dir_ + "/etcd/";
    std::vector<std::string> argv = {"/usr/bin/etcdctl", "--endpoints=https://" + ip_ + ":2379",
                                     "--cacert=" + d + "ca.crt", "--cert=" + d + "client.crt",
                                     "--key=" + d + "client.key"};
    argv.insert(argv.end(), args.begin(), args.end());
    return eksa::testing::RunCommand(argv);
  }

  // An upgrade of cluster "lab" whose record lists etcd-a (running) and etcd-b (`b_ip`).
  std::string Upgrade(const std::string& a_ip, const std::string& b_ip) {
    LabSpec spec{.etcd = 1};
    EXPECT_THAT(
        store_->PutCluster(
            {.name = "lab",
             .spec_yaml = spec.Yaml(),
             .machines = {{.name = "etcd-a", .role = store::MachineRole::kEtcd, .ip = a_ip},
                          {.name = "etcd-b", .role = store::MachineRole::kEtcd, .ip = b_ip}},
             .kubeconfig = "apiVersion: v1\n"}),
        IsOk());
    return NewOperation(spec, "op-up", store::OperationType::kUpgrade);
  }

  dag::TaskSpec Task() const {
    return {.id = "remove-etcd-member[etcd-b]",
            .kind = "remove-etcd-member",
            .pool = "local",
            .params = {{"machine", "etcd-b"}}};
  }

  const std::string ip_ = eksa::testing::PidLoopbackIp(62);
  const std::string b_ip_ = "127.63.0.2";
  dag::TaskOutputs pki_outputs_;
  std::unique_ptr<eksa::testing::Process> etcd_;
};

TEST_F(RemoveEtcdMemberTest, RemovesTheRetiredMemberThroughTheSurvivor) {
  ASSERT_EQ(
      Etcdctl({"member", "add", "etcd-b", "--learner", "--peer-urls=https://" + b_ip_ + ":2380"})
          .exit_code,
      0);
  const std::string op = Upgrade(ip_, b_ip_);
  absl::StatusOr<dag::TaskOutputs> out = RunTask(op, Task(), {{"generate-pki", pki_outputs_}});
  ASSERT_THAT(out, IsOk());
  EXPECT_EQ(out->at("member"), "etcd-b");
  EXPECT_EQ(out->at("via"), "https://" + ip_ + ":2379");
  const eksa::testing::CommandResult list = Etcdctl({"member", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, Not(HasSubstr(b_ip_)));
  EXPECT_THAT(list.out, HasSubstr("etcd-a"));
  // A retried task (the member is already gone) succeeds.
  EXPECT_THAT(RunTask(op, Task(), {{"generate-pki", pki_outputs_}}), IsOk());
}

TEST_F(RemoveEtcdMemberTest, NoMemberAnsweringIsUnavailableNamingWhatWasTried) {
  const std::string op = Upgrade("127.63.0.9", b_ip_);
  EXPECT_THAT(RunTask(op, Task(), {{"generate-pki", pki_outputs_}}),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("removing etcd member etcd-b: no other etcd member answered: "
                                 "etcd at https://127.63.0.9:2379")));
}

}  // namespace
}  // namespace eksa::planner::tasks::testing
