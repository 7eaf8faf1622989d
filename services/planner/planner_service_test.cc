// PlannerService over a real gRPC channel (in-process server on 127.0.0.1:0), a real SQLite store
// and the real executor, with a scripted task runner in place of the agents.
#include "services/planner/planner_service.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "libs/rpc/server.h"
#include "services/planner/store/sqlite_store.h"
#include "services/planner/testing/lab_spec.h"
#include "services/planner/testing/scripted_runner.h"
#include "tests/testing/status_matchers.h"

namespace eksa::planner {
namespace {

using ::eksa::testing::IsOk;
using ::testing::Contains;
using ::testing::HasSubstr;

class PlannerServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = ::testing::TempDir() + "eksa-planner-svc-XXXXXX";
    ASSERT_NE(mkdtemp(dir.data()), nullptr);
    absl::StatusOr<store::SecretBox> box =
        store::SecretBox::FromKey(store::SecretBox::GenerateKey());
    ASSERT_THAT(box, IsOk());
    absl::StatusOr<std::unique_ptr<store::Store>> s = store::OpenSqliteStore(dir + "/p.db", *box);
    ASSERT_THAT(s, IsOk());
    store_ = *std::move(s);
    operations_ = std::make_unique<operations::OperationManager>(*store_, runner_, hub_,
                                                                 dag::ExecutorOptions{});
    service_ = std::make_unique<PlannerService>(*operations_, *store_, hub_, agents_);
    server_ = std::make_unique<rpc::Server>(rpc::ServerOptions{
        .name = "planner-test", .address = "127.0.0.1:0", .services = {service_.get()}});
    ASSERT_THAT(server_->Start(), IsOk());
    stub_ = v1::PlannerService::NewStub(
        grpc::CreateChannel(server_->bound_address(), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    operations_->Shutdown();
    server_->Shutdown(absl::Now());
  }

  v1::StartOperationRequest CreateRequest(std::string request_id = "req-1") {
    v1::StartOperationRequest req;
    req.set_request_id(std::move(request_id));
    req.set_type(v1::OPERATION_TYPE_CREATE);
    req.set_spec_yaml(testing::kLab);
    req.set_spec_file("lab.yaml");
    req.mutable_options()->set_skip_ip_check(true);
    return req;
  }

  std::vector<v1::Event> Watch(const std::string& op, int64_t from, int max_verbosity = 0) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::WatchOperationRequest req;
    req.set_operation_id(op);
    req.set_from_seq(from);
    req.set_max_verbosity(max_verbosity);
    std::unique_ptr<grpc::ClientReader<v1::Event>> reader = stub_->WatchOperation(&ctx, req);
    std::vector<v1::Event> events;
    for (v1::Event e; reader->Read(&e);) events.push_back(e);
    EXPECT_TRUE(reader->Finish().ok());
    return events;
  }

