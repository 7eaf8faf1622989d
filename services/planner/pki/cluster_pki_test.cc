#include "services/planner/pki/cluster_pki.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/planner/pki/certificate.h"
#include "services/planner/pki/openssl_cli.h"
#include "tests/testing/status_matchers.h"

namespace eksa::planner::pki {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::Openssl;
using testing::TempDir;
using testing::X509Text;

PkiRequest Request(KeyAlgorithm alg) {
  return PkiRequest{
      .cluster_name = "mgmt",
      .endpoint = "127.0.0.10",
      .service_cidr = "10.96.0.0/12",
      .control_plane_machines = {{.name = "mgmt-cp-0", .ip = "127.0.0.11"}, {.name = "mgmt-cp-1"}},
      .key_algorithm = alg,
  };
}

// Every certificate, written to a directory laid out as /etc/kubernetes/pki.
class PkiFiles {
 public:
  explicit PkiFiles(const ClusterPki& pki) {
    Put("ca", pki.ca);
    Put("etcd/ca", pki.etcd_ca);
    Put("front-proxy-ca", pki.front_proxy_ca);
    Put("apiserver", pki.apiserver);
    Put("apiserver-kubelet-client", pki.apiserver_kubelet_client);
    Put("apiserver-etcd-client", pki.apiserver_etcd_client);
    Put("front-proxy-client", pki.front_proxy_client);
    Put("etcd/healthcheck-client", pki.etcd_healthcheck_client);
    Put("admin", pki.admin);
    dir_.Write("sa.pub", pki.service_account.public_pem);
    dir_.Write("sa.key", pki.service_account.private_pem.Reveal());
  }
  std::string Crt(const std::string& name) const { return dir_.path() + "/" + name + ".crt"; }
  std::string Key(const std::string& name) const { return dir_.path() + "/" + name + ".key"; }
  const std::string& path() const { return dir_.path(); }

 private:
  void Put(const std::string& name, const CertKeyPair& pair) {
    dir_.Write(name + ".crt", pair.cert_pem);
    dir_.Write(name + ".key", pair.key_pem.Reveal());
  }
  TempDir dir_;
};

// leaf → the CA that must have signed it.
std::map<std::string, std::string> LeafSigners() {
  return {{"apiserver", "ca"},
          {"apiserver-kubelet-client", "ca"},
          {"admin", "ca"},
          {"front-proxy-client", "front-proxy-ca"},
          {"apiserver-etcd-client", "etcd/ca"},
          {"etcd/healthcheck-client", "etcd/ca"}};
}

bool Verifies(const PkiFiles& files, const std::string& ca, const std::string& leaf,
              const std::string& purpose) {
  eksa::testing::CommandResult r =
      Openssl({"verify", "-purpose", purpose, "-CAfile", files.Crt(ca), files.Crt(leaf)});
  return r.exit_code == 0 && r.out == files.Crt(leaf) + ": OK\n";
}

// The public key of a certificate and of a private key, as PEM, to prove they belong together.
void ExpectKeyMatchesCert(const PkiFiles& files, const std::string& name) {
  SCOPED_TRACE(name);
  eksa::testing::CommandResult from_key = Openssl({"pkey", "-in", files.Key(name), "-pubout"});
  ASSERT_EQ(from_key.exit_code, 0) << from_key.err;
  EXPECT_EQ(X509Text(files.Crt(name), {"-pubkey"}), from_key.out);
}

class ClusterPkiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<ClusterPki> pki = GenerateClusterPki(Request(KeyAlgorithm::kEcdsaP256));
    ASSERT_THAT(pki, IsOk());
    pki_ = new ClusterPki(*std::move(pki));
  }
  static void TearDownTestSuite() {
    delete pki_;
    pki_ = nullptr;
  }
  static ClusterPki* pki_;
};
ClusterPki* ClusterPkiTest::pki_ = nullptr;

