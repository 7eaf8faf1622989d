// VSphereAgentService over real gRPC (libs/rpc Server on 127.0.0.1:0) with fake backends:
// routing, the unknown-server error, request ids, default datacenter, the per-vCenter
// concurrency bound and its deadline, idempotency, redaction, in-flight counts, metrics, and
// health while draining.
#include "services/vsphere-agent/agent/vsphere_agent_service.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "libs/common/redact.h"
#include "libs/rpc/server.h"
#include "libs/rpc/testing/grpc_probe.h"
#include "services/vsphere-agent/agent/testing/fake_backend.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::testing::ElementsAre;
using ::testing::Eq;
using testing::FakeBackend;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kServiceName[] = "eksa.vsphere.v1.VSphereAgentService";

VCenterServerConfig Server(std::string name, int concurrency, std::string datacenter = "") {
  return {
      .server = std::move(name), .concurrency = concurrency, .datacenter = std::move(datacenter)};
}

// Polls `condition` every 5 ms for at most 5 s.
bool Eventually(const std::function<bool()>& condition) {
  for (const absl::Time end = absl::Now() + absl::Seconds(5); absl::Now() < end;) {
    if (condition()) return true;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return condition();
}

// The largest number of [start, end) intervals that overlap at one instant.
int MaxOverlap(const std::vector<FakeBackend::Call>& calls) {
  std::vector<std::pair<absl::Time, int>> edges;
  for (const FakeBackend::Call& c : calls) {
    edges.push_back({c.start, +1});
    edges.push_back({c.end, -1});
  }
  std::sort(edges.begin(), edges.end());  // an end sorts before a start at the same instant
  int now = 0, most = 0;
  for (const auto& [t, delta] : edges) most = std::max(most, now += delta);
  return most;
}

class VSphereAgentServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto vc1 = std::make_unique<FakeBackend>();
    auto vc2 = std::make_unique<FakeBackend>();
    vc1_ = vc1.get();
    vc2_ = vc2.get();
    std::vector<std::unique_ptr<VCenterPool>> pools;
    pools.push_back(std::make_unique<VCenterPool>(Server("vc1", 3, "dc-default"), std::move(vc1)));
    pools.push_back(std::make_unique<VCenterPool>(Server("vc2", 1), std::move(vc2)));
    router_ = std::make_unique<VCenterRouter>(std::move(pools));
    service_ = std::make_unique<VSphereAgentService>(*router_, cache_, metrics_, in_flight_);
    server_ = std::make_unique<rpc::Server>(rpc::ServerOptions{
        .name = "vsphere-agent-test", .address = "127.0.0.1:0", .services = {service_.get()}});
    ASSERT_THAT(server_->Start(), IsOk());
    channel_ = grpc::CreateChannel(server_->bound_address(), grpc::InsecureChannelCredentials());
    stub_ = v1::VSphereAgentService::NewStub(channel_);
  }

  void TearDown() override {
    vc1_->Release();
    vc2_->Release();
    server_->Shutdown(absl::Now());
  }

  grpc::Status CreateVm(const std::string& server, const std::string& request_id,
                        v1::CreateVmResponse* response,
                        absl::Duration timeout = absl::Seconds(10)) {
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
    v1::CreateVmRequest req;
    req.set_server(server);
    req.set_request_id(request_id);
    req.set_vm_name("lab-md-0-1");
    req.set_folder("eksa");
    req.set_userdata("#cloud-config\njoin-token: abcdef.0123456789abcdef\n");
    return stub_->CreateVm(&ctx, req, response);
  }

  grpc::Status GetVm(const std::string& server, const std::string& datacenter,
                     absl::Duration timeout = absl::Seconds(10)) {
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
    v1::GetVmRequest req;
    req.set_server(server);
    req.set_datacenter(datacenter);
    req.mutable_vm()->set_path("/dc/vm/x");
    v1::GetVmResponse resp;
    return stub_->GetVm(&ctx, req, &resp);
  }

  FakeBackend* vc1_ = nullptr;
  FakeBackend* vc2_ = nullptr;
  std::unique_ptr<VCenterRouter> router_;
  IdempotencyCache cache_{Clock::Real(), {}};
  MetricsRegistry registry_;
  AgentMetrics metrics_{registry_};
  InFlightCalls in_flight_;
  std::unique_ptr<VSphereAgentService> service_;
  std::unique_ptr<rpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::VSphereAgentService::Stub> stub_;
};

