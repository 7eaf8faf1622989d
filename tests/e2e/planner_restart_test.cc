// The whole create through the CLI and the real eksa-planner binary, with the fake agents in their
// own process: the planner is SIGKILLed mid-run, restarted, and the create finishes, with no event
// lost, every agent request re-sent with its original request id and no machine made twice.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "eksa/planner/v1/planner.grpc.pb.h"
#include "tests/e2e/fake_agents_process.h"
#include "tests/testing/command.h"
#include "tests/testing/process.h"

namespace eksa {
namespace {

using ::eksa::testing::AgentsLineField;
using ::eksa::testing::BinaryPath;
using ::eksa::testing::FakeAgentsPath;
using ::eksa::testing::Process;
using ::testing::HasSubstr;

const char kSpec[] = R"(apiVersion: anywhere.eks.amazonaws.com/v1alpha1
kind: Cluster
metadata:
  name: crash
spec:
  kubernetesVersion: "1.31"
  clusterNetwork:
    cniConfig: {cilium: {}}
    pods: {cidrBlocks: [192.168.0.0/16]}
    services: {cidrBlocks: [10.96.0.0/12]}
  controlPlaneConfiguration:
    count: 1
    endpoint: {host: 127.0.0.10}
    machineGroupRef: {kind: VSphereMachineConfig, name: crash}
  datacenterRef: {kind: VSphereDatacenterConfig, name: crash}
  workerNodeGroupConfigurations:
  - {name: md-0, count: 2, machineGroupRef: {kind: VSphereMachineConfig, name: crash}}
---
apiVersion: anywhere.eks.amazonaws.com/v1alpha1
kind: VSphereDatacenterConfig
metadata: {name: crash}
spec: {datacenter: DC0, network: VM Network, server: 127.0.0.2, insecure: true}
---
apiVersion: anywhere.eks.amazonaws.com/v1alpha1
kind: VSphereMachineConfig
metadata: {name: crash}
spec: {datastore: /DC0/datastore/LocalDS_0, resourcePool: /DC0/host/DC0_C0/Resources, osFamily: ubuntu, template: /DC0/vm/Templates/ubuntu-2204-kube-v1.31}
)";

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

class PlannerRestartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "eksa-restart-XXXXXX";
    ASSERT_NE(mkdtemp(dir_.data()), nullptr);
    agents_ = std::make_unique<Process>(
        FakeAgentsPath(),
        std::vector<std::string>{"--latency-ms", "40", "--calls-file", dir_ + "/calls.tsv"});
    std::optional<std::string> line = agents_->WaitForLine("AGENTS ", absl::Seconds(10));
    ASSERT_TRUE(line) << agents_->Output();
    std::ofstream(dir_ + "/planner.yaml")
        << "listen: 127.0.0.1:0\n"
        << "store: {path: " << dir_ << "/planner.db}\n"
        << "artifactsDir: " << dir_ << "/artifacts\n"
        << "agents:\n  static:\n"
        << "  - {id: vsphere-1, kind: vsphere, address: " << AgentsLineField(*line, "vsphere")
        << ", vcenterServers: [127.0.0.2]}\n"
        << "  - {id: bootstrap-1, kind: bootstrap, address: " << AgentsLineField(*line, "bootstrap")
        << "}\n"
        << "  - {id: gitops-1, kind: gitops, address: " << AgentsLineField(*line, "gitops")
        << "}\n";
    std::ofstream(dir_ + "/crash.yaml") << kSpec;
  }

  std::unique_ptr<Process> StartPlanner(std::string* address) {
    auto p = std::make_unique<Process>(
        BinaryPath("eksa-planner"),
        std::vector<std::string>{"--config", dir_ + "/planner.yaml", "--log-format", "json"});
    std::optional<std::string> a = p->WaitForServingAddress(absl::Seconds(15));
    EXPECT_TRUE(a) << p->Output();
    *address = a.value_or("");
    return p;
  }

  std::unique_ptr<Process> Create(const std::string& address) {
    return std::make_unique<Process>(
        BinaryPath("eksa"),
        std::vector<std::string>{"create", "cluster", "-f", dir_ + "/crash.yaml", "--skip-ip-check",
                                 "--request-id", "create-crash-1", "--planner", address});
  }

  std::string dir_;
  std::unique_ptr<Process> agents_;
};

