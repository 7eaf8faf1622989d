#include "libs/rpc/server.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpc/examples/helloworld.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "libs/rpc/testing/grpc_probe.h"
#include "tests/testing/status_matchers.h"

namespace eksa::rpc {
namespace {

using ::eksa::rpc::testing::CheckHealth;
using ::eksa::rpc::testing::ListServices;
using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::Contains;
using ::testing::Eq;
using ::testing::Gt;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;

using HealthResponse = grpc::health::v1::HealthCheckResponse;
constexpr char kGreeter[] = "helloworld.Greeter";
constexpr char kHealth[] = "grpc.health.v1.Health";
constexpr char kReflection[] = "grpc.reflection.v1alpha.ServerReflection";

// A service to register. SayHello blocks while `hold` is set, until `release` or cancellation.
class Greeter final : public helloworld::Greeter::Service {
 public:
  grpc::Status SayHello(grpc::ServerContext* context, const helloworld::HelloRequest* request,
                        helloworld::HelloReply* reply) override {
    if (hold) {
      entered.Notify();
      const absl::Time give_up = absl::Now() + absl::Seconds(10);
      while (!release.WaitForNotificationWithTimeout(absl::Milliseconds(5))) {
        if (context->IsCancelled() || absl::Now() > give_up) {
          return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled while held");
        }
      }
    }
    reply->set_message(absl::StrCat("hello ", request->name()));
    return grpc::Status::OK;
  }

  bool hold = false;
  absl::Notification entered;
  absl::Notification release;
};

std::shared_ptr<grpc::Channel> Connect(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

grpc::Status SayHello(const std::shared_ptr<grpc::Channel>& channel, helloworld::HelloReply* reply,
                      absl::Duration timeout = absl::Seconds(5)) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  helloworld::HelloRequest request;
  request.set_name("eksa");
  return helloworld::Greeter::NewStub(channel)->SayHello(&context, request, reply);
}

TEST(ServerTest, StartOnPortZeroReturnsTheBoundPort) {
  Server server({.name = "test", .address = "127.0.0.1:0"});
  absl::StatusOr<int> port = server.Start();
  ASSERT_THAT(port, IsOkAndHolds(Gt(0)));
  EXPECT_EQ(server.bound_address(), absl::StrCat("127.0.0.1:", *port));
}

TEST(ServerTest, HealthIsServingOverallAndForEachRegisteredService) {
  Greeter greeter;
  Server server({.name = "test", .address = "127.0.0.1:0", .services = {&greeter}});
  ASSERT_THAT(server.Start(), IsOk());
  auto channel = Connect(server.bound_address());

  for (const std::string service : {"", kGreeter, kHealth, kReflection}) {
    SCOPED_TRACE(service);
    EXPECT_THAT(CheckHealth(channel, service), IsOkAndHolds(Eq(HealthResponse::SERVING)));
  }
  EXPECT_THAT(CheckHealth(channel, "eksa.nope.v1.Nothing"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("service name unknown")));
  helloworld::HelloReply reply;
  ASSERT_TRUE(SayHello(channel, &reply).ok());
  EXPECT_EQ(reply.message(), "hello eksa");
}

TEST(ServerTest, ReflectionListsRegisteredHealthAndReflectionServices) {
  Greeter greeter;
  Server server({.name = "test", .address = "127.0.0.1:0", .services = {&greeter}});
  ASSERT_THAT(server.Start(), IsOk());

  absl::StatusOr<std::vector<std::string>> names = ListServices(Connect(server.bound_address()));
  ASSERT_THAT(names, IsOk());
  EXPECT_THAT(*names, IsSupersetOf({kGreeter, kHealth, kReflection}));
}

TEST(ServerTest, InProcessChannelServesHealth) {
  Server server({.name = "test", .address = "127.0.0.1:0"});
  EXPECT_EQ(server.InProcessChannel(), nullptr);
  ASSERT_THAT(server.Start(), IsOk());
  EXPECT_THAT(CheckHealth(server.InProcessChannel(), ""),
              IsOkAndHolds(Eq(HealthResponse::SERVING)));
}

TEST(ServerTest, ShutdownReportsNotServingWhileAnInFlightCallFinishes) {
  Greeter greeter;
  greeter.hold = true;
  Server server({.name = "test", .address = "127.0.0.1:0", .services = {&greeter}});
  ASSERT_THAT(server.Start(), IsOk());
  auto channel = Connect(server.bound_address());
  grpc::ClientContext watch_context;
  watch_context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  auto watch = grpc::health::v1::Health::NewStub(channel)->Watch(
      &watch_context, grpc::health::v1::HealthCheckRequest());
  HealthResponse update;
  ASSERT_TRUE(watch->Read(&update));
  ASSERT_EQ(update.status(), HealthResponse::SERVING);
  helloworld::HelloReply reply;
  grpc::Status call_status;
  std::thread caller([&] { call_status = SayHello(channel, &reply); });
  ASSERT_TRUE(greeter.entered.WaitForNotificationWithTimeout(absl::Seconds(5)));

  const absl::Time start = absl::Now();
  std::thread stopper([&] { server.Shutdown(start + absl::Seconds(10)); });
  // While the held call keeps the server draining, health says NOT_SERVING to watchers and to
  // Check, and the server still answers.
  ASSERT_TRUE(watch->Read(&update));
  EXPECT_EQ(update.status(), HealthResponse::NOT_SERVING);
  EXPECT_THAT(CheckHealth(channel, ""), IsOkAndHolds(Eq(HealthResponse::NOT_SERVING)));
  EXPECT_THAT(CheckHealth(channel, kGreeter), IsOkAndHolds(Eq(HealthResponse::NOT_SERVING)));

  greeter.release.Notify();
  caller.join();
  stopper.join();
  server.Wait();
  EXPECT_TRUE(call_status.ok()) << call_status.error_message();
  EXPECT_EQ(reply.message(), "hello eksa");
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));  // stopped when the call ended, not at 10 s
}