TEST_F(VSphereAgentServiceTest, RoutesEachRequestToItsServersBackend) {
  v1::CreateVmResponse resp;
  ASSERT_TRUE(CreateVm("vc2", "r-1", &resp).ok());
  EXPECT_EQ(vc2_->Calls("CreateVm"), 1);
  EXPECT_EQ(vc1_->Calls(""), 0);
  EXPECT_EQ(resp.vm().name(), "lab-md-0-1");
  EXPECT_TRUE(GetVm("vc1", "dc").ok());
  EXPECT_EQ(vc1_->Calls("GetVm"), 1);
  EXPECT_EQ(vc2_->Calls("GetVm"), 0);
}

TEST_F(VSphereAgentServiceTest, UnknownServerIsFailedPreconditionNamingTheServedOnes) {
  grpc::Status s = GetVm("vc9.example", "dc");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(s.error_message(),
            "vCenter server \"vc9.example\" is not served by this agent: it serves vc1, vc2");
  EXPECT_EQ(metrics_.Requests("GetVm", "unknown", absl::StatusCode::kFailedPrecondition), 1);
  EXPECT_EQ(vc1_->Calls("") + vc2_->Calls(""), 0);
}

TEST_F(VSphereAgentServiceTest, MutatingRpcWithoutRequestIdIsInvalidArgument) {
  v1::CreateVmResponse resp;
  grpc::Status s = CreateVm("vc1", "", &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("CreateVm needs a request_id"));
  EXPECT_EQ(vc1_->Calls(""), 0);
}

TEST_F(VSphereAgentServiceTest, EmptyDatacenterGetsTheServersDefault) {
  ASSERT_TRUE(GetVm("vc1", "").ok());
  ASSERT_TRUE(GetVm("vc1", "other").ok());
  std::vector<FakeBackend::Call> calls = vc1_->Finished();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].datacenter, "dc-default");
  EXPECT_EQ(calls[1].datacenter, "other");
}

TEST_F(VSphereAgentServiceTest, NeverMoreThanTheConcurrencyLimitInABackend) {
  vc1_->SetLatency(absl::Milliseconds(100));
  constexpr int kCalls = 10;
  std::vector<std::thread> threads;
  std::vector<grpc::Status> results(kCalls);
  const absl::Time start = absl::Now();
  for (int i = 0; i < kCalls; ++i) {
    threads.emplace_back([&, i] {
      v1::CreateVmResponse resp;
      results[i] = CreateVm("vc1", "bound-" + std::to_string(i), &resp);
    });
  }
  for (std::thread& t : threads) t.join();
  const absl::Duration took = absl::Now() - start;
  for (const grpc::Status& s : results) EXPECT_TRUE(s.ok()) << s.error_message();
  std::vector<FakeBackend::Call> calls = vc1_->Finished();
  ASSERT_EQ(calls.size(), static_cast<size_t>(kCalls));
  EXPECT_EQ(MaxOverlap(calls), 3);  // the limit is reached, never passed
  EXPECT_EQ(vc1_->MaxConcurrent(), 3);
  EXPECT_GE(took, absl::Milliseconds(400));  // ceil(10 / 3) rounds of 100 ms
  std::cout << "10 calls of 100 ms through 3 slots took " << absl::FormatDuration(took) << "\n";
}

