// create-vm: the userdata passed to CreateVm parses and carries the PKI, token and CA hash
// generate-pki produced; external etcd endpoints are the etcd machines' IPs; outputs hold no
// secret.
#include <string>

#include "services/planner/pki/certificate.h"
#include "services/planner/tasks/task_test_util.h"
#include "tests/fakes/agents/fake_vsphere_agent.h"
#include "yaml-cpp/yaml.h"

namespace eksa::planner::tasks::testing {
namespace {

using ::eksa::testing::fakes::FakeVCenter;
using ::eksa::testing::fakes::FakeVSphereAgent;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

// The content of write_files entry `path` of a #cloud-config document.
std::string FileContent(const YAML::Node& cloud_config, const std::string& path) {
  for (const YAML::Node& f : cloud_config["write_files"]) {
    if (f["path"].as<std::string>() == path) return f["content"].as<std::string>();
  }
  ADD_FAILURE() << "no file " << path;
  return "";
}

// The kubeadm document of `kind` in /run/kubeadm/kubeadm.yaml.
YAML::Node KubeadmDoc(const YAML::Node& cloud_config, const std::string& kind) {
  for (const YAML::Node& doc :
       YAML::LoadAll(FileContent(cloud_config, "/run/kubeadm/kubeadm.yaml"))) {
    if (doc["kind"].as<std::string>() == kind) return doc;
  }
  ADD_FAILURE() << "no " << kind;
  return YAML::Node();
}

class CreateVmUserdataTest : public TasksTest {
 protected:
  void SetUp() override {
    TasksTest::SetUp();
    AddAgent(agent_, registry::AgentKind::kVSphere, {"127.0.0.2"});
    op_ = NewOperation(spec_);
    absl::StatusOr<dag::TaskOutputs> pki = RunTask(op_, TaskOf(spec_, "generate-pki"));
    ASSERT_THAT(pki, IsOk());
    outputs_["generate-pki"] = *pki;
  }

  // Runs create-vm for the machine whose id contains `part` and returns its cloud-config.
  YAML::Node Create(const std::string& part) {
    const dag::TaskSpec task = TaskOf(spec_, "create-vm", part);
    absl::StatusOr<dag::TaskOutputs> out = RunTask(op_, task, outputs_);
    EXPECT_THAT(out, IsOk());
    if (!out.ok()) return YAML::Node();
    outputs_[task.id] = *out;
    for (const auto& [key, value] : *out) {
      EXPECT_EQ(key.rfind("secret.", 0), std::string::npos) << key;
      EXPECT_THAT(value, Not(HasSubstr("PRIVATE KEY")));
      EXPECT_THAT(value, Not(HasSubstr(outputs_["generate-pki"]["secret.bootstrap-token"])));
    }
    std::optional<eksa::testing::fakes::FakeVm> vm = vcenter_.Vm(task.params.at("machine"));
    EXPECT_TRUE(vm.has_value());
    if (!vm.has_value()) return YAML::Node();
    EXPECT_EQ(vm->ip, out->at("ip"));
    EXPECT_EQ(vm->path, out->at("vm"));
    EXPECT_EQ(vm->path, "/DC0/vm/lab/" + vm->name);
    EXPECT_EQ(vm->template_path, "/DC0/vm/Templates/ubuntu");
    EXPECT_EQ(vm->metadata, "instance-id: " + vm->name + "\nlocal-hostname: " + vm->name + "\n");
    EXPECT_EQ(vm->userdata.rfind("#cloud-config\n", 0), 0u);
    return YAML::Load(vm->userdata);
  }

