#include "services/planner/pki/key.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "services/planner/pki/openssl_cli.h"
#include "tests/testing/status_matchers.h"

namespace eksa::planner::pki {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::HasSubstr;
using testing::Openssl;
using ::testing::StartsWith;
using testing::TempDir;

TEST(KeyTest, EcdsaKeyRoundTripsAndOpensslAcceptsIt) {
  absl::StatusOr<PrivateKey> key = GenerateKey(KeyAlgorithm::kEcdsaP256);
  ASSERT_THAT(key, IsOk());
  EXPECT_EQ(key->algorithm(), KeyAlgorithm::kEcdsaP256);
  absl::StatusOr<Secret> pem = EncodePrivateKeyPem(*key);
  ASSERT_THAT(pem, IsOk());
  EXPECT_THAT(pem->Reveal(), StartsWith("-----BEGIN EC PRIVATE KEY-----\n"));

  absl::StatusOr<PrivateKey> parsed = ParsePrivateKeyPem(*pem);
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(*EncodePublicKeyPem(*parsed), *EncodePublicKeyPem(*key));

  TempDir dir;
  const std::string path = dir.Write("ec.key", pem->Reveal());
  eksa::testing::CommandResult check = Openssl({"pkey", "-in", path, "-check", "-noout"});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  eksa::testing::CommandResult text = Openssl({"pkey", "-in", path, "-text", "-noout"});
  EXPECT_THAT(text.out, HasSubstr("ASN1 OID: prime256v1"));
}

TEST(KeyTest, RsaKeyIs2048BitsInKubeadmsPkcs1Form) {
  absl::StatusOr<PrivateKey> key = GenerateKey(KeyAlgorithm::kRsa2048);
  ASSERT_THAT(key, IsOk());
  EXPECT_EQ(key->algorithm(), KeyAlgorithm::kRsa2048);
  absl::StatusOr<Secret> pem = EncodePrivateKeyPem(*key);
  ASSERT_THAT(pem, IsOk());
  EXPECT_THAT(pem->Reveal(), StartsWith("-----BEGIN RSA PRIVATE KEY-----\n"));
  absl::StatusOr<std::string> pub = EncodePublicKeyPem(*key);
  ASSERT_THAT(pub, IsOk());
  EXPECT_THAT(*pub, StartsWith("-----BEGIN PUBLIC KEY-----\n"));

  TempDir dir;
  eksa::testing::CommandResult text =
      Openssl({"pkey", "-in", dir.Write("rsa.key", pem->Reveal()), "-text", "-noout"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("Private-Key: (2048 bit, 2 primes)"));
}

TEST(KeyTest, ParseRejectsGarbageWithoutEchoingIt) {
  EXPECT_THAT(ParsePrivateKeyPem(Secret("not a key TOPSECRET")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::AllOf(HasSubstr("parsing private key PEM"),
                                        ::testing::Not(HasSubstr("TOPSECRET")))));
}

// A key made by the openssl command in `args` (written to `name` in `dir`).
Secret KeyFromOpenssl(const TempDir& dir, const std::string& name, std::vector<std::string> args) {
  const std::string path = dir.path() + "/" + name;
  args.insert(args.end(), {"-out", path});
  eksa::testing::CommandResult r = Openssl(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  eksa::testing::CommandResult cat = eksa::testing::RunCommand({"/bin/cat", path});
  return Secret(cat.out);
}

TEST(KeyTest, ParseRefusesEncryptedKeysWithoutPrompting) {
  TempDir dir;
  Secret encrypted = KeyFromOpenssl(dir, "enc.key",
                                    {"genpkey", "-algorithm", "EC", "-pkeyopt",
                                     "ec_paramgen_curve:P-256", "-aes256", "-pass", "pass:x"});
  EXPECT_THAT(encrypted.Reveal(), HasSubstr("ENCRYPTED PRIVATE KEY"));
  EXPECT_THAT(ParsePrivateKeyPem(encrypted),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("parsing private key PEM")));
}

TEST(KeyTest, ParseRefusesUnsupportedAlgorithms) {
  TempDir dir;
  Secret ed25519 = KeyFromOpenssl(dir, "ed.key", {"genpkey", "-algorithm", "ED25519"});
  EXPECT_THAT(ParsePrivateKeyPem(ed25519),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("only RSA")));
  Secret p384 = KeyFromOpenssl(
      dir, "p384.key", {"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"});
  EXPECT_THAT(ParsePrivateKeyPem(p384),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("only RSA")));
}

TEST(KeyTest, ParseAcceptsPkcs8) {
  TempDir dir;
  Secret pkcs8 = KeyFromOpenssl(
      dir, "p8.key", {"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"});
  EXPECT_THAT(pkcs8.Reveal(), StartsWith("-----BEGIN PRIVATE KEY-----"));
  absl::StatusOr<PrivateKey> key = ParsePrivateKeyPem(pkcs8);
  ASSERT_THAT(key, IsOk());
  EXPECT_EQ(key->algorithm(), KeyAlgorithm::kEcdsaP256);
}

}  // namespace
}  // namespace eksa::planner::pki