TEST_F(VSphereAgentServiceTest, ExcessCallWaitsAndEndsAtItsDeadline) {
  vc2_->Hold();  // vc2 has one slot
  std::thread first([&] { EXPECT_TRUE(GetVm("vc2", "dc", absl::Seconds(10)).ok()); });
  ASSERT_TRUE(vc2_->WaitForStarted("GetVm", 1, absl::Seconds(5)));
  const absl::Time start = absl::Now();
  grpc::Status late = GetVm("vc2", "dc", absl::Milliseconds(200));
  EXPECT_EQ(late.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(200));
  // The server gave up too, at the same deadline, without reaching the backend. It records
  // DEADLINE_EXCEEDED when its own deadline fires first, CANCELLED when the client's cancellation
  // (sent by the client at its deadline) arrives first: both end the wait.
  EXPECT_TRUE(Eventually([&] {
    return metrics_.Requests("GetVm", "vc2", absl::StatusCode::kDeadlineExceeded) +
               metrics_.Requests("GetVm", "vc2", absl::StatusCode::kCancelled) ==
           1;
  }));
  EXPECT_EQ(vc2_->Calls("GetVm"), 1);
  vc2_->Release();
  first.join();
  EXPECT_EQ(vc2_->Calls("GetVm"), 1);
}

TEST_F(VSphereAgentServiceTest, RetryWhileTheFirstRunsGetsTheSameResult) {
  vc1_->Hold();
  v1::CreateVmResponse first, retry, later;
  grpc::Status first_status, retry_status;
  std::thread a([&] { first_status = CreateVm("vc1", "op-1/create-vm[a]", &first); });
  ASSERT_TRUE(vc1_->WaitForStarted("CreateVm", 1, absl::Seconds(5)));
  std::thread b([&] { retry_status = CreateVm("vc1", "op-1/create-vm[a]", &retry); });
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_EQ(vc1_->Calls("CreateVm"), 1);
  InFlightCalls::Snapshot now = in_flight_.Take();
  EXPECT_EQ(now.count, 2);
  EXPECT_THAT(now.request_ids, ElementsAre("op-1/create-vm[a]"));
  vc1_->Release();
  a.join();
  b.join();
  ASSERT_TRUE(first_status.ok());
  ASSERT_TRUE(retry_status.ok());
  EXPECT_EQ(first.vm().moref(), "vm-1");
  EXPECT_EQ(retry.vm().moref(), "vm-1");
  ASSERT_TRUE(CreateVm("vc1", "op-1/create-vm[a]", &later).ok());  // after success: cached
  EXPECT_EQ(later.vm().moref(), "vm-1");
  EXPECT_EQ(vc1_->Calls("CreateVm"), 1);
  EXPECT_EQ(metrics_.Replays("CreateVm", "vc1", "joined"), 1);
  EXPECT_EQ(metrics_.Replays("CreateVm", "vc1", "cached"), 1);
  EXPECT_EQ(in_flight_.Take().count, 0);
}

TEST_F(VSphereAgentServiceTest, FailedRequestRunsAgainOnRetry) {
  vc1_->FailNext("CreateVm", absl::UnavailableError("vcenter vc1 unreachable"));
  v1::CreateVmResponse resp;
  EXPECT_EQ(CreateVm("vc1", "op-2/x", &resp).error_code(), grpc::StatusCode::UNAVAILABLE);
  ASSERT_TRUE(CreateVm("vc1", "op-2/x", &resp).ok());
  EXPECT_EQ(resp.vm().moref(), "vm-2");
  EXPECT_EQ(vc1_->Calls("CreateVm"), 2);
}

TEST_F(VSphereAgentServiceTest, ErrorMessagesAreRedacted) {
  RegisterSecret("Pa55-w0rd-of-vc1");
  vc1_->FailNext("CreateVm",
                 absl::UnauthenticatedError("login as admin with Pa55-w0rd-of-vc1 failed"));
  v1::CreateVmResponse resp;
  grpc::Status s = CreateVm("vc1", "op-3/x", &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("login as admin with ***** failed"));
  EXPECT_THAT(s.error_message(), Not(HasSubstr("Pa55-w0rd-of-vc1")));
  EXPECT_THAT(registry_.RenderText(), Not(HasSubstr("Pa55-w0rd-of-vc1")));
  ClearRegisteredSecrets();
}

