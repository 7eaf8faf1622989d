// RemoveMember against a real etcd (Debian's etcd-server) serving mutual TLS on a loopback
// address of this process's own (CTest runs each test as a process, two at a time),
// with certificates made by the planner's pki library: a learner that never started is
// removed by its peer IP, a second removal is a no-op, and wrong trust on either side or a
// silent endpoint is kUnavailable.
#include "services/planner/etcd/etcd_members.h"

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/planner/pki/certificate.h"
#include "services/planner/pki/key.h"
#include "tests/testing/command.h"
#include "tests/testing/process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/tls_etcd.h"

namespace eksa::planner::etcd {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string& Ip() {
  static const std::string* ip = new std::string(eksa::testing::PidLoopbackIp(61));
  return *ip;
}
std::string Url(int port) { return "https://" + Ip() + ":" + std::to_string(port); }
constexpr char kEtcdctl[] = "/usr/bin/etcdctl";

struct Pair {
  std::string cert;
  pki::Secret key;
};

class Ca {
 public:
  explicit Ca(const std::string& name)
      : key_(*pki::GenerateKey(pki::KeyAlgorithm::kEcdsaP256)),
        cert_(*pki::CreateSelfSignedCa(name, key_)) {}
  std::string Pem() const { return *pki::EncodeCertificatePem(cert_); }
  Pair Issue(const std::string& cn, bool server) const {
    pki::PrivateKey key = *pki::GenerateKey(pki::KeyAlgorithm::kEcdsaP256);
    pki::CertificateSpec spec{.common_name = cn, .server_auth = server, .client_auth = true};
    if (server) spec.ip_addresses = {Ip()};
    return {*pki::EncodeCertificatePem(*pki::IssueCertificate(spec, key, cert_, key_)),
            *pki::EncodePrivateKeyPem(key)};
  }

 private:
  pki::PrivateKey key_;
  pki::Certificate cert_;
};

class EtcdMembersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(std::filesystem::temp_directory_path() /
                           ("eksa-etcd-test-" + std::to_string(getpid())));
    std::filesystem::create_directories(*dir_);
    ca_ = new Ca("etcd-ca");
    const Pair server = ca_->Issue("m0", /*server=*/true);
    client_ = new Pair(ca_->Issue("client", /*server=*/false));
    Write("ca.crt", ca_->Pem());
    Write("server.crt", server.cert);
    Write("server.key", server.key.Reveal());
    Write("client.crt", client_->cert);
    Write("client.key", client_->key.Reveal());
    etcd_ = eksa::testing::StartTlsEtcd(*dir_, Ip(), "m0").release();
    ASSERT_NE(etcd_, nullptr);
  }

  static void TearDownTestSuite() {
    delete etcd_;  // SIGKILLs and reaps it
    if (dir_ != nullptr) std::filesystem::remove_all(*dir_);
    delete dir_;
    delete ca_;
    delete client_;
  }

  static void Write(const std::string& name, const std::string& text) {
    std::ofstream(*dir_ + "/" + name) << text;
  }

  static eksa::testing::CommandResult Etcdctl(std::vector<std::string> args) {
    const std::string d = *dir_ + "/";
    std::vector<std::string> argv = {kEtcdctl, "--endpoints=" + Url(2379),
                                     "--cacert=" + d + "ca.crt", "--cert=" + d + "client.crt",
                                     "--key=" + d + "client.key"};
    argv.insert(argv.end(), args.begin(), args.end());
    return eksa::testing::RunCommand(argv);
  }

  ClientTls Tls() const { return {ca_->Pem(), client_->cert, client_->key}; }

  static std::string* dir_;
  static Ca* ca_;
  static Pair* client_;
  static eksa::testing::Process* etcd_;
};

std::string* EtcdMembersTest::dir_ = nullptr;
Ca* EtcdMembersTest::ca_ = nullptr;
Pair* EtcdMembersTest::client_ = nullptr;
eksa::testing::Process* EtcdMembersTest::etcd_ = nullptr;

TEST_F(EtcdMembersTest, RemovesAnUnstartedMemberByPeerIpAndIsIdempotent) {
  eksa::testing::CommandResult add =
      Etcdctl({"member", "add", "ghost", "--learner", "--peer-urls=https://127.0.61.2:2380"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  ASSERT_THAT(Etcdctl({"member", "list"}).out, HasSubstr("https://127.0.61.2:2380"));

  EXPECT_THAT(RemoveMember(Url(2379), Tls(), {.name = "ghost", .ip = "127.0.61.2"}), IsOk());
  const eksa::testing::CommandResult list = Etcdctl({"member", "list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, Not(HasSubstr("127.0.61.2")));
  EXPECT_THAT(list.out, HasSubstr("m0"));

  EXPECT_THAT(RemoveMember(Url(2379), Tls(), {.name = "ghost", .ip = "127.0.61.2"}), IsOk());
}

TEST_F(EtcdMembersTest, ServerNotSignedByTheGivenCaIsUnavailable) {
  ClientTls tls = Tls();
  tls.ca_pem = Ca("other-ca").Pem();
  EXPECT_THAT(RemoveMember(Url(2379), tls, {.name = "x"}),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("etcd at " + Url(2379))));
}

TEST_F(EtcdMembersTest, ClientCertificateFromAnotherCaIsRefused) {
  const Pair stranger = Ca("other-ca").Issue("client", /*server=*/false);
  ClientTls tls = Tls();
  tls.cert_pem = stranger.cert;
  tls.key_pem = stranger.key;
  EXPECT_THAT(RemoveMember(Url(2379), tls, {.name = "x"}),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(Etcdctl({"member", "list"}).out, HasSubstr("m0"));
}

TEST_F(EtcdMembersTest, SilentEndpointIsUnavailable) {
  EXPECT_THAT(RemoveMember("https://127.0.61.9:2379", Tls(), {.name = "x"}, absl::Seconds(2)),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("127.0.61.9")));
}

}  // namespace
}  // namespace eksa::planner::etcd