  testing::ScriptedRunner runner_;
  operations::EventHub hub_;
  FakeClock clock_;
  registry::AgentRegistry agents_{clock_, absl::Seconds(30)};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<operations::OperationManager> operations_;
  std::unique_ptr<PlannerService> service_;
  std::unique_ptr<rpc::Server> server_;
  std::unique_ptr<v1::PlannerService::Stub> stub_;
};

TEST_F(PlannerServiceTest, ValidateClusterReturnsEveryDiagnostic) {
  grpc::ClientContext ctx;
  v1::ValidateClusterRequest req;
  std::string spec = testing::kLab;
  spec.replace(spec.find("count: 1"), 8, "count: 2");  // even, stacked etcd
  req.set_spec_yaml(spec);
  req.set_spec_file("lab.yaml");
  v1::ValidateClusterResponse resp;
  ASSERT_TRUE(stub_->ValidateCluster(&ctx, req, &resp).ok());
  EXPECT_FALSE(resp.valid());
  ASSERT_EQ(resp.diagnostics_size(), 1);
  const v1::Diagnostic& d = resp.diagnostics(0);
  EXPECT_EQ(d.severity(), v1::Diagnostic::SEVERITY_ERROR);
  EXPECT_EQ(d.file(), "lab.yaml");
  EXPECT_EQ(d.line(), 12);
  EXPECT_EQ(d.column(), 12);
  EXPECT_EQ(d.field(), "spec.controlPlaneConfiguration.count");
  EXPECT_THAT(d.message(), HasSubstr("cannot be an even number"));
}

TEST_F(PlannerServiceTest, PlanOperationReturnsTheDagAndItsCriticalPath) {
  grpc::ClientContext ctx;
  v1::PlanOperationRequest req;
  req.set_type(v1::OPERATION_TYPE_CREATE);
  req.set_spec_yaml(testing::kLab);
  v1::PlanOperationResponse resp;
  ASSERT_TRUE(stub_->PlanOperation(&ctx, req, &resp).ok());
  const v1::Plan& plan = resp.plan();
  std::vector<std::string> ids;
  for (const v1::PlannedTask& t : plan.tasks()) ids.push_back(t.id());
  EXPECT_THAT(ids, Contains("wait-control-plane"));
  EXPECT_EQ(plan.critical_path(0), "validate-spec");
  EXPECT_GT(plan.serial_length().seconds(), plan.critical_path_length().seconds());
  for (const v1::PlannedTask& t : plan.tasks()) {
    if (t.id() == "wait-control-plane") {
      ASSERT_EQ(t.depends_on_size(), 1);
      EXPECT_THAT(t.depends_on(0), HasSubstr("create-vm[lab-cp-"));
      EXPECT_EQ(t.pool(), "local");
    }
  }
}

TEST_F(PlannerServiceTest, StartWatchAndGetFollowAnOperationToItsEnd) {
  grpc::ClientContext ctx;
  v1::StartOperationResponse started;
  ASSERT_TRUE(stub_->StartOperation(&ctx, CreateRequest(), &started).ok());
  EXPECT_FALSE(started.replayed());
  const std::string op = started.operation().id();
  std::vector<v1::Event> all = Watch(op, 1, 9);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.front().type(), v1::EVENT_TYPE_OPERATION_STARTED);
  EXPECT_EQ(all.back().type(), v1::EVENT_TYPE_OPERATION_FINISHED);
  EXPECT_EQ(all.back().message(), "🎉 Cluster created!");
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].seq(), static_cast<int64_t>(i + 1));
  // Resuming from a sequence number returns exactly what follows it.
  std::vector<v1::Event> tail = Watch(op, all[all.size() - 3].seq(), 9);
  ASSERT_EQ(tail.size(), 3u);
  EXPECT_EQ(tail[0].seq(), all[all.size() - 3].seq());
  // -v 0 hides task starts.
  for (const v1::Event& e : Watch(op, 1, /*max_verbosity=*/1)) {
    EXPECT_NE(e.type(), v1::EVENT_TYPE_TASK_STARTED) << e.message();
  }
  grpc::ClientContext get_ctx;
  v1::GetOperationRequest get;
  get.set_operation_id(op);
  get.set_include_tasks(true);
  v1::GetOperationResponse got;
  ASSERT_TRUE(stub_->GetOperation(&get_ctx, get, &got).ok());
  EXPECT_EQ(got.operation().state(), v1::OPERATION_STATE_SUCCEEDED);
  EXPECT_EQ(got.operation().task_counts().succeeded() + 1, got.operation().task_counts().total());
  EXPECT_EQ(got.operation().last_seq(), all.back().seq());
  EXPECT_EQ(got.tasks_size(), got.operation().task_counts().total());
}

TEST_F(PlannerServiceTest, StartIsIdempotentAndErrorsKeepTheirCodes) {
  grpc::ClientContext c1, c2, c3;
  v1::StartOperationResponse first, again;
  ASSERT_TRUE(stub_->StartOperation(&c1, CreateRequest("same"), &first).ok());
  operations_->WaitForIdle();
  ASSERT_TRUE(stub_->StartOperation(&c2, CreateRequest("same"), &again).ok());
  EXPECT_TRUE(again.replayed());
  EXPECT_EQ(again.operation().id(), first.operation().id());
  v1::StartOperationRequest bad = CreateRequest("bad");
  bad.set_spec_yaml("kind: Nope\n");
  v1::StartOperationResponse ignored;
  grpc::Status s = stub_->StartOperation(&c3, bad, &ignored);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("lab.yaml:1:7: error: kind: unknown kind"));
}