TEST_F(ClusterPkiTest, EveryLeafVerifiesAgainstItsCaAndNoOther) {
  PkiFiles files(*pki_);
  const std::vector<std::string> cas = {"ca", "etcd/ca", "front-proxy-ca"};
  for (const auto& [leaf, signer] : LeafSigners()) {
    SCOPED_TRACE(leaf);
    const std::string purpose =
        leaf.find("client") != std::string::npos || leaf == "admin" ? "sslclient" : "sslserver";
    EXPECT_TRUE(Verifies(files, signer, leaf, purpose));
    for (const std::string& ca : cas) {
      if (ca != signer) {
        EXPECT_FALSE(Verifies(files, ca, leaf, "any")) << "verified by " << ca;
      }
    }
    ExpectKeyMatchesCert(files, leaf);
  }
  for (const std::string& ca : cas) ExpectKeyMatchesCert(files, ca);
}

TEST_F(ClusterPkiTest, CaSubjectsAreKubeadms) {
  PkiFiles files(*pki_);
  EXPECT_EQ(X509Text(files.Crt("ca"), {"-subject"}), "subject=CN = kubernetes\n");
  EXPECT_EQ(X509Text(files.Crt("etcd/ca"), {"-subject"}), "subject=CN = etcd-ca\n");
  EXPECT_EQ(X509Text(files.Crt("front-proxy-ca"), {"-subject"}), "subject=CN = front-proxy-ca\n");
}

TEST_F(ClusterPkiTest, LeafSubjectsAndUsages) {
  PkiFiles files(*pki_);
  struct Want {
    std::string leaf, subject, eku;
  };
  const std::string client = "TLS Web Client Authentication";
  const std::string server = "TLS Web Server Authentication";
  const std::string both = server + ", " + client;
  const Want wants[] = {
      {"apiserver", "CN = kube-apiserver", server},
      {"apiserver-kubelet-client", "O = system:masters, CN = kube-apiserver-kubelet-client",
       client},
      {"apiserver-etcd-client", "CN = kube-apiserver-etcd-client", client},
      {"front-proxy-client", "CN = front-proxy-client", client},
      {"etcd/healthcheck-client", "CN = kube-etcd-healthcheck-client", client},
      {"admin", "O = system:masters, CN = kubernetes-admin", client},
  };
  for (const Want& w : wants) {
    SCOPED_TRACE(w.leaf);
    EXPECT_EQ(X509Text(files.Crt(w.leaf), {"-subject"}), "subject=" + w.subject + "\n");
    EXPECT_THAT(X509Text(files.Crt(w.leaf), {"-ext", "extendedKeyUsage"}),
                HasSubstr("\n    " + w.eku + "\n"));
  }
}

TEST_F(ClusterPkiTest, ApiServerSans) {
  PkiFiles files(*pki_);
  EXPECT_EQ(X509Text(files.Crt("apiserver"), {"-ext", "subjectAltName"}),
            "X509v3 Subject Alternative Name: \n"
            "    DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, "
            "DNS:kubernetes.default.svc.cluster.local, DNS:localhost, DNS:mgmt-cp-0, "
            "DNS:mgmt-cp-1, IP Address:10.96.0.1, IP Address:127.0.0.10, IP Address:127.0.0.1, "
            "IP Address:127.0.0.11\n");
}

TEST_F(ClusterPkiTest, ServiceAccountKeyPairMatches) {
  PkiFiles files(*pki_);
  eksa::testing::CommandResult pub = Openssl({"pkey", "-in", files.path() + "/sa.key", "-pubout"});
  ASSERT_EQ(pub.exit_code, 0) << pub.err;
  EXPECT_EQ(pub.out, pki_->service_account.public_pem);
}

TEST_F(ClusterPkiTest, CaHashIsTheClusterCas) {
  EXPECT_THAT(CaCertHash(std::string_view(pki_->ca.cert_pem)), IsOkAndHolds(pki_->ca_cert_hash));
  EXPECT_THAT(CaCertHash(std::string_view(pki_->etcd_ca.cert_pem)),
              IsOkAndHolds(Not(pki_->ca_cert_hash)));
}

TEST_F(ClusterPkiTest, DebugStringShowsNoKey) {
  const std::string text = pki_->DebugString();
  EXPECT_THAT(text, HasSubstr("etcd-healthcheck-client"));
  EXPECT_THAT(text, HasSubstr(pki_->ca_cert_hash));
  EXPECT_THAT(text, Not(HasSubstr("PRIVATE KEY")));
  EXPECT_THAT(::testing::PrintToString(*pki_), Not(HasSubstr("PRIVATE")));
  EXPECT_THAT(::testing::PrintToString(pki_->admin.key_pem), Not(HasSubstr("PRIVATE")));
}

