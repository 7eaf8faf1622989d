// ClientBackend as the agent runs it, against the testbed's vCenter simulator: wrong credentials
// and a wrong certificate pin (no Login reaches the server), the password never in a status or a
// check, and the planner's path — VSphereAgentService over gRPC in front of the backend
// (request_id idempotency, concurrency, CreateVm sent twice → one VM).
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/backend/check_results.h"
#include "services/vsphere-agent/backend/client_backend.h"
#include "services/vsphere-agent/backend/testing/in_process_agent.h"
#include "services/vsphere-agent/backend/testing/testbed.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent::backend {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::InProcessAgent;
using ::testing::Not;
using ::testing::SizeIs;
using testing::Testbed;
using testing::TlsMode;

constexpr char kWrongPin[] = "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD";

class BackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Testbed>> tb = Testbed::Open();
    ASSERT_THAT(tb, IsOk());
    tb_ = *std::move(tb);
  }

  v1::GetVmRequest GetSource() const {
    v1::GetVmRequest r;
    r.set_datacenter(tb_->datacenter());
    *r.mutable_vm() = Testbed::Path(tb_->Var("SOURCE_VM"));
    return r;
  }
  v1::CheckVCenterRequest CheckRequest() const {
    v1::CheckVCenterRequest r;
    r.set_server(tb_->server());
    r.set_datacenter(tb_->datacenter());
    r.set_thumbprint(tb_->Var("THUMBPRINT"));
    r.add_networks(tb_->Var("NETWORK"));
    return r;
  }

  std::unique_ptr<Testbed> tb_;
};

TEST_F(BackendTest, WrongPasswordIsUnauthenticatedAndNeverEchoed) {
  ClientBackendOptions o = tb_->Options(TlsMode::kThumbprint);
  o.password = "wrong-" + Testbed::Unique("password");
  absl::StatusOr<std::unique_ptr<ClientBackend>> backend = MakeClientBackend(o);
  ASSERT_THAT(backend, IsOk());
  absl::StatusOr<v1::GetVmResponse> got = (*backend)->GetVm(GetSource(), Testbed::Context());
  EXPECT_THAT(
      got, StatusIs(absl::StatusCode::kUnauthenticated,
                    AllOf(HasSubstr("connecting to vCenter " + tb_->server() + " as " + o.username),
                          HasSubstr("InvalidLogin: Cannot complete login due to an "
                                    "incorrect user name or password"),
                          Not(HasSubstr(o.password)))));

  absl::StatusOr<v1::CheckVCenterResponse> checks =
      (*backend)->CheckVCenter(CheckRequest(), Testbed::Context());
  ASSERT_THAT(checks, IsOk());
  ASSERT_EQ(checks->checks_size(), 3) << "no datacenter or network check without a session";
  EXPECT_TRUE(checks->checks(0).passed());
  const CheckResult& auth = checks->checks(1);
  EXPECT_EQ(auth.name(), "Authenticated to vSphere");
  EXPECT_FALSE(auth.passed());
  EXPECT_THAT(auth.message(), AllOf(HasSubstr("InvalidLogin"), Not(HasSubstr(o.password))));
  EXPECT_THAT(auth.remediation(), HasSubstr("EKSA_VSPHERE_USERNAME / EKSA_VSPHERE_PASSWORD"));
  EXPECT_TRUE(checks->checks(2).passed()) << "the thumbprint needs no session";
  EXPECT_FALSE(checks->has_about());
  EXPECT_EQ(checks->server_thumbprint(), tb_->Var("THUMBPRINT"));
}

TEST_F(BackendTest, WrongPinFailsBeforeAnyCredentialIsSent) {
  ClientBackendOptions o = tb_->Options(TlsMode::kThumbprint);
  o.thumbprint = kWrongPin;
  o.username = Testbed::Unique("pinned") + "@vsphere.local";
  // A rule that never fires but counts the Logins carrying this run's user name.
  const int counter = tb_->AddFault(
      {{"method", "Login"}, {"nth", 1000000}, {"fault", "SystemError"}, {"match", o.username}});
  absl::StatusOr<std::unique_ptr<ClientBackend>> backend = MakeClientBackend(o);
  ASSERT_THAT(backend, IsOk());
  EXPECT_THAT((*backend)->GetVm(GetSource(), Testbed::Context()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("connecting to vCenter " + tb_->server()),
                             HasSubstr(tb_->Var("THUMBPRINT")), HasSubstr(kWrongPin))));
  absl::StatusOr<v1::CheckVCenterResponse> checks =
      (*backend)->CheckVCenter(CheckRequest(), Testbed::Context());
  ASSERT_THAT(checks, IsOk());
  ASSERT_GE(checks->checks_size(), 2);
  EXPECT_TRUE(checks->checks(0).passed()) << "the server answers TLS";
  EXPECT_FALSE(checks->checks(1).passed());
  EXPECT_THAT(checks->checks(1).remediation(), HasSubstr("no credential was sent"));
  EXPECT_EQ(tb_->Fault(counter).value("seen", -1), 0) << "a Login reached the server";

  // The same user with the right pin does reach it (the counter works).
  o.thumbprint = tb_->Var("THUMBPRINT");
  absl::StatusOr<std::unique_ptr<ClientBackend>> right = MakeClientBackend(o);
  ASSERT_THAT(right, IsOk());
  EXPECT_THAT((*right)->GetVm(GetSource(), Testbed::Context()),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_EQ(tb_->Fault(counter).value("seen", -1), 1);
}