TEST_F(PlannerServiceTest, CancelThenResumeOverTheWire) {
  runner_.Hold("generate-pki");
  grpc::ClientContext c1;
  v1::StartOperationResponse started;
  ASSERT_TRUE(stub_->StartOperation(&c1, CreateRequest(), &started).ok());
  runner_.WaitUntilRunning("generate-pki");
  grpc::ClientContext c2;
  v1::CancelOperationRequest cancel;
  cancel.set_request_id("cancel-1");
  cancel.set_operation_id(started.operation().id());
  v1::CancelOperationResponse cancelled;
  ASSERT_TRUE(stub_->CancelOperation(&c2, cancel, &cancelled).ok());
  operations_->WaitForIdle();
  runner_.Release("generate-pki");
  grpc::ClientContext c3;
  v1::ResumeOperationRequest resume;
  resume.set_request_id("resume-1");
  resume.set_operation_id(started.operation().id());
  v1::ResumeOperationResponse resumed;
  ASSERT_TRUE(stub_->ResumeOperation(&c3, resume, &resumed).ok());
  std::vector<v1::Event> events = Watch(started.operation().id(), 1);
  EXPECT_EQ(events.back().message(), "🎉 Cluster created!");
  bool saw_cancel = false;
  for (const v1::Event& e : events)
    saw_cancel |= e.message().find("cancelled") != std::string::npos;
  EXPECT_TRUE(saw_cancel);
}

TEST_F(PlannerServiceTest, AgentsRegisterAndHeartbeat) {
  grpc::ClientContext c1, c2, c3;
  v1::RegisterAgentRequest reg;
  reg.set_request_id("r");
  reg.mutable_agent()->set_agent_id("vs-1");
  reg.mutable_agent()->set_kind(v1::AGENT_KIND_VSPHERE);
  reg.mutable_agent()->set_address("127.0.0.1:50052");
  reg.mutable_agent()->add_vcenter_servers("127.0.0.2");
  v1::RegisterAgentResponse registered;
  ASSERT_TRUE(stub_->RegisterAgent(&c1, reg, &registered).ok());
  EXPECT_EQ(registered.lease_ttl().seconds(), 30);
  EXPECT_EQ(registered.heartbeat_interval().seconds(), 10);
  v1::HeartbeatRequest hb;
  hb.set_agent_id("vs-1");
  v1::HeartbeatResponse beat;
  EXPECT_TRUE(stub_->Heartbeat(&c2, hb, &beat).ok());
  hb.set_agent_id("ghost");
  grpc::Status s = stub_->Heartbeat(&c3, hb, &beat);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(agents_.Pick("vsphere:127.0.0.2")->id, "vs-1");
}

TEST_F(PlannerServiceTest, DryRunRunsOnlyTheChecks) {
  grpc::ClientContext c1;
  v1::StartOperationRequest dry = CreateRequest("dry");
  dry.mutable_options()->set_dry_run(true);
  v1::StartOperationResponse started;
  ASSERT_TRUE(stub_->StartOperation(&c1, dry, &started).ok());
  std::vector<v1::Event> events = Watch(started.operation().id(), 1);
  EXPECT_EQ(events.back().message(),
            "✅ Validations and preflight checks passed (dry run: nothing was created)");
  for (const testing::ScriptedRunner::Call& call : runner_.Calls()) {
    EXPECT_TRUE(call.task == "validate-spec" || call.task.rfind("preflight-", 0) == 0)
        << call.task << " ran in a dry run";
  }
  EXPECT_TRUE(started.operation().options().dry_run());
}

TEST_F(PlannerServiceTest, OnlyTheValidationEksaCanSkipIsAccepted) {
  grpc::ClientContext c1;
  v1::StartOperationRequest req = CreateRequest("skip");
  req.mutable_options()->add_skip_validations("pod-disruption");
  v1::StartOperationResponse ignored;
  grpc::Status s = stub_->StartOperation(&c1, req, &ignored);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("\"pod-disruption\" cannot be skipped"));
}