TEST_F(VSphereAgentServiceTest, MetricsCountCallsLatenciesErrorsAndSlots) {
  v1::CreateVmResponse resp;
  ASSERT_TRUE(CreateVm("vc1", "m-1", &resp).ok());
  ASSERT_EQ(GetVm("nowhere", "dc").error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  const std::string text = registry_.RenderText();
  EXPECT_THAT(text, HasSubstr("eksa_vsphere_agent_requests_total{rpc=\"CreateVm\",server=\"vc1\","
                              "code=\"OK\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("eksa_vsphere_agent_errors_total{rpc=\"GetVm\",server=\"unknown\","
                              "code=\"FAILED_PRECONDITION\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("eksa_vsphere_agent_request_duration_seconds_count{rpc=\"CreateVm\","
                              "server=\"vc1\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("eksa_vsphere_agent_requests_in_flight{rpc=\"CreateVm\","
                              "server=\"vc1\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("eksa_vsphere_agent_slot_wait_seconds_count{server=\"vc1\"} 1\n"));
  EXPECT_THAT(text, Not(HasSubstr("m-1")));  // no request id in a label
}

// Not a benchmark gate: prints what routing, the slot, the idempotency cache and metrics cost
// per call over loopback gRPC with an instant backend (the README quotes it).
TEST_F(VSphereAgentServiceTest, PerCallOverheadOverLoopback) {
  constexpr int kCalls = 300;
  v1::CreateVmResponse resp;
  absl::Time start = absl::Now();
  for (int i = 0; i < kCalls; ++i) ASSERT_TRUE(GetVm("vc1", "dc").ok());
  const absl::Duration read_only = (absl::Now() - start) / kCalls;
  start = absl::Now();
  for (int i = 0; i < kCalls; ++i)
    ASSERT_TRUE(CreateVm("vc1", "o-" + std::to_string(i), &resp).ok());
  const absl::Duration mutating = (absl::Now() - start) / kCalls;
  start = absl::Now();
  for (int i = 0; i < kCalls; ++i)
    ASSERT_TRUE(CreateVm("vc1", "o-" + std::to_string(i), &resp).ok());
  const absl::Duration replayed = (absl::Now() - start) / kCalls;
  EXPECT_EQ(vc1_->Calls("CreateVm"), kCalls);
  std::cout << "per call: GetVm " << absl::FormatDuration(read_only) << ", CreateVm (new id) "
            << absl::FormatDuration(mutating) << ", CreateVm (cached) "
            << absl::FormatDuration(replayed) << "\n";
}

TEST_F(VSphereAgentServiceTest, HealthIsNotServingWhileDrainingThenCallsFinish) {
  using rpc::testing::CheckHealth;
  using Serving = grpc::health::v1::HealthCheckResponse;
  EXPECT_THAT(CheckHealth(channel_, kServiceName), IsOkAndHolds(Eq(Serving::SERVING)));
  vc1_->Hold();
  grpc::Status in_flight;
  std::thread call([&] { in_flight = GetVm("vc1", "dc"); });
  ASSERT_TRUE(vc1_->WaitForStarted("GetVm", 1, absl::Seconds(5)));
  std::thread drain([&] { server_->Shutdown(absl::Now() + absl::Seconds(10)); });
  bool not_serving = false;
  for (absl::Time end = absl::Now() + absl::Seconds(5); absl::Now() < end && !not_serving;) {
    absl::StatusOr<rpc::testing::ServingStatus> s = CheckHealth(channel_, kServiceName);
    not_serving = s.ok() && *s == Serving::NOT_SERVING;
  }
  EXPECT_TRUE(not_serving);
  vc1_->Release();
  call.join();
  drain.join();
  EXPECT_TRUE(in_flight.ok()) << in_flight.error_message();
}

}  // namespace
}  // namespace eksa::vsphere_agent
