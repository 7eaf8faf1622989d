// CheckVCenter's checks as pure functions, and the two probes they are fed by (the TLS probe and
// the control-plane dial) against loopback peers.
#include "services/vsphere-agent/backend/vcenter_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/ascii.h"
#include "services/vsphere-agent/backend/server_probe.h"
#include "services/vsphere-agent/client/transport/testing/loopback_http_server.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent::backend {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kSubject[] = "server 127.0.10.1";
constexpr char kPin[] = "2C:11:ED:D7:13:87:7D:B5:74:18:B8:1C:42:C2:56:1F:0D:B9:5B:B9";
constexpr char kOtherPin[] = "AA:11:ED:D7:13:87:7D:B5:74:18:B8:1C:42:C2:56:1F:0D:B9:5B:B9";

ServerProbe Untrusted() {
  return {.thumbprint = kPin, .ca_trusted = false, .verify_error = "self-signed certificate"};
}

TEST(ThumbprintCheckTest, MatchIsCaseInsensitive) {
  CheckResult c = ThumbprintCheck(kSubject, absl::AsciiStrToLower(kPin), false, Untrusted());
  EXPECT_TRUE(c.passed());
  EXPECT_FALSE(c.warning());
  EXPECT_EQ(c.name(), "Thumbprint validated");
  EXPECT_EQ(c.message(), std::string("server thumbprint ") + kPin);
}

TEST(ThumbprintCheckTest, MismatchInEksaWords) {
  CheckResult c = ThumbprintCheck(kSubject, kOtherPin, false, Untrusted());
  EXPECT_FALSE(c.passed());
  EXPECT_EQ(c.message(),
            std::string("thumbprint mismatch detected, expected ") + kOtherPin + " actual " + kPin);
  EXPECT_THAT(c.remediation(), HasSubstr(std::string("set spec.thumbprint to ") + kPin));
}

TEST(ThumbprintCheckTest, RequiredWhenTheCertificateIsNotTrusted) {
  CheckResult c = ThumbprintCheck(kSubject, "", false, Untrusted());
  EXPECT_FALSE(c.passed());
  EXPECT_EQ(c.message(),
            "the server certificate is not trusted (self-signed certificate) and spec.thumbprint "
            "is empty");
  EXPECT_THAT(c.remediation(), HasSubstr("spec.insecure: true"));
}

TEST(ThumbprintCheckTest, MalformedPinFails) {
  CheckResult c = ThumbprintCheck(kSubject, "AB:CD", false, Untrusted());
  EXPECT_FALSE(c.passed());
  EXPECT_THAT(c.message(), HasSubstr("spec.thumbprint AB:CD: "));
}

TEST(ThumbprintCheckTest, InsecureWarns) {
  CheckResult c = ThumbprintCheck(kSubject, "", true, Untrusted());
  EXPECT_TRUE(c.passed());
  EXPECT_TRUE(c.warning());
  EXPECT_THAT(c.message(), HasSubstr("thumbprint not checked: insecure is true"));
}

TEST(ThumbprintCheckTest, CaTrustedSkipsTheComparison) {
  ServerProbe trusted{.thumbprint = kPin, .ca_trusted = true};
  CheckResult c = ThumbprintCheck(kSubject, "", false, trusted);
  EXPECT_TRUE(c.passed());
  EXPECT_FALSE(c.warning());
  EXPECT_EQ(c.message(), "server certificate is trusted by a CA; thumbprint not required");
  CheckResult other = ThumbprintCheck(kSubject, kOtherPin, false, trusted);
  EXPECT_TRUE(other.passed());
  EXPECT_TRUE(other.warning());
  EXPECT_THAT(other.message(), HasSubstr("differs from the presented"));
}

TEST(AuthenticatedCheckTest, PassNamesUserAndProduct) {
  vsphere::session::AboutInfo about{.full_name = "VMware vCenter Server 6.5.0 build-5973321"};
  CheckResult c =
      AuthenticatedCheck(kSubject, "127.0.10.1", "eksa@vsphere.local", absl::OkStatus(), about);
  EXPECT_TRUE(c.passed());
  EXPECT_EQ(c.name(), "Authenticated to vSphere");
  EXPECT_EQ(c.message(),
            "authenticated as eksa@vsphere.local to VMware vCenter Server 6.5.0 build-5973321");
}

TEST(AuthenticatedCheckTest, RemediationFollowsTheFailure) {
  CheckResult bad_password = AuthenticatedCheck(
      kSubject, "vc", "u",
      absl::UnauthenticatedError("Login: InvalidLogin: Cannot complete login due to an incorrect "
                                 "user name or password."),
      {});
  EXPECT_FALSE(bad_password.passed());
  EXPECT_THAT(bad_password.message(), HasSubstr("login: InvalidLogin: Cannot complete login"));
  EXPECT_THAT(bad_password.remediation(),
              HasSubstr("EKSA_VSPHERE_USERNAME / EKSA_VSPHERE_PASSWORD"));
  CheckResult pin = AuthenticatedCheck(kSubject, "vc", "u",
                                       absl::FailedPreconditionError("thumbprint mismatch"), {});
  EXPECT_THAT(pin.remediation(), HasSubstr("no credential was sent"));
  CheckResult down = AuthenticatedCheck(kSubject, "vc", "u", absl::UnavailableError("refused"), {});
  EXPECT_THAT(down.remediation(), HasSubstr("is up and reachable"));
}

