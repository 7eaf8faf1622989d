#include "libs/common/redact.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <thread>
#include <vector>

namespace eksa {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class RedactTest : public ::testing::Test {
 protected:
  void SetUp() override { ClearRegisteredSecrets(); }
  void TearDown() override { ClearRegisteredSecrets(); }
};

// ---- registered secrets ---------------------------------------------------------------------

TEST_F(RedactTest, MasksRegisteredSecretEverywhere) {
  RegisterSecret("Sup3r-S3cret!");
  EXPECT_EQ(Redact("login with Sup3r-S3cret! failed; retry Sup3r-S3cret!"),
            "login with ***** failed; retry *****");
}

TEST_F(RedactTest, IgnoresSecretsShorterThanFourCharacters) {
  RegisterSecret("abc");
  RegisterSecret("");
  EXPECT_EQ(Redact("abc abcd"), "abc abcd");
}

TEST_F(RedactTest, MasksOverlappingSecretsAsOne) {
  RegisterSecret("abcdef");
  RegisterSecret("defghi");
  EXPECT_EQ(Redact("xx abcdefghi yy"), "xx ***** yy");
}

TEST_F(RedactTest, ClearForgetsSecrets) {
  RegisterSecret("vsphere-pass");
  EXPECT_EQ(Redact("vsphere-pass"), "*****");
  ClearRegisteredSecrets();
  EXPECT_EQ(Redact("vsphere-pass"), "vsphere-pass");
}

TEST_F(RedactTest, RegisteringTwiceIsHarmless) {
  RegisterSecret("twice-registered");
  RegisterSecret("twice-registered");
  EXPECT_EQ(Redact("a twice-registered b"), "a ***** b");
}

TEST_F(RedactTest, RegisterAndRedactFromManyThreads) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      const std::string secret = "thread-secret-" + std::to_string(t);
      RegisterSecret(secret);
      for (int i = 0; i < 200; ++i) {
        EXPECT_EQ(Redact("value " + secret + " end"), "value ***** end");
      }
    });
  }
  for (std::thread& th : threads) th.join();
}

// ---- patterns -------------------------------------------------------------------------------

struct Case {
  std::string name;
  std::string input;
  std::string want;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

const std::string kGhp = "ghp_" + std::string(36, 'A');
const std::string kPat = "github_pat_11ABCDEFG0" + std::string(72, 'x');

const std::vector<Case>& PatternCases() {
  static const auto* cases = new std::vector<Case>{
      // key=value and key: value
      {"PasswordEquals", "user=admin password=hunter2 port=443",
       "user=admin password=***** port=443"},
      {"PasswdEquals", "passwd=x1y2 next", "passwd=***** next"},
      {"TokenInQuery", "https://api/x?token=abc123&page=2", "https://api/x?token=*****&page=2"},
      {"SecretYamlToEndOfLine", "secret: my value here\nname: mgmt", "secret: *****\nname: mgmt"},
      {"ApiKeyEquals", "apikey=AKIA123 region=us", "apikey=***** region=us"},
      {"ApiKeyUnderscoreQuoted", "api_key: 'k e y' # comment", "api_key: '*****' # comment"},
      {"ApiKeyHeader", "X-Api-Key: abc123\r\nHost: h", "X-Api-Key: *****\r\nHost: h"},
      {"AuthorizationHeader", "Authorization: Bearer abc.def\nAccept: */*",
       "Authorization: *****\nAccept: */*"},
      {"PrivateKeyUnderscore", "private_key=/etc/k.pem ok", "private_key=***** ok"},
      {"PrivateKeyCamel", "privateKey: AAAAB3Nza", "privateKey: *****"},
      {"PrivateKeyDash", "private-key=abcd", "private-key=*****"},
      {"UppercaseKey", "PASSWORD=Hunter2", "PASSWORD=*****"},
      {"VspherePasswordEnv", "EKSA_VSPHERE_PASSWORD=Vmw@re1! kind create",
       "EKSA_VSPHERE_PASSWORD=***** kind create"},
      {"GithubTokenEnv", "EKSA_GITHUB_TOKEN=tok123 flux", "EKSA_GITHUB_TOKEN=***** flux"},
      {"ClientSecretContainsWord", "client_secret=s; scope=a", "client_secret=*****; scope=a"},
      {"SpacesAroundEquals", "password = hunter2 x", "password = ***** x"},
      {"DoubleQuotedValueWithSpaces", "password=\"two words\" next", "password=\"*****\" next"},
      {"EmptyValueLeftAlone", "password= user=x", "password= user=x"},
      {"ColonThenNewlineLeftAlone", "password:\n  nested: 1", "password:\n  nested: 1"},
      // JSON
      {"JsonString", R"({"username":"admin","password":"p@ss \"w\"","port":443})",
       R"({"username":"admin","password":"*****","port":443})"},
      {"JsonSpaced", R"({ "token" : "abc", "a": 1 })", R"({ "token" : "*****", "a": 1 })"},
      {"JsonUnquotedValue", R"({"token": null, "a": 1})", R"({"token": *****, "a": 1})"},
      {"JsonEscapedInsideString", R"(body="{\"password\":\"hunter2\"}")",
       R"(body="{\"password\":\"*****\"}")"},
      {"JsonUnterminatedValue", R"({"secret":"abc)", R"({"secret":"*****)"},
      // Authorization schemes
      {"Bearer", "curl -H 'X: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig' url",
       "curl -H 'X: Bearer *****' url"},
      {"BearerLowercase", "bearer abcdefgh12345", "bearer *****"},
      {"BearerProseLeftAlone", "the Bearer of bad news", "the Bearer of bad news"},
      {"Basic", "header Basic dXNlcjpwYXNz end", "header Basic ***** end"},
      {"BasicPadded", "Basic YWRtaW46cGFzc3dvcmQ= end", "Basic ***** end"},
      {"BasicProseLeftAlone", "Basic setup done", "Basic setup done"},
      // URL userinfo
      {"UrlUserinfo", "https://user:pass@vcenter.local/sdk",
       "https://user:*****@vcenter.local/sdk"},
      {"UrlUserinfoInText", "cloning https://bot:T0k%40n@github.com/org/repo.git failed",
       "cloning https://bot:*****@github.com/org/repo.git failed"},
      {"UrlUserOnlyLeftAlone", "ssh://git@github.com/org/repo", "ssh://git@github.com/org/repo"},
      {"UrlAtInPathLeftAlone", "https://host/a:b@c", "https://host/a:b@c"},
      {"UrlWithPortLeftAlone", "https://vcenter:443/sdk", "https://vcenter:443/sdk"},
      // GitHub tokens
      {"GithubClassic", "using " + kGhp + " now", "using ***** now"},
      {"GithubOauth", "gho_" + std::string(36, 'b'), "*****"},
      {"GithubServer", "x=1 ghs_" + std::string(36, '9') + ",", "x=1 *****,"},
      {"GithubUser", "ghu_" + std::string(20, 'c'), "*****"},
      {"GithubRefresh", "ghr_" + std::string(20, 'd'), "*****"},
      {"GithubFineGrained", "pat " + kPat + " end", "pat ***** end"},
      {"GithubInUrl", "https://" + kGhp + "@github.com/o/r", "https://*****@github.com/o/r"},
      {"GithubTooShortLeftAlone", "ghp_abc and gh_cli", "ghp_abc and gh_cli"},
      {"GithubInsideWordLeftAlone", "xghp_" + std::string(36, 'A'), "xghp_" + std::string(36, 'A')},
      // PEM
      {"PemRsa",
       "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nAAAA==\n-----END RSA PRIVATE "
       "KEY-----\ndone",
       "key:\n-----BEGIN RSA PRIVATE KEY-----\n*****\n-----END RSA PRIVATE KEY-----\ndone"},
      {"PemPkcs8", "-----BEGIN PRIVATE KEY-----\r\nMIGH\r\n-----END PRIVATE KEY-----",
       "-----BEGIN PRIVATE KEY-----\r\n*****\r\n-----END PRIVATE KEY-----"},
      {"PemOpenssh",
       "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----",
       "-----BEGIN OPENSSH PRIVATE KEY-----\n*****\n-----END OPENSSH PRIVATE KEY-----"},
      {"PemUnterminated", "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\nmore",
       "-----BEGIN EC PRIVATE KEY-----\n*****"},
      {"PemCertificateLeftAlone", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
       "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"},
      // nothing to mask
      {"PlainText", "Cloning VM ubuntu-2204 into folder /dc/vm (attempt 2)",
       "Cloning VM ubuntu-2204 into folder /dc/vm (attempt 2)"},
      {"Empty", "", ""},
  };
  return *cases;
}

class RedactPatternTest : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override { ClearRegisteredSecrets(); }
};

