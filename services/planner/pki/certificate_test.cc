#include "services/planner/pki/certificate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/planner/pki/openssl_cli.h"
#include "tests/testing/status_matchers.h"

namespace eksa::planner::pki {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using testing::Openssl;
using testing::TempDir;
using testing::X509Text;

struct Ca {
  PrivateKey key;
  Certificate cert;
};

Ca MakeCa(const std::string& name) {
  absl::StatusOr<PrivateKey> key = GenerateKey(KeyAlgorithm::kEcdsaP256);
  EXPECT_THAT(key, IsOk());
  absl::StatusOr<Certificate> cert = CreateSelfSignedCa(name, *key);
  EXPECT_THAT(cert, IsOk());
  return Ca{*key, *cert};
}

std::string Pem(const Certificate& cert) {
  absl::StatusOr<std::string> pem = EncodeCertificatePem(cert);
  EXPECT_THAT(pem, IsOk());
  return pem.ok() ? *pem : "";
}

TEST(CertificateTest, SelfSignedCaHasKubeadmShape) {
  Ca ca = MakeCa("kubernetes");
  TempDir dir;
  const std::string path = dir.Write("ca.crt", Pem(ca.cert));
  EXPECT_EQ(X509Text(path, {"-subject"}), "subject=CN = kubernetes\n");
  EXPECT_EQ(X509Text(path, {"-issuer"}), "issuer=CN = kubernetes\n");
  EXPECT_THAT(X509Text(path, {"-ext", "basicConstraints"}), HasSubstr("critical\n    CA:TRUE"));
  EXPECT_THAT(X509Text(path, {"-ext", "keyUsage"}),
              HasSubstr("Digital Signature, Key Encipherment, Certificate Sign"));
  EXPECT_THAT(X509Text(path, {"-text"}), HasSubstr("Version: 3 (0x2)"));
  // Valid for 10 years: still valid in 9.9 years, expired in 10.1.
  EXPECT_EQ(Openssl({"x509", "-in", path, "-noout", "-checkend", "312000000"}).exit_code, 0);
  EXPECT_EQ(Openssl({"x509", "-in", path, "-noout", "-checkend", "318000000"}).exit_code, 1);
  eksa::testing::CommandResult verify = Openssl({"verify", "-CAfile", path, path});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
}

TEST(CertificateTest, LeafVerifiesAgainstItsCaOnly) {
  Ca ca = MakeCa("kubernetes");
  Ca other = MakeCa("kubernetes");  // same name, different key: must still fail
  absl::StatusOr<PrivateKey> key = GenerateKey(KeyAlgorithm::kEcdsaP256);
  ASSERT_THAT(key, IsOk());
  CertificateSpec spec{.common_name = "kube-apiserver",
                       .dns_names = {"kubernetes", "*.example.test"},
                       .ip_addresses = {"10.96.0.1", "fd00::1"},
                       .server_auth = true};
  absl::StatusOr<Certificate> leaf = IssueCertificate(spec, *key, ca.cert, ca.key);
  ASSERT_THAT(leaf, IsOk());
  TempDir dir;
  const std::string ca_path = dir.Write("ca.crt", Pem(ca.cert));
  const std::string other_path = dir.Write("other.crt", Pem(other.cert));
  const std::string leaf_path = dir.Write("leaf.crt", Pem(*leaf));

  eksa::testing::CommandResult ok =
      Openssl({"verify", "-purpose", "sslserver", "-CAfile", ca_path, leaf_path});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, leaf_path + ": OK\n");
  EXPECT_NE(Openssl({"verify", "-CAfile", other_path, leaf_path}).exit_code, 0);
  EXPECT_NE(Openssl({"verify", "-purpose", "sslclient", "-CAfile", ca_path, leaf_path}).exit_code,
            0);

  EXPECT_THAT(X509Text(leaf_path, {"-ext", "subjectAltName"}),
              HasSubstr("DNS:kubernetes, DNS:*.example.test, IP Address:10.96.0.1, "
                        "IP Address:FD00:0:0:0:0:0:0:1"));
  EXPECT_THAT(X509Text(leaf_path, {"-ext", "extendedKeyUsage"}),
              HasSubstr("TLS Web Server Authentication\n"));
  EXPECT_THAT(X509Text(leaf_path, {"-ext", "basicConstraints"}), HasSubstr("CA:FALSE"));
  // ECDSA leaf: digitalSignature only.
  EXPECT_THAT(X509Text(leaf_path, {"-ext", "keyUsage"}),
              HasSubstr("critical\n    Digital Signature\n"));
  // One year: valid in 364 days, expired in 366.
  EXPECT_EQ(Openssl({"x509", "-in", leaf_path, "-noout", "-checkend", "31449600"}).exit_code, 0);
  EXPECT_EQ(Openssl({"x509", "-in", leaf_path, "-noout", "-checkend", "31622400"}).exit_code, 1);
}

