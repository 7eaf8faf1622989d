#include "services/planner/pki/kubeconfig.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "absl/strings/escaping.h"
#include "services/planner/pki/openssl_cli.h"
#include "tests/testing/status_matchers.h"

namespace eksa::planner::pki {
namespace {

using ::eksa::testing::IsOk;
using testing::Openssl;
using testing::TempDir;

std::string Decode(const YAML::Node& node) {
  std::string out;
  EXPECT_TRUE(absl::Base64Unescape(node.as<std::string>(), &out));
  return out;
}

TEST(KubeconfigTest, ParsesAndEmbedsTheClusterCredentials) {
  absl::StatusOr<ClusterPki> pki = GenerateClusterPki({.cluster_name = "mgmt",
                                                       .endpoint = "127.0.0.10",
                                                       .key_algorithm = KeyAlgorithm::kEcdsaP256});
  ASSERT_THAT(pki, IsOk());
  const Secret text = AdminKubeconfig(*pki, "127.0.0.10", "mgmt");
  YAML::Node root = YAML::Load(text.Reveal());

  EXPECT_EQ(root["apiVersion"].as<std::string>(), "v1");
  EXPECT_EQ(root["kind"].as<std::string>(), "Config");
  EXPECT_EQ(root["current-context"].as<std::string>(), "mgmt-admin@mgmt");
  EXPECT_TRUE(root["preferences"].IsMap());
  ASSERT_EQ(root["clusters"].size(), 1u);
  const YAML::Node cluster = root["clusters"][0];
  EXPECT_EQ(cluster["name"].as<std::string>(), "mgmt");
  EXPECT_EQ(cluster["cluster"]["server"].as<std::string>(), "https://127.0.0.10:6443");
  EXPECT_EQ(Decode(cluster["cluster"]["certificate-authority-data"]), pki->ca.cert_pem);
  ASSERT_EQ(root["users"].size(), 1u);
  const YAML::Node user = root["users"][0];
  EXPECT_EQ(user["name"].as<std::string>(), "mgmt-admin");
  EXPECT_EQ(Decode(user["user"]["client-certificate-data"]), pki->admin.cert_pem);
  EXPECT_EQ(Decode(user["user"]["client-key-data"]), pki->admin.key_pem.Reveal());
  ASSERT_EQ(root["contexts"].size(), 1u);
  const YAML::Node context = root["contexts"][0];
  EXPECT_EQ(context["name"].as<std::string>(), "mgmt-admin@mgmt");
  EXPECT_EQ(context["context"]["cluster"].as<std::string>(), "mgmt");
  EXPECT_EQ(context["context"]["user"].as<std::string>(), "mgmt-admin");

  // The embedded client certificate is the admin's, signed by the embedded CA, and its key
  // matches it.
  TempDir dir;
  const std::string ca =
      dir.Write("ca.crt", Decode(cluster["cluster"]["certificate-authority-data"]));
  const std::string crt = dir.Write("admin.crt", Decode(user["user"]["client-certificate-data"]));
  const std::string key = dir.Write("admin.key", Decode(user["user"]["client-key-data"]));
  eksa::testing::CommandResult verify =
      Openssl({"verify", "-purpose", "sslclient", "-CAfile", ca, crt});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_EQ(Openssl({"x509", "-in", crt, "-noout", "-subject"}).out,
            "subject=O = system:masters, CN = kubernetes-admin\n");
  EXPECT_EQ(Openssl({"x509", "-in", crt, "-noout", "-pubkey"}).out,
            Openssl({"pkey", "-in", key, "-pubout"}).out);
}

TEST(KubeconfigTest, BracketsIpv6AndQuotesNames) {
  ClusterPki pki;
  pki.ca.cert_pem = "CA";
  pki.admin.cert_pem = "CERT";
  pki.admin.key_pem = Secret("KEY");
  const Secret text = AdminKubeconfig(pki, "fd00::10", "odd \"name\"\n: x");
  YAML::Node root = YAML::Load(text.Reveal());
  EXPECT_EQ(root["clusters"][0]["cluster"]["server"].as<std::string>(), "https://[fd00::10]:6443");
  EXPECT_EQ(root["clusters"][0]["name"].as<std::string>(), "odd \"name\"\n: x");
  EXPECT_EQ(root["current-context"].as<std::string>(), "odd \"name\"\n: x-admin@odd \"name\"\n: x");
  EXPECT_EQ(Decode(root["users"][0]["user"]["client-key-data"]), "KEY");
  EXPECT_EQ(text.DebugString().find("KEY"), std::string::npos);
}

}  // namespace
}  // namespace eksa::planner::pki