TEST_P(RedactPatternTest, Masks) { EXPECT_EQ(Redact(GetParam().input), GetParam().want); }

INSTANTIATE_TEST_SUITE_P(Patterns, RedactPatternTest, ::testing::ValuesIn(PatternCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

TEST_F(RedactTest, CombinesRegisteredSecretsAndPatterns) {
  RegisterSecret("registered-value");
  EXPECT_EQ(Redact("a=registered-value password=p https://u:pw@h"),
            "a=***** password=***** https://u:*****@h");
}

TEST_F(RedactTest, IsSecretKey) {
  for (const char* key : {"password", "Passwd", "token", "accessToken", "client_secret", "apikey",
                          "api_key", "X-API-KEY", "Authorization", "private_key", "privateKey",
                          "EKSA_VSPHERE_PASSWORD", "EKSA_GITHUB_TOKEN", "passphrase"}) {
    EXPECT_TRUE(IsSecretKey(key)) << key;
  }
  for (const char* key : {"user", "cluster", "task", "requestId", "vm", "", "key", "pass"}) {
    EXPECT_FALSE(IsSecretKey(key)) << key;
  }
}

// Each detector is one left-to-right scan. Inputs that would make a backtracking or
// rescanning implementation quadratic (about 10^11 steps here) must finish well within the
// CTest timeout.
TEST_F(RedactTest, AdversarialInputsStayLinear) {
  std::string many_begins;
  std::string many_schemes;
  std::string many_gh;
  std::string many_keys;
  for (int i = 0; i < 100000; ++i) {
    many_begins += "-----BEGIN ";
    many_schemes += "://a:";
    many_gh += "gh";
    many_keys += "tokenx ";
  }
  EXPECT_EQ(Redact(many_begins), many_begins);
  EXPECT_EQ(Redact(many_schemes), many_schemes);
  EXPECT_EQ(Redact(many_gh), many_gh);
  EXPECT_EQ(Redact(many_keys), many_keys);
  std::string open_quote = "\"password\":\"" + std::string(1 << 20, 'a');
  EXPECT_EQ(Redact(open_quote), "\"password\":\"*****");
}

}  // namespace
}  // namespace eksa
