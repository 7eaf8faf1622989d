// write-cluster-artifacts / delete-cluster-artifacts: the files EKS-A leaves in ./<name>/, with
// the kubeconfig readable by its owner only; collect-diagnostics' support bundle next to them.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "services/planner/tasks/task_test_util.h"
#include "tests/fakes/agents/fake_bootstrap_agent.h"

namespace eksa::planner::tasks::testing {
namespace {

using ::testing::HasSubstr;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

mode_t Mode(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

class ArtifactsTest : public TasksTest {};

TEST_F(ArtifactsTest, WritesKubeconfig0600AndClusterConfig) {
  LabSpec spec;
  const std::string op = NewOperation(spec);
  const std::string kubeconfig = "apiVersion: v1\nkind: Config\n# admin key here\n";
  absl::StatusOr<dag::TaskOutputs> out =
      RunTask(op, TaskOf(spec, "write-cluster-artifacts"),
              {{"generate-pki", {{"secret.admin-kubeconfig", kubeconfig}}}});
  ASSERT_THAT(out, IsOk());
  const std::string dir = dir_ + "/artifacts/lab/";
  EXPECT_EQ(out->at("kubeconfig-path"), dir + "lab-eks-a-cluster.kubeconfig");
  EXPECT_EQ(out->at("config-path"), dir + "lab-eks-a-cluster.yaml");
  EXPECT_EQ(Read(dir + "lab-eks-a-cluster.kubeconfig"), kubeconfig);
  EXPECT_EQ(Read(dir + "lab-eks-a-cluster.yaml"), spec.Yaml());
  EXPECT_EQ(Mode(dir + "lab-eks-a-cluster.kubeconfig"), 0600u);
  EXPECT_EQ(Mode(dir + "lab-eks-a-cluster.yaml"), 0644u);
  EXPECT_FALSE(std::filesystem::exists(dir + "lab-eks-a-cluster.kubeconfig.tmp"));

  // Written again (a retried task): same content, same modes.
  ASSERT_THAT(RunTask(op, TaskOf(spec, "write-cluster-artifacts"),
                      {{"generate-pki", {{"secret.admin-kubeconfig", kubeconfig}}}}),
              IsOk());
  EXPECT_EQ(Mode(dir + "lab-eks-a-cluster.kubeconfig"), 0600u);

  dag::TaskSpec remove{.id = "delete-cluster-artifacts", .kind = "delete-cluster-artifacts"};
  absl::StatusOr<dag::TaskOutputs> removed = RunTask(op, remove);
  ASSERT_THAT(removed, IsOk());
  EXPECT_EQ(removed->at("removed"), "2");
  EXPECT_FALSE(std::filesystem::exists(dir));
  EXPECT_THAT(RunTask(op, remove),
              IsOkAndHolds(::testing::Contains(::testing::Pair("removed", "0"))));
}

TEST_F(ArtifactsTest, WithoutAKubeconfigNothingIsWritten) {
  LabSpec spec;
  const std::string op = NewOperation(spec);
  EXPECT_THAT(RunTask(op, TaskOf(spec, "write-cluster-artifacts")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("no kubeconfig")));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/artifacts/lab"));
}

TEST_F(ArtifactsTest, SupportBundleIsWrittenNextToTheArtifacts0600) {
  eksa::testing::fakes::FakeBootstrapAgent agent("bootstrap-a");
  AddAgent(agent, registry::AgentKind::kBootstrap, {});
  LabSpec spec;
  const std::string op = NewOperation(spec);
  absl::StatusOr<dag::TaskOutputs> out =
      RunTask(op, TaskOf(spec, "collect-diagnostics"),
              {{"generate-pki", {{"secret.admin-kubeconfig", "apiVersion: v1\nkind: Config\n"}}}});
  ASSERT_THAT(out, IsOk());
  const std::string path = dir_ + "/artifacts/lab/lab-support-bundle-" + op + ".tar.gz";
  EXPECT_EQ(out->at("bundle"), path);
  EXPECT_EQ(Read(path), "support bundle: lab-eks-a-cluster");
  EXPECT_EQ(Mode(path), 0600u);
  EXPECT_EQ(out->at("agent-bundle-path"), "/var/lib/eksa/bundles/lab-eks-a-cluster.tar.gz");
  EXPECT_EQ(out->at("collected"), "workload: objects, events");
  EXPECT_EQ(out->at("missing"), "bootstrap cluster lab-eks-a-cluster");
  EXPECT_EQ(agent.script().CallCount("CollectSupportBundle"), 1);
}

}  // namespace
}  // namespace eksa::planner::tasks::testing