TEST(CertificateTest, SubjectListsOrganizationsThenCommonName) {
  Ca ca = MakeCa("kubernetes");
  absl::StatusOr<PrivateKey> key = GenerateKey(KeyAlgorithm::kEcdsaP256);
  ASSERT_THAT(key, IsOk());
  absl::StatusOr<Certificate> leaf = IssueCertificate(
      {.common_name = "kubernetes-admin", .organizations = {"system:masters"}, .client_auth = true},
      *key, ca.cert, ca.key);
  ASSERT_THAT(leaf, IsOk());
  TempDir dir;
  const std::string path = dir.Write("admin.crt", Pem(*leaf));
  EXPECT_EQ(X509Text(path, {"-subject"}), "subject=O = system:masters, CN = kubernetes-admin\n");
  EXPECT_EQ(X509Text(path, {"-issuer"}), "issuer=CN = kubernetes\n");
  EXPECT_EQ(X509Text(path, {"-ext", "subjectAltName"}), "");  // no SANs on a client cert
}

TEST(CertificateTest, SerialsAreRandomAndAtMost128Bits) {
  Ca ca = MakeCa("etcd-ca");
  absl::StatusOr<PrivateKey> key = GenerateKey(KeyAlgorithm::kEcdsaP256);
  ASSERT_THAT(key, IsOk());
  TempDir dir;
  std::set<std::string> serials;
  for (int i = 0; i < 20; ++i) {
    absl::StatusOr<Certificate> leaf =
        IssueCertificate({.common_name = "c", .client_auth = true}, *key, ca.cert, ca.key);
    ASSERT_THAT(leaf, IsOk());
    const std::string serial =
        X509Text(dir.Write(absl::StrCat(i, ".crt"), Pem(*leaf)), {"-serial"});
    EXPECT_THAT(serial, MatchesRegex("serial=[0-9A-F]{1,32}\n"));
    serials.insert(serial);
  }
  EXPECT_EQ(serials.size(), 20u);
}

TEST(CertificateTest, RejectsBadSpecs) {
  Ca ca = MakeCa("kubernetes");
  Ca other = MakeCa("kubernetes");
  absl::StatusOr<PrivateKey> key = GenerateKey(KeyAlgorithm::kEcdsaP256);
  ASSERT_THAT(key, IsOk());
  struct Case {
    std::string name;
    CertificateSpec spec;
    std::string want;
  };
  const Case cases[] = {
      {"no name", {.server_auth = true}, "needs a common name"},
      {"no usage", {.common_name = "x"}, "needs server or client auth"},
      {"bad ip",
       {.common_name = "x", .ip_addresses = {"10.0.0.300"}, .server_auth = true},
       "invalid IP address in SANs: \"10.0.0.300\""},
      {"bad dns",
       {.common_name = "x", .dns_names = {"a,IP:1.2.3.4"}, .server_auth = true},
       "invalid DNS name in SANs"},
      {"empty dns",
       {.common_name = "x", .dns_names = {""}, .server_auth = true},
       "invalid DNS name"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_THAT(IssueCertificate(c.spec, *key, ca.cert, ca.key),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.want)));
  }
  EXPECT_THAT(IssueCertificate({.common_name = "x", .client_auth = true}, *key, ca.cert, other.key),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("does not match")));
  EXPECT_THAT(CreateSelfSignedCa("", *key),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("common name")));
}

TEST(CertificateTest, PemRoundTripAndGarbage) {
  Ca ca = MakeCa("front-proxy-ca");
  const std::string pem = Pem(ca.cert);
  absl::StatusOr<Certificate> parsed = ParseCertificatePem(pem);
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(Pem(*parsed), pem);
  EXPECT_THAT(ParseCertificatePem("garbage"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("parsing certificate PEM")));
  EXPECT_THAT(CaCertHash(std::string_view("garbage")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("parsing certificate PEM")));
}

// kubeadm's documented recipe: openssl x509 -pubkey | openssl pkey -pubin -outform der | sha256sum
std::string HashWithOpenssl(const TempDir& dir, const std::string& ca_path) {
  const std::string pub = dir.path() + "/ca.pub";
  const std::string der = dir.path() + "/ca.der";
  EXPECT_EQ(Openssl({"x509", "-in", ca_path, "-noout", "-pubkey", "-out", pub}).exit_code, 0);
  EXPECT_EQ(Openssl({"pkey", "-pubin", "-in", pub, "-outform", "der", "-out", der}).exit_code, 0);
  eksa::testing::CommandResult sum = eksa::testing::RunCommand({"/usr/bin/sha256sum", der});
  EXPECT_EQ(sum.exit_code, 0) << sum.err;
  return "sha256:" + sum.out.substr(0, 64);
}

TEST(CertificateTest, CaCertHashMatchesKubeadmRecipe) {
  for (KeyAlgorithm alg : {KeyAlgorithm::kEcdsaP256, KeyAlgorithm::kRsa2048}) {
    SCOPED_TRACE(std::string(KeyAlgorithmName(alg)));
    absl::StatusOr<PrivateKey> key = GenerateKey(alg);
    ASSERT_THAT(key, IsOk());
    absl::StatusOr<Certificate> ca = CreateSelfSignedCa("kubernetes", *key);
    ASSERT_THAT(ca, IsOk());
    TempDir dir;
    const std::string pem = Pem(*ca);
    const std::string want = HashWithOpenssl(dir, dir.Write("ca.crt", pem));
    EXPECT_THAT(want, MatchesRegex("sha256:[0-9a-f]{64}"));
    EXPECT_THAT(CaCertHash(*ca), IsOkAndHolds(want));
    EXPECT_THAT(CaCertHash(std::string_view(pem)), IsOkAndHolds(want));
  }
}

}  // namespace
}  // namespace eksa::planner::pki