TEST(ControlPlaneIpCheckTest, EksaRule) {
  EXPECT_FALSE(ControlPlaneIpCheck("10.0.0.9", DialOutcome::kConnected).passed());
  EXPECT_FALSE(ControlPlaneIpCheck("10.0.0.9", DialOutcome::kRefused).passed());
  EXPECT_FALSE(ControlPlaneIpCheck("10.0.0.9", DialOutcome::kReset).passed());
  EXPECT_TRUE(ControlPlaneIpCheck("10.0.0.9", DialOutcome::kTimedOut).passed());
  EXPECT_TRUE(ControlPlaneIpCheck("10.0.0.9", DialOutcome::kUnreachable).passed());
  CheckResult c = ControlPlaneIpCheck("10.0.0.9", DialOutcome::kRefused);
  EXPECT_EQ(c.message(), "10.0.0.9 is in use: a TCP dial of port 80 was refused");
  EXPECT_EQ(c.subject(), "control plane endpoint 10.0.0.9");
  EXPECT_THAT(c.remediation(), HasSubstr("--skip-ip-check"));
}

TEST(PrivilegesCheckTest, ListsMissing) {
  EXPECT_TRUE(PrivilegesCheck(kSubject, "u", "/", std::vector<std::string>{}).passed());
  CheckResult c = PrivilegesCheck(kSubject, "u", "/DC0/datastore/ds",
                                  std::vector<std::string>{"Datastore.Browse", "Datastore.X"});
  EXPECT_FALSE(c.passed());
  EXPECT_EQ(c.message(), "u lacks privileges on /DC0/datastore/ds: Datastore.Browse, Datastore.X");
  CheckResult e = PrivilegesCheck(kSubject, "u", "/", absl::PermissionDeniedError("NoPermission"));
  EXPECT_FALSE(e.passed());
  EXPECT_THAT(e.message(), HasSubstr("checking the privileges of u on /: noPermission"));
}

TEST(LowercasedTest, KeepsAcronyms) {
  EXPECT_EQ(Lowercased("Login failed"), "login failed");
  EXPECT_EQ(Lowercased("TLS handshake"), "TLS handshake");
  EXPECT_EQ(Lowercased(""), "");
}

TEST(DialTest, ListenerIsConnectedClosedPortIsRefused) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{.sin_family = AF_INET, .sin_port = 0};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  EXPECT_EQ(Dial("127.0.0.1", ntohs(addr.sin_port), absl::Milliseconds(500)),
            DialOutcome::kConnected);
  close(fd);
  EXPECT_EQ(Dial("127.0.0.1", vsphere::transport::UnusedLoopbackPort(), absl::Milliseconds(500)),
            DialOutcome::kRefused);
  EXPECT_EQ(Dial("not-an-ip", 80, absl::Milliseconds(10)), DialOutcome::kUnreachable);
}

TEST(ProbeServerTest, ReadsTheThumbprintOfAnUntrustedServerWithoutSendingARequest) {
  vsphere::transport::LoopbackHttpServer server(
      [](const vsphere::transport::ReceivedRequest&) { return vsphere::transport::CannedReply{}; },
      /*tls=*/true);
  absl::StatusOr<ServerProbe> probe = ProbeServer("127.0.0.1", server.port(), "", absl::Seconds(5));
  ASSERT_THAT(probe, IsOk());
  EXPECT_EQ(probe->thumbprint, server.thumbprint());
  EXPECT_FALSE(probe->ca_trusted);
  EXPECT_THAT(probe->verify_error, Not(IsEmpty()));
  EXPECT_EQ(server.application_bytes_received(), 0);
  EXPECT_TRUE(server.requests().empty());
}

TEST(ProbeServerTest, RefusedPortIsUnavailableNamingIt) {
  const int port = vsphere::transport::UnusedLoopbackPort();
  EXPECT_THAT(ProbeServer("127.0.0.1", port, "", absl::Seconds(2)),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("connecting to 127.0.0.1:" + std::to_string(port) +
                                 ": Connection refused")));
}

TEST(ProbeServerTest, SilentPeerTimesOutInTheHandshake) {
  vsphere::transport::LoopbackHttpServer server(
      [](const vsphere::transport::ReceivedRequest&) { return vsphere::transport::CannedReply{}; },
      /*tls=*/false);
  // A plain HTTP peer waits for a request line that never comes: the probe's budget ends it.
  EXPECT_THAT(ProbeServer("127.0.0.1", server.port(), "", absl::Milliseconds(300)),
              StatusIs(absl::StatusCode::kDeadlineExceeded,
                       AllOf(HasSubstr("TLS handshake with 127.0.0.1:"), HasSubstr("timed out"))));
}

TEST(ConnectedCheckTest, PassAndFail) {
  EXPECT_EQ(ConnectedCheck(kSubject, "127.0.10.1:443", ServerProbe{}).message(),
            "connected to 127.0.10.1:443");
  CheckResult c = ConnectedCheck(kSubject, "127.0.10.1:443",
                                 absl::UnavailableError("connecting to 127.0.10.1:443: refused"));
  EXPECT_FALSE(c.passed());
  EXPECT_EQ(c.name(), "Connected to server");
  EXPECT_THAT(c.remediation(), HasSubstr("reachable from the agent's host on 127.0.10.1:443"));
}

}  // namespace
}  // namespace eksa::vsphere_agent::backend