TEST_F(ClusterPkiTest, ApiServerCertReissuedWithMachineIpLearnedLater) {
  PkiRequest request = Request(KeyAlgorithm::kEcdsaP256);
  request.control_plane_machines[1].ip = "127.0.0.12";
  absl::StatusOr<CertKeyPair> cert = IssueApiServerCert(request, pki_->ca);
  ASSERT_THAT(cert, IsOk());
  TempDir dir;
  const std::string ca = dir.Write("ca.crt", pki_->ca.cert_pem);
  const std::string leaf = dir.Write("apiserver.crt", cert->cert_pem);
  EXPECT_EQ(Openssl({"verify", "-CAfile", ca, leaf}).exit_code, 0);
  EXPECT_THAT(X509Text(leaf, {"-ext", "subjectAltName"}),
              HasSubstr("IP Address:127.0.0.11, IP Address:127.0.0.12\n"));
  EXPECT_THAT(IssueApiServerCert(request, pki_->etcd_ca), IsOk());  // any CA pair parses
  CertKeyPair broken = pki_->ca;
  broken.key_pem = pki_->etcd_ca.key_pem;
  EXPECT_THAT(IssueApiServerCert(request, broken),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("does not match")));
}

TEST(ClusterPkiValidationTest, RejectsBadRequests) {
  struct Case {
    std::string name;
    void (*mutate)(PkiRequest&);
    std::string want;
  };
  const Case cases[] = {
      {"empty cluster", [](PkiRequest& r) { r.cluster_name = ""; }, "cluster name"},
      {"endpoint hostname", [](PkiRequest& r) { r.endpoint = "api.example"; },
       "control-plane endpoint \"api.example\" is not an IPv4 address"},
      {"endpoint ipv6", [](PkiRequest& r) { r.endpoint = "fd00::1"; }, "not an IPv4"},
      {"service cidr", [](PkiRequest& r) { r.service_cidr = "10.96.0.0"; },
       "not an IPv4 CIDR block"},
      {"dns domain", [](PkiRequest& r) { r.dns_domain = ""; }, "DNS domain"},
      {"machine without name", [](PkiRequest& r) { r.control_plane_machines.push_back({}); },
       "control-plane machine name \"\""},
      {"duplicate machine",
       [](PkiRequest& r) { r.control_plane_machines.push_back({.name = "mgmt-cp-0"}); },
       "duplicate machine name \"mgmt-cp-0\""},
      {"bad machine ip", [](PkiRequest& r) { r.control_plane_machines[0].ip = "1.2.3"; },
       "machine mgmt-cp-0: \"1.2.3\" is not an IP address"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    PkiRequest request = Request(KeyAlgorithm::kEcdsaP256);
    c.mutate(request);
    EXPECT_THAT(GenerateClusterPki(request),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.want)));
  }
}

// The default (kubeadm's RSA 2048) end to end, on a small cluster to keep the key count low.
TEST(ClusterPkiRsaTest, DefaultIsRsa2048AndVerifies) {
  PkiRequest request{.cluster_name = "w", .endpoint = "127.0.0.10"};
  ASSERT_EQ(request.key_algorithm, KeyAlgorithm::kRsa2048);
  absl::StatusOr<ClusterPki> pki = GenerateClusterPki(request);
  ASSERT_THAT(pki, IsOk());
  PkiFiles files(*pki);
  for (const auto& [leaf, signer] : LeafSigners()) {
    SCOPED_TRACE(leaf);
    EXPECT_TRUE(Verifies(files, signer, leaf, "any"));
    eksa::testing::CommandResult text =
        Openssl({"pkey", "-in", files.Key(leaf), "-text", "-noout"});
    EXPECT_THAT(text.out, HasSubstr("Private-Key: (2048 bit, 2 primes)"));
  }
  EXPECT_THAT(pki->service_account.private_pem.Reveal(), HasSubstr("BEGIN RSA PRIVATE KEY"));
  EXPECT_THAT(X509Text(files.Crt("apiserver"), {"-ext", "keyUsage"}),
              HasSubstr("Digital Signature, Key Encipherment"));
}

}  // namespace
}  // namespace eksa::planner::pki
