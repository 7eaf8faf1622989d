#include "services/vsphere-agent/backend/client_backend_options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/common/redact.h"
#include "services/vsphere-agent/backend/agent_options.h"
#include "services/vsphere-agent/backend/client_backend.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent::backend {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPin[] = "2C:11:ED:D7:13:87:7D:B5:74:18:B8:1C:42:C2:56:1F:0D:B9:5B:B9";

ClientBackendOptions Good() {
  return {.server = "vcenter.lab", .username = "eksa@vsphere.local", .password = "s3cr3t-pw"};
}

TEST(ValidateClientBackendOptionsTest, AcceptsEachTlsModeAlone) {
  EXPECT_THAT(ValidateClientBackendOptions(Good()), IsOk());
  ClientBackendOptions o = Good();
  o.thumbprint = kPin;
  EXPECT_THAT(ValidateClientBackendOptions(o), IsOk());
  o = Good();
  o.ca_file = "/etc/eksa/ca.pem";
  EXPECT_THAT(ValidateClientBackendOptions(o), IsOk());
  o = Good();
  o.insecure = true;
  EXPECT_THAT(ValidateClientBackendOptions(o), IsOk());
}

TEST(ValidateClientBackendOptionsTest, RejectsNamingTheField) {
  struct Case {
    std::function<void(ClientBackendOptions&)> edit;
    std::string want;
  };
  const Case cases[] = {
      {[](auto& o) { o.server.clear(); }, "server: empty"},
      {[](auto& o) { o.port = 0; }, "port: 0 is outside 1..65535"},
      {[](auto& o) { o.username.clear(); }, "username for vcenter.lab: empty"},
      {[](auto& o) { o.password.clear(); }, "password for vcenter.lab: empty"},
      {[](auto& o) { o.max_connections = 0; }, "max_connections: must be at least 1"},
      {[](auto& o) { o.thumbprint = "AB:CD"; }, "thumbprint of vcenter.lab"},
      {[](auto& o) {
         o.thumbprint = kPin;
         o.insecure = true;
       },
       "set at most one of ca_file, thumbprint and insecure"},
  };
  for (const Case& c : cases) {
    ClientBackendOptions o = Good();
    c.edit(o);
    EXPECT_THAT(ValidateClientBackendOptions(o),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.want)));
  }
}

TEST(ValidateClientBackendOptionsTest, NeverEchoesThePassword) {
  ClientBackendOptions o = Good();
  o.thumbprint = "zz";
  absl::Status s = ValidateClientBackendOptions(o);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument, Not(HasSubstr("s3cr3t-pw"))));
}

TEST(ServerAddressTest, PortOnlyWhenNot443) {
  ClientBackendOptions o = Good();
  EXPECT_EQ(ServerAddress(o), "vcenter.lab");
  o.port = 8443;
  EXPECT_EQ(ServerAddress(o), "vcenter.lab:8443");
  o.server = "fd00::5";
  EXPECT_EQ(ServerAddress(o), "[fd00::5]:8443");
}

TEST(IsLoopbackHostTest, Loopback) {
  EXPECT_TRUE(IsLoopbackHost("127.0.10.1"));
  EXPECT_TRUE(IsLoopbackHost("127.44.10.1"));
  EXPECT_TRUE(IsLoopbackHost("localhost"));
  EXPECT_TRUE(IsLoopbackHost("::1"));
  EXPECT_FALSE(IsLoopbackHost("10.0.0.1"));
  EXPECT_FALSE(IsLoopbackHost("vcenter.lab"));
}

TEST(OptionsFromAgentConfigTest, MapsTlsModeCredentialsAndConnections) {
  VCenterServerConfig server{.server = "vc.lab",
                             .port = 8443,
                             .tls_mode = TlsMode::kThumbprint,
                             .thumbprint = kPin,
                             .concurrency = 6};
  Credentials creds{.username = "eksa@vsphere.local", .password = Secret("p4ssw0rd")};
  ClientBackendOptions o = OptionsFromAgentConfig(server, creds);
  EXPECT_EQ(o.server, "vc.lab");
  EXPECT_EQ(o.port, 8443);
  EXPECT_EQ(o.thumbprint, kPin);
  EXPECT_TRUE(o.ca_file.empty());
  EXPECT_FALSE(o.insecure);
  EXPECT_EQ(o.username, "eksa@vsphere.local");
  EXPECT_EQ(o.password, "p4ssw0rd");
  EXPECT_EQ(o.max_connections, 7);
  server.tls_mode = TlsMode::kCaFile;
  server.ca_file = "/ca.pem";
  server.concurrency = 1;
  o = OptionsFromAgentConfig(server, creds);
  EXPECT_EQ(o.ca_file, "/ca.pem");
  EXPECT_TRUE(o.thumbprint.empty());
  EXPECT_EQ(o.max_connections, 2);
  server.tls_mode = TlsMode::kInsecure;
  EXPECT_TRUE(OptionsFromAgentConfig(server, creds).insecure);
}

TEST(MakeClientBackendTest, ConnectsNothingAndRegistersThePassword) {
  ClientBackendOptions o = Good();
  o.server = "127.0.0.1";
  o.port = 1;  // nothing listens: MakeClientBackend must not dial
  o.password = "an-unusual-secret-value";
  absl::StatusOr<std::unique_ptr<ClientBackend>> b = MakeClientBackend(o);
  ASSERT_THAT(b, IsOk());
  EXPECT_EQ(Redact("x an-unusual-secret-value y"), "x ***** y");
}

TEST(MakeClientBackendTest, RejectsBadOptions) {
  ClientBackendOptions o = Good();
  o.server.clear();
  EXPECT_THAT(MakeClientBackend(o), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace eksa::vsphere_agent::backend