TEST(ServerTest, IdleClientConnectionDoesNotDelayShutdown) {
  Server server({.name = "test", .address = "127.0.0.1:0"});
  ASSERT_THAT(server.Start(), IsOk());
  auto channel = Connect(server.bound_address());  // stays connected through Shutdown
  ASSERT_THAT(CheckHealth(channel, ""), IsOkAndHolds(Eq(HealthResponse::SERVING)));

  const absl::Time start = absl::Now();
  server.Shutdown(start + absl::Seconds(10));
  server.Wait();
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  EXPECT_THAT(CheckHealth(channel, "", absl::Seconds(2)),
              StatusIs(absl::StatusCode::kUnavailable, ::testing::_));
}

TEST(ServerTest, ShutdownCancelsCallsStillRunningAtTheDeadline) {
  Greeter greeter;
  greeter.hold = true;  // never released
  Server server({.name = "test", .address = "127.0.0.1:0", .services = {&greeter}});
  ASSERT_THAT(server.Start(), IsOk());
  auto channel = Connect(server.bound_address());
  helloworld::HelloReply reply;
  grpc::Status call_status;
  std::thread caller([&] { call_status = SayHello(channel, &reply); });
  ASSERT_TRUE(greeter.entered.WaitForNotificationWithTimeout(absl::Seconds(5)));

  const absl::Time start = absl::Now();
  server.Shutdown(start + absl::Milliseconds(100));
  server.Wait();
  caller.join();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  // UNAVAILABLE: the code the planner retries on (docs/STYLE.md §3.9).
  EXPECT_EQ(call_status.error_code(), grpc::StatusCode::UNAVAILABLE) << call_status.error_message();
}

TEST(ServerTest, RefusesCallsAfterShutdown) {
  Server server({.name = "test", .address = "127.0.0.1:0"});
  ASSERT_THAT(server.Start(), IsOk());
  const std::string address = server.bound_address();
  server.Shutdown(absl::Now());
  server.Wait();
  server.Shutdown(absl::Now());  // a second call is a no-op

  EXPECT_THAT(CheckHealth(Connect(address), "", absl::Seconds(2)),
              StatusIs(absl::StatusCode::kUnavailable, ::testing::_));
}

TEST(ServerTest, MalformedAddressIsInvalidArgumentNamingIt) {
  for (const std::string address :
       {"", "127.0.0.1", "127.0.0.1:", "127.0.0.1:99999", "127.0.0.1:http", ":50051", "::1:50051",
        "[::1:50051", "unix:"}) {
    SCOPED_TRACE(address);
    Server server({.name = "test", .address = address});
    EXPECT_THAT(server.Start(),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr(absl::StrCat("parsing listen address \"", address, "\""))));
  }
}

TEST(ServerTest, ValidateListenAddressAcceptsHostPortAndUnixForms) {
  for (const std::string address :
       {"127.0.0.1:0", "127.0.0.1:65535", "localhost:50051", "0.0.0.0:50051", "[::1]:0",
        "[::]:50051", "unix:/tmp/x.sock", "unix-abstract:eksa"}) {
    SCOPED_TRACE(address);
    EXPECT_THAT(ValidateListenAddress(address), IsOk());
  }
}

