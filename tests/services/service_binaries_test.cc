// Runs each service binary from build/bin as a process on 127.0.0.1: it must serve gRPC health
// and reflection on the address --listen gives, exit 0 on SIGTERM, and exit 1 naming the address
// when it cannot listen there.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "libs/rpc/testing/grpc_probe.h"
#include "tests/testing/process.h"
#include "tests/testing/status_matchers.h"

extern char** environ;

namespace eksa {
namespace {

using ::eksa::rpc::testing::CheckHealth;
using ::eksa::rpc::testing::ListServices;
using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::Process;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::StartsWith;

using HealthResponse = grpc::health::v1::HealthCheckResponse;
constexpr absl::Duration kPoll = absl::Milliseconds(10);

std::string BinaryPath(const std::string& name) {
  if (const char* dir = std::getenv("EKSA_BINARY_DIR")) return absl::StrCat(dir, "/bin/", name);
  // Run by hand: this test lives in <build>/tests, the binaries in <build>/bin.
  char self[4096] = {};
  ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
  std::string dir(self, n > 0 ? n : 0);
  dir = dir.substr(0, dir.rfind('/'));
  return absl::StrCat(dir.substr(0, dir.rfind('/')), "/bin/", name);
}

// Runs `binary` with `args` to completion (at most 10 s); returns its exit code, or -1.
int RunToExit(const std::string& binary, const std::vector<std::string>& args,
              std::string* output) {
  Process p(binary, args);
  std::optional<int> status = p.WaitForExit(absl::Seconds(10));
  *output = p.Output();
  if (!status || !WIFEXITED(*status)) return -1;
  return WEXITSTATUS(*status);
}

int CountOccurrences(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// Serves health and reflection on 127.0.0.1:<port>, then stops on `sig`; exit code 0 expected.
void ServeThenStop(const std::string& binary, int sig) {
  Process p(binary, {"--listen", "127.0.0.1:0", "--log-format", "json"});
  ASSERT_TRUE(p.spawned());
  std::optional<std::string> address = p.WaitForServingAddress(absl::Seconds(10));
  ASSERT_TRUE(address) << "no Serving line; output:\n" << p.Output();
  ASSERT_THAT(*address, StartsWith("127.0.0.1:"));
  ASSERT_NE(*address, "127.0.0.1:0");

  auto channel = grpc::CreateChannel(*address, grpc::InsecureChannelCredentials());
  ASSERT_TRUE(rpc::testing::WaitForConnected(channel, absl::Seconds(5)));
  EXPECT_THAT(CheckHealth(channel, ""), IsOkAndHolds(Eq(HealthResponse::SERVING)));
  EXPECT_THAT(CheckHealth(channel, "grpc.reflection.v1alpha.ServerReflection"),
              IsOkAndHolds(Eq(HealthResponse::SERVING)));
  absl::StatusOr<std::vector<std::string>> services = ListServices(channel);
  ASSERT_THAT(services, IsOk());
  EXPECT_THAT(*services,
              IsSupersetOf({"grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"}));

  // The channel stays connected: an idle client must not hold the exit up to the 5 s grace.
  ASSERT_EQ(kill(p.pid(), sig), 0);
  std::optional<int> status = p.WaitForExit(absl::Seconds(3));
  ASSERT_TRUE(status) << "still running 3 s after signal " << sig << "; output:\n" << p.Output();
  ASSERT_TRUE(WIFEXITED(*status)) << "wait status " << *status << "; output:\n" << p.Output();
  EXPECT_EQ(WEXITSTATUS(*status), 0) << p.Output();
}

class ServiceBinaryTest : public ::testing::TestWithParam<std::string> {
 protected:
  std::string binary() const { return BinaryPath(GetParam()); }
};

TEST_P(ServiceBinaryTest, ServesHealthAndReflectionThenExitsZeroOnSigterm) {
  ServeThenStop(binary(), SIGTERM);
}

TEST_P(ServiceBinaryTest, MalformedListenAddressExitsOneNamingIt) {
  std::string output;
  EXPECT_EQ(RunToExit(binary(), {"--listen", "127.0.0.1:99999"}, &output), 1) << output;
  EXPECT_THAT(output, HasSubstr("port must be a number from 0 to 65535"));
  EXPECT_EQ(CountOccurrences(output, "127.0.0.1:99999"), 1) << output;
}

TEST_P(ServiceBinaryTest, ListenAddressInUseExitsOneNamingIt) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(listen(fd, 1), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const std::string taken = absl::StrCat("127.0.0.1:", ntohs(addr.sin_port));

  std::string output;
  EXPECT_EQ(RunToExit(binary(), {"--listen", taken}, &output), 1) << output;
  EXPECT_THAT(output, HasSubstr("UNAVAILABLE"));
  EXPECT_EQ(CountOccurrences(output, taken), 1) << output;
  close(fd);
}

TEST_P(ServiceBinaryTest, VersionFlagPrintsNameAndVersion) {
  std::string output;
  EXPECT_EQ(RunToExit(binary(), {"--version"}, &output), 0) << output;
  EXPECT_THAT(output, HasSubstr(absl::StrCat(GetParam(), " ", EKSA_VERSION)));
}

TEST_P(ServiceBinaryTest, VerbosityOutOfRangeIsUsageErrorExitTwo) {
  std::string output;
  EXPECT_EQ(RunToExit(binary(), {"--verbosity", "10"}, &output), 2) << output;
  EXPECT_THAT(output, HasSubstr("--verbosity"));
}

INSTANTIATE_TEST_SUITE_P(AllServices, ServiceBinaryTest,
                         ::testing::Values("eksa-planner", "eksa-vsphere-agent",
                                           "eksa-bootstrap-agent", "eksa-gitops-agent"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return absl::StrReplaceAll(info.param, {{"-", "_"}});
                         });

TEST(PlannerBinaryTest, ExitsZeroOnSigint) { ServeThenStop(BinaryPath("eksa-planner"), SIGINT); }

}  // namespace
}  // namespace eksa