TEST_F(BackendTest, WrongCaIsFailedPrecondition) {
  ClientBackendOptions o = tb_->Options(TlsMode::kCaFile);
  o.ca_file = "/etc/ssl/certs/ca-certificates.crt";  // the system's CAs: not the testbed's
  absl::StatusOr<std::unique_ptr<ClientBackend>> backend = MakeClientBackend(o);
  ASSERT_THAT(backend, IsOk());
  EXPECT_THAT((*backend)->GetVm(GetSource(), Testbed::Context()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("connecting to vCenter " + tb_->server())));
}

TEST_F(BackendTest, DeadServerIsUnavailableAndTheConnectedCheckSaysWhere) {
  ClientBackendOptions o = tb_->Options(TlsMode::kThumbprint);
  o.port = 1;  // nothing listens there
  absl::StatusOr<std::unique_ptr<ClientBackend>> backend = MakeClientBackend(o);
  ASSERT_THAT(backend, IsOk());
  EXPECT_THAT((*backend)->GetVm(GetSource(), Testbed::Context()),
              StatusIs(absl::StatusCode::kUnavailable));
  absl::StatusOr<v1::CheckVCenterResponse> checks =
      (*backend)->CheckVCenter(CheckRequest(), Testbed::Context());
  ASSERT_THAT(checks, IsOk());
  ASSERT_EQ(checks->checks_size(), 1);
  EXPECT_FALSE(checks->checks(0).passed());
  EXPECT_EQ(checks->checks(0).message(),
            "connecting to " + tb_->server() + ":1: Connection refused");
  EXPECT_EQ(checks->server_thumbprint(), "");
}

class ThroughTheAgentTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    absl::StatusOr<std::unique_ptr<InProcessAgent>> agent = InProcessAgent::Start(
        tb_->Backend(TlsMode::kThumbprint),
        {.server = tb_->server(), .concurrency = 4, .datacenter = tb_->datacenter()});
    ASSERT_THAT(agent, IsOk());
    agent_ = *std::move(agent);
  }
  void TearDown() override {
    for (const std::string& name : cleanup_) {
      grpc::ClientContext ctx;
      v1::DestroyVmRequest r;
      r.set_request_id("cleanup-" + name);
      r.set_server(tb_->server());
      *r.mutable_vm() = Testbed::Path(tb_->Var("FOLDER") + "/" + name);
      v1::DestroyVmResponse resp;
      const grpc::Status s = agent_->stub().DestroyVm(&ctx, r, &resp);
      EXPECT_TRUE(s.ok()) << name << ": " << s.error_code() << " " << s.error_message();
    }
  }

  grpc::Status Create(const v1::CreateVmRequest& r, v1::CreateVmResponse* resp) {
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
    return agent_->stub().CreateVm(&ctx, r, resp);
  }

  std::unique_ptr<InProcessAgent> agent_;
  std::vector<std::string> cleanup_;
};

TEST_F(ThroughTheAgentTest, CreateVmSentTwiceOverGrpcMakesOneVm) {
  const std::string name = Testbed::Unique("grpc-twice");
  cleanup_.push_back(name);
  v1::CreateVmRequest r = tb_->CreateRequest(name);
  r.clear_datacenter();  // the agent fills in its configured default
  v1::CreateVmResponse first, second;
  ASSERT_TRUE(Create(r, &first).ok());
  ASSERT_TRUE(Create(r, &second).ok());
  EXPECT_EQ(first.vm().moref(), second.vm().moref());
  EXPECT_TRUE(first.created());
  EXPECT_EQ(tb_->Vms(name).size(), 1u);

  grpc::ClientContext ctx;
  v1::GetVmRequest get;
  get.set_server(tb_->server());
  *get.mutable_vm() = Testbed::Path(first.vm().path());
  v1::GetVmResponse got;
  ASSERT_TRUE(agent_->stub().GetVm(&ctx, get, &got).ok());
  EXPECT_EQ(got.vm().power_state(), v1::POWER_STATE_POWERED_ON);
}

TEST_F(ThroughTheAgentTest, ConcurrentCreatesEachMakeTheirVm) {
  std::vector<std::string> names;
  for (int i = 0; i < 8; ++i) names.push_back(Testbed::Unique("grpc-par"));
  cleanup_ = names;
  std::vector<grpc::Status> statuses(names.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < names.size(); ++i) {
    threads.emplace_back([&, i] {
      v1::CreateVmResponse resp;
      statuses[i] = Create(tb_->CreateRequest(names[i]), &resp);
    });
  }
  for (std::thread& t : threads) t.join();
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_TRUE(statuses[i].ok()) << names[i] << ": " << statuses[i].error_message();
    EXPECT_THAT(tb_->Vms(names[i]), SizeIs(1)) << names[i];
  }
}

TEST_F(ThroughTheAgentTest, ChecksAndErrorsCrossTheWire) {
  grpc::ClientContext ctx;
  v1::CheckVCenterRequest check = CheckRequest();
  v1::CheckVCenterResponse checks;
  ASSERT_TRUE(agent_->stub().CheckVCenter(&ctx, check, &checks).ok());
  for (const CheckResult& c : checks.checks()) EXPECT_TRUE(c.passed()) << c.name();

  v1::CreateVmRequest r = tb_->CreateRequest(Testbed::Unique("grpc-missing"));
  r.set_resource_pool("no-such-pool");
  v1::CreateVmResponse resp;
  grpc::Status s = Create(r, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(s.error_message(),
              HasSubstr("resource pool \"no-such-pool\" not found in /DC0/host"));
}

}  // namespace
}  // namespace eksa::vsphere_agent::backend