TEST(ServerTest, PortInUseIsUnavailableNamingTheAddress) {
  Server first({.name = "first", .address = "127.0.0.1:0"});
  ASSERT_THAT(first.Start(), IsOk());
  const std::string taken = first.bound_address();

  Server second({.name = "second", .address = taken});
  EXPECT_THAT(second.Start(),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr(absl::StrCat("\"", taken, "\""))));
  EXPECT_THAT(CheckHealth(Connect(taken), ""), IsOkAndHolds(Eq(HealthResponse::SERVING)));
}

TEST(ServerTest, StartTwiceIsFailedPrecondition) {
  Server server({.name = "test", .address = "127.0.0.1:0"});
  ASSERT_THAT(server.Start(), IsOk());
  EXPECT_THAT(server.Start(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already started")));
}

TEST(ServerTest, ServesOnAUnixSocket) {
  const std::string path = absl::StrCat(::testing::TempDir(), "eksa_rpc_test_", getpid(), ".sock");
  unlink(path.c_str());
  const std::string address = absl::StrCat("unix:", path);
  Server server({.name = "test", .address = address});
  ASSERT_THAT(server.Start(), IsOk());
  EXPECT_EQ(server.bound_address(), address);
  EXPECT_THAT(CheckHealth(Connect(address), ""), IsOkAndHolds(Eq(HealthResponse::SERVING)));
  server.Shutdown(absl::Now());
  server.Wait();
  unlink(path.c_str());
}

TEST(ServerTest, DestructorStopsARunningServer) {
  std::string address;
  {
    Server server({.name = "test", .address = "127.0.0.1:0"});
    ASSERT_THAT(server.Start(), IsOk());
    address = server.bound_address();
  }
  EXPECT_THAT(CheckHealth(Connect(address), "", absl::Seconds(2)),
              StatusIs(absl::StatusCode::kUnavailable, ::testing::_));
}

// RunServer in a thread of this process; the test signals the process itself.
class RunServerTest : public ::testing::Test {
 protected:
  void StartRunServer(ServerOptions options) {
    options.on_serving = [this](const std::string& address) {
      absl::MutexLock lock(&mu_);
      address_ = address;
      serving_.Notify();
    };
    runner_ = std::thread([this, options] { status_ = RunServer(options); });
  }
  std::string address() {
    absl::MutexLock lock(&mu_);
    return address_;
  }
  void TearDown() override {
    if (runner_.joinable()) {
      kill(getpid(), SIGTERM);
      runner_.join();
    }
  }

  absl::Notification serving_;
  absl::Status status_ = absl::UnknownError("RunServer did not return");
  std::thread runner_;

 private:
  absl::Mutex mu_;
  std::string address_;
};

TEST_F(RunServerTest, ServesUntilSigtermThenReturnsOk) {
  StartRunServer({.name = "test", .address = "127.0.0.1:0"});
  ASSERT_TRUE(serving_.WaitForNotificationWithTimeout(absl::Seconds(10)));
  const std::string bound = address();
  ASSERT_THAT(bound, HasSubstr("127.0.0.1:"));
  EXPECT_THAT(CheckHealth(Connect(bound), ""), IsOkAndHolds(Eq(HealthResponse::SERVING)));

  ASSERT_EQ(kill(getpid(), SIGTERM), 0);
  runner_.join();
  EXPECT_THAT(status_, IsOk());
  EXPECT_THAT(CheckHealth(Connect(bound), "", absl::Seconds(2)),
              StatusIs(absl::StatusCode::kUnavailable, ::testing::_));
}

TEST_F(RunServerTest, StopsOnSigintToo) {
  StartRunServer({.name = "test", .address = "127.0.0.1:0"});
  ASSERT_TRUE(serving_.WaitForNotificationWithTimeout(absl::Seconds(10)));
  ASSERT_EQ(kill(getpid(), SIGINT), 0);
  runner_.join();
  EXPECT_THAT(status_, IsOk());
}

TEST_F(RunServerTest, SecondConcurrentRunServerIsFailedPrecondition) {
  StartRunServer({.name = "first", .address = "127.0.0.1:0"});
  ASSERT_TRUE(serving_.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_THAT(RunServer({.name = "second", .address = "127.0.0.1:0"}),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already running")));
}

TEST(RunServerErrorTest, ReturnsStartErrorWithoutBlocking) {
  EXPECT_THAT(RunServer({.name = "test", .address = "127.0.0.1:99999"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("127.0.0.1:99999")));
}

}  // namespace
}  // namespace eksa::rpc