TEST_F(PlannerServiceTest, ValidateWithPreflightRunsTheAgentChecks) {
  runner_.Fail("preflight-capacity",
               absl::FailedPreconditionError("datastore LocalDS_0 has 10 GiB free, 75 GiB needed"));
  grpc::ClientContext c1;
  v1::ValidateClusterRequest pre;
  pre.set_spec_yaml(testing::kLab);
  pre.set_spec_file("lab.yaml");
  pre.set_preflight(true);
  pre.mutable_options()->set_skip_ip_check(true);
  v1::ValidateClusterResponse vr;
  ASSERT_TRUE(stub_->ValidateCluster(&c1, pre, &vr).ok());
  EXPECT_FALSE(vr.valid());
  std::map<std::string, const eksa::common::v1::CheckResult*> checks;
  for (const auto& c : vr.checks()) checks[c.name()] = &c;
  ASSERT_TRUE(checks.count("preflight-capacity"));
  EXPECT_FALSE(checks["preflight-capacity"]->passed());
  EXPECT_THAT(checks["preflight-capacity"]->message(), HasSubstr("75 GiB needed"));
  ASSERT_TRUE(checks.count("preflight-vcenter[127.0.0.2]"));
  EXPECT_TRUE(checks["preflight-vcenter[127.0.0.2]"]->passed());
  for (const testing::ScriptedRunner::Call& call : runner_.Calls()) {
    EXPECT_TRUE(call.task == "validate-spec" || call.task.rfind("preflight-", 0) == 0)
        << call.task << " ran during a validation";
  }
  runner_.Fail("preflight-capacity", absl::OkStatus(), 0);
  grpc::ClientContext c2;
  ASSERT_TRUE(stub_->ValidateCluster(&c2, pre, &vr).ok());
  EXPECT_TRUE(vr.valid());
}

TEST_F(PlannerServiceTest, ValidateAnUpgradeAgainstTheClusterRecord) {
  ASSERT_THAT(store_->PutCluster({.name = "lab", .spec_yaml = testing::kLab}), IsOk());
  std::string moved = testing::kLab;
  moved.replace(moved.find("host: 127.0.0.10"), 16, "host: 127.0.0.11");
  grpc::ClientContext c1;
  v1::ValidateClusterRequest req;
  req.set_spec_yaml(moved);
  req.set_spec_file("lab.yaml");
  req.set_type(v1::OPERATION_TYPE_UPGRADE);
  v1::ValidateClusterResponse resp;
  ASSERT_TRUE(stub_->ValidateCluster(&c1, req, &resp).ok());
  EXPECT_FALSE(resp.valid());
  std::vector<v1::Diagnostic> errors;
  for (const v1::Diagnostic& d : resp.diagnostics()) {
    if (d.severity() == v1::Diagnostic::SEVERITY_ERROR) errors.push_back(d);
  }
  ASSERT_EQ(errors.size(), 1u);  // (plus the warning: one control-plane node)
  EXPECT_EQ(errors[0].field(), "spec.controlPlaneConfiguration.endpoint.host");
  EXPECT_EQ(errors[0].line(), 13);
  EXPECT_THAT(errors[0].message(), HasSubstr("is immutable"));
}

TEST_F(PlannerServiceTest, ArtifactsComeFromTheClusterRecord) {
  ASSERT_THAT(store_->PutCluster({.name = "lab",
                                  .spec_yaml = testing::kLab,
                                  .kubeconfig = "apiVersion: v1\nkind: Config\n"}),
              IsOk());
  grpc::ClientContext c1, c2;
  v1::GetArtifactsRequest req;
  req.set_cluster_name("lab");
  v1::GetArtifactsResponse resp;
  ASSERT_TRUE(stub_->GetArtifacts(&c1, req, &resp).ok());
  EXPECT_EQ(resp.artifacts().kubeconfig(), "apiVersion: v1\nkind: Config\n");
  EXPECT_EQ(resp.artifacts().kubeconfig_file_name(), "lab-eks-a-cluster.kubeconfig");
  req.set_cluster_name("nope");
  EXPECT_EQ(stub_->GetArtifacts(&c2, req, &resp).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace eksa::planner