  LabSpec spec_{.etcd = 1, .control_plane = 2, .workers = 1, .os = "ubuntu"};
  FakeVCenter vcenter_;
  FakeVSphereAgent agent_{"vsphere-a", vcenter_};
  std::string op_;
  std::map<std::string, dag::TaskOutputs> outputs_;
};

TEST_F(CreateVmUserdataTest, UserdataCarriesTheGeneratedPkiAndToken) {
  const dag::TaskOutputs& pki = outputs_["generate-pki"];
  const std::string token = pki.at("secret.bootstrap-token");
  EXPECT_EQ(token.substr(0, 6), pki.at("bootstrap-token-id"));
  EXPECT_THAT(pki::CaCertHash(pki.at("secret.ca.crt")), IsOkAndHolds(pki.at("ca-cert-hash")));

  YAML::Node etcd = Create("-etcd-");
  EXPECT_EQ(FileContent(etcd, "/etc/etcd/pki/ca.crt"), pki.at("secret.etcd-ca.crt"));
  const std::string etcd_ip = vcenter_.Vms()[0].ip;

  YAML::Node init = Create("-cp-");  // index 0: kubeadm init
  EXPECT_EQ(FileContent(init, "/etc/kubernetes/pki/ca.crt"), pki.at("secret.ca.crt"));
  EXPECT_EQ(FileContent(init, "/etc/kubernetes/pki/ca.key"), pki.at("secret.ca.key"));
  YAML::Node cluster = KubeadmDoc(init, "ClusterConfiguration");
  EXPECT_EQ(cluster["controlPlaneEndpoint"].as<std::string>(), "127.0.0.10:6443");
  EXPECT_EQ(cluster["kubernetesVersion"].as<std::string>(), "v1.31.0");
  EXPECT_EQ(cluster["etcd"]["external"]["endpoints"][0].as<std::string>(),
            "https://" + etcd_ip + ":2379");
  EXPECT_EQ(KubeadmDoc(init, "InitConfiguration")["bootstrapTokens"][0]["token"].as<std::string>(),
            token);
  EXPECT_THAT(init["runcmd"][init["runcmd"].size() - 1].as<std::string>(),
              HasSubstr("kubeadm init"));

  for (const std::string part : {"-cp-", "-md-0-"}) {
    const bool cp = part == "-cp-";
    const dag::TaskSpec task = TasksOf(spec_, "create-vm", part)[cp ? 1 : 0];
    YAML::Node joined = Create(task.params.at("machine"));
    YAML::Node join = KubeadmDoc(joined, "JoinConfiguration");
    EXPECT_EQ(join["discovery"]["bootstrapToken"]["token"].as<std::string>(), token);
    EXPECT_EQ(join["discovery"]["bootstrapToken"]["caCertHashes"][0].as<std::string>(),
              pki.at("ca-cert-hash"));
    EXPECT_EQ(static_cast<bool>(join["controlPlane"]), cp) << part;
  }
}

class CreateVmThreeEtcdTest : public CreateVmUserdataTest {
 protected:
  CreateVmThreeEtcdTest() { spec_.etcd = 3; }
};

// The first etcd member starts the etcd cluster; the others join through the first one's IP.
TEST_F(CreateVmThreeEtcdTest, LaterEtcdMembersJoinThroughTheFirst) {
  const dag::TaskOutputs& pki = outputs_["generate-pki"];
  const std::vector<dag::TaskSpec> etcd = TasksOf(spec_, "create-vm", "-etcd-");
  ASSERT_EQ(etcd.size(), 3u);
  YAML::Node first = Create(etcd[0].params.at("machine"));
  EXPECT_EQ(FileContent(first, "/etc/etcd/pki/ca.key"), pki.at("secret.etcd-ca.key"));
  EXPECT_THAT(
      first["runcmd"][0].as<std::string>(),
      HasSubstr("etcdadm init --name=" + etcd[0].params.at("machine") + " --version=3.5.15 "));
  const std::string first_ip = outputs_[etcd[0].id].at("ip");
  for (int i : {1, 2}) {
    YAML::Node joined = Create(etcd[i].params.at("machine"));
    EXPECT_THAT(joined["runcmd"][0].as<std::string>(),
                HasSubstr("etcdadm join https://" + first_ip +
                          ":2379 --name=" + etcd[i].params.at("machine") + " "));
  }
}

TEST_F(CreateVmUserdataTest, WithoutGeneratePkiTheTaskFailsAndCreatesNothing) {
  outputs_.erase("generate-pki");
  EXPECT_THAT(RunTask(op_, TaskOf(spec_, "create-vm", "-md-0-"), outputs_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("generate-pki")));
  EXPECT_EQ(agent_.script().CallCount("CreateVm"), 0);
}

}  // namespace
}  // namespace eksa::planner::tasks::testing