TEST_F(PlannerRestartTest, DryRunPrintsThePlanAndItsCriticalPath) {
  std::string address;
  std::unique_ptr<Process> planner = StartPlanner(&address);
  testing::CommandResult r =
      testing::RunCommand({BinaryPath("eksa"), "create", "cluster", "-f", dir_ + "/crash.yaml",
                           "--dry-run", "--planner", address});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("Plan for " + dir_ + "/crash.yaml: "));
  EXPECT_THAT(r.out, HasSubstr("wait-control-plane  [local]  after create-vm[crash-cp-"));
  EXPECT_THAT(r.out, HasSubstr("[vsphere:127.0.0.2 → vsphere-1]"));
  EXPECT_THAT(r.out, HasSubstr("Critical path ("));
  EXPECT_THAT(r.out, HasSubstr("One task at a time, as EKS-A's chain runs: "));
}

TEST_F(PlannerRestartTest, CreateSurvivesThePlannerBeingKilledMidRun) {
  std::string address;
  // Kill the planner three times, each time after two more steps have finished (the CLI replays
  // the steps done before the restart first).
  int done_before = 0;
  for (int cycle = 1; cycle <= 3; ++cycle) {
    std::unique_ptr<Process> planner = StartPlanner(&address);
    std::unique_ptr<Process> cli = Create(address);
    const absl::Time deadline = absl::Now() + absl::Seconds(30);
    while (Count(cli->Output(), "✅") < done_before + 2 && absl::Now() < deadline &&
           !cli->WaitForExit(absl::Milliseconds(20))) {
    }
    ASSERT_LT(Count(cli->Output(), "🎉"), 1) << "the create finished before kill " << cycle;
    planner->Signal(SIGKILL);
    ASSERT_TRUE(planner->WaitForExit(absl::Seconds(10)));
    done_before = Count(cli->Output(), "✅");
    std::optional<int> cli_status = cli->WaitForExit(absl::Seconds(30));
    ASSERT_TRUE(cli_status);
    EXPECT_EQ(WEXITSTATUS(*cli_status), 1) << cli->Output();  // its stream broke; nothing else
  }
  std::unique_ptr<Process> planner = StartPlanner(&address);
  std::unique_ptr<Process> cli = Create(address);
  std::optional<int> cli_status = cli->WaitForExit(absl::Seconds(60));
  ASSERT_TRUE(cli_status) << cli->Output();
  EXPECT_EQ(WEXITSTATUS(*cli_status), 0) << cli->Output();
  EXPECT_THAT(cli->Output(), HasSubstr("(already started)"));
  EXPECT_THAT(cli->Output(), HasSubstr("🎉 Cluster created!"));

  // Every event is there once, numbered without a gap.
  auto stub = planner::v1::PlannerService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext list_ctx;
  planner::v1::ListOperationsRequest list;
  planner::v1::ListOperationsResponse ops;
  ASSERT_TRUE(stub->ListOperations(&list_ctx, list, &ops).ok());
  ASSERT_EQ(ops.operations_size(), 1);
  EXPECT_EQ(ops.operations(0).state(), planner::v1::OPERATION_STATE_SUCCEEDED);
  grpc::ClientContext watch_ctx;
  planner::v1::WatchOperationRequest watch;
  watch.set_operation_id(ops.operations(0).id());
  watch.set_from_seq(1);
  watch.set_max_verbosity(9);
  auto reader = stub->WatchOperation(&watch_ctx, watch);
  int64_t expected = 1, started = 0, finished = 0;
  for (planner::v1::Event e; reader->Read(&e);) {
    EXPECT_EQ(e.seq(), expected++);
    started += e.type() == planner::v1::EVENT_TYPE_OPERATION_STARTED;
    finished += e.type() == planner::v1::EVENT_TYPE_OPERATION_FINISHED;
  }
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_EQ(started, 4);  // the first start and three resumes
  EXPECT_EQ(finished, 1);

  // The agents saw every re-send with the original request id, and made each machine once.
  planner->Signal(SIGTERM);
  agents_->Signal(SIGTERM);
  ASSERT_TRUE(agents_->WaitForExit(absl::Seconds(10)));
  std::ifstream calls(dir_ + "/calls.tsv");
  std::map<std::string, std::set<std::string>> request_ids_by_vm;
  int create_calls = 0;
  for (std::string line; std::getline(calls, line);) {
    std::istringstream fields(line);
    std::string agent, rpc, request_id, subject;
    std::getline(fields, agent, '\t');
    std::getline(fields, rpc, '\t');
    std::getline(fields, request_id, '\t');
    std::getline(fields, subject, '\t');
    if (rpc != "CreateVm") continue;
    ++create_calls;
    request_ids_by_vm[subject].insert(request_id);
    EXPECT_EQ(request_id, ops.operations(0).id() + "/create-vm[" + subject + "]");
  }
  EXPECT_EQ(request_ids_by_vm.size(), 3u);  // one control plane, two workers
  for (const auto& [vm, ids] : request_ids_by_vm) EXPECT_EQ(ids.size(), 1u) << vm;
  EXPECT_GE(create_calls, 3);
}

}  // namespace
}  // namespace eksa
