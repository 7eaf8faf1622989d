// A whole cluster create and delete through the `eksa` CLI, the real eksa-planner binary and the
// REAL eksa-vsphere-agent binary against the testbed's vCenter simulator (tests/testbed/docs/
// vcenter.md); the bootstrap and gitops agents are the fakes (eksa-fake-agents --no-vsphere).
//
//   1. eksa-fake-agents (bootstrap, gitops), eksa-planner listing them as static agents, and
//      eksa-vsphere-agent configured for the simulator (CA file, datacenter DC0; credentials from
//      EKSA_VSPHERE_USERNAME/EKSA_VSPHERE_PASSWORD) registering with the planner (RegisterAgent):
//      the dry-run plan routes every vSphere task to the registered agent's id.
//   2. What an operator provides: a resource pool with room (the simulator's pools keep the ESX
//      model's 961 MiB memory limit, below the planner's 2048 MiB per node, so the test makes a
//      child pool `eksa-e2e` without limits through vim25 CreateResourcePool), and the template:
//      the planner's ensure-template (Bottlerocket, the only OS it imports) adopts a VM of the
//      placeholder name in /DC0/vm/Templates and finishes it (disks, snapshot, template flag,
//      tags). The planner sends no OVA yet (services/planner/tasks/README.md), so the test puts
//      there a new powered-off VM (a 1 GiB disk, a vmxnet3 card; vim25 CreateVM_Task), standing in
//      for the import. Both stay for the testbed's life (a later run reuses them).
//   3. `eksa create cluster` (1 external etcd member, 1 control plane, 2 workers, each group with
//      its own machine config and sizes; the endpoint in the testbed's range, --skip-ip-check: the
//      planner's port-80 dial is refused on loopback) exits 0 with "Cluster created"; the simulator
//      then holds exactly the planned machines (control API GET /vms?prefix=<cluster>-), and the
//      agent's ListVms by the tag eksaCluster:<cluster> returns exactly them, each with its machine
//      config's CPUs and memory, powered on, with its own DHCP address from the testbed's range.
//      The etcd member and the control plane boot the userdata the planner rendered (machine-boot:
//      etcdadm init, then kubeadm init serving the API on the endpoint's :6443); the workers' joins
//      race it, since the fake bootstrap agent answers wait-control-plane at once, so their boot is
//      not asserted.
//   4. `eksa delete cluster -f <spec>` exits 0 with "Cluster deleted": neither the simulator nor
//      ListVms by the tag holds any of them, the cluster's artifacts are gone and the endpoint is
//      free again. No process printed the vCenter password.
//
// The cluster's name is unique per run (vsc<pid>); a failure after the create deletes the cluster
// in TearDown. About 7 s on the 2-core machine (create ~2 s, the control plane's boot ~4 s).
// Needs the testbed (CTest fixture `testbed`, or EKSA_TESTBED_DIR set by hand); skipped without.
// Addresses: endpoint <TB_NET>.50.40; everything else on 127.0.0.1:0 or the testbed's own.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "eksa/vsphere/v1/vsphere_agent.grpc.pb.h"
#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"
#include "services/vsphere-agent/client/vim/finder.h"
#include "services/vsphere-agent/client/vim/task.h"
#include "services/vsphere-agent/client/vim/testing/testbed_vcenter.h"
#include "tests/e2e/fake_agents_process.h"
#include "tests/testing/command.h"
#include "tests/testing/process.h"

namespace eksa {
namespace {

namespace fs = std::filesystem;
namespace v1 = ::eksa::vsphere::v1;
namespace vs = ::eksa::vsphere;
using ::eksa::testing::AgentsLineField;
using ::eksa::testing::BinaryPath;
using ::eksa::testing::CommandResult;
using ::eksa::testing::FakeAgentsPath;
using ::eksa::testing::Process;
using ::eksa::testing::RunCommand;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::Not;

// The planner's placeholder template name for Bottlerocket and Kubernetes 1.31
// (services/planner/tasks/cluster_values.h PlaceholderTemplateName) in EnsureTemplate's default
// folder.
constexpr char kTemplateFolder[] = "/DC0/vm/Templates";
constexpr char kTemplateName[] = "bottlerocket-kube-v1-31";
// The machines' resource pool, a child of the testbed's cluster pool (see EnsureUnlimitedPool).
constexpr char kPoolName[] = "eksa-e2e";
// Every machine's disk: the template's size after ensure-template (Bottlerocket: 22 GiB), so the
// agent clones linked (EKS-A's rule: the template has a snapshot and the sizes match).
constexpr int kDiskGib = 22;

// True when something accepts TCP connections on ip:port (loopback: a closed port refuses at once).
bool Listening(const std::string& ip, int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, ip.c_str(), &addr.sin_addr);
  const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return connected;
}

// A machine group of the spec: its machines are named <cluster>-<group>-<hash5>-<index>, from
// the machine config <cluster>-<config>, sized so that each group's VMs are told apart.
struct Group {
  std::string group;
  std::string config;
  int count;
  int cpus;
  int memory_mib;
};
const std::vector<Group>& Groups() {
  static const auto* const kGroups = new std::vector<Group>{
      {.group = "etcd", .config = "etcd", .count = 1, .cpus = 1, .memory_mib = 8192},
      {.group = "cp", .config = "cp", .count = 1, .cpus = 2, .memory_mib = 2048},
      {.group = "md-0", .config = "md", .count = 2, .cpus = 3, .memory_mib = 3072}};
  return *kGroups;
}

uint32_t Ipv4(const std::string& ip) {
  in_addr a{};
  return inet_pton(AF_INET, ip.c_str(), &a) == 1 ? ntohl(a.s_addr) : 0;
}

class VSphereCreateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The test's own vim25 session on the simulator (what an operator prepares, below) and its
    // control API; fails, saying how to get one, without a testbed.
    vc_ = vs::vim::testing::TestbedVcenter::Connect();
    ASSERT_NE(vc_, nullptr);
    server_ = Var("SERVER");
    // TB_NET is the first two octets of every testbed address (127.0 unless chosen).
    const std::vector<std::string> octets = absl::StrSplit(server_, '.');
    ASSERT_EQ(octets.size(), 4u) << server_;
    net_ = octets[0] + "." + octets[1];
    cluster_ = absl::StrCat("vsc", getpid() % 100000);  // unique per run on a shared testbed
    agent_id_ = "vsphere-e2e-" + cluster_;

    dir_ = ::testing::TempDir() + "eksa-vsphere-e2e-XXXXXX";
    ASSERT_NE(mkdtemp(dir_.data()), nullptr);
    fakes_ = std::make_unique<Process>(FakeAgentsPath(), std::vector<std::string>{"--no-vsphere"});
    std::optional<std::string> agents = fakes_->WaitForLine("AGENTS ", absl::Seconds(10));
    ASSERT_TRUE(agents) << fakes_->Output();
    ASSERT_EQ(AgentsLineField(*agents, "vsphere"), "none");
    std::ofstream(dir_ + "/planner.yaml")
        << "listen: 127.0.0.1:0\n"
        << "store: {path: " << dir_ << "/planner.db}\n"
        << "artifactsDir: " << dir_ << "/artifacts\n"
        << "agents:\n  static:\n"
        << "  - {id: bootstrap-1, kind: bootstrap, address: "
        << AgentsLineField(*agents, "bootstrap") << "}\n"
        << "  - {id: gitops-1, kind: gitops, address: " << AgentsLineField(*agents, "gitops")
        << "}\n";
    planner_ = std::make_unique<Process>(
        BinaryPath("eksa-planner"),
        std::vector<std::string>{"--config", dir_ + "/planner.yaml", "--log-format", "json"});
    std::optional<std::string> planner_address = planner_->WaitForServingAddress(absl::Seconds(15));
    ASSERT_TRUE(planner_address) << planner_->Output();
    planner_address_ = *planner_address;

    // The real vSphere agent: the simulator through its CA, credentials from EKS-A's variables
    // (in this process's environment only while the agent is spawned), registering with the
    // planner.
    std::ofstream(dir_ + "/vsphere-agent.yaml")
        << "listen: 127.0.0.1:0\n"
        << "agentId: " << agent_id_ << "\n"
        << "planner: {address: " << planner_address_ << "}\n"
        << "shutdownGrace: 1s\n"
        << "vcenters:\n"
        << "- server: " << server_ << "\n"
        << "  caFile: " << Var("CA") << "\n"
        << "  datacenter: " << Var("DATACENTER") << "\n"
        << "  concurrency: 8\n";
    setenv("EKSA_VSPHERE_USERNAME", Var("USERNAME").c_str(), 1);
    setenv("EKSA_VSPHERE_PASSWORD", Var("PASSWORD").c_str(), 1);
    // -v 4: every call the agent handles is logged (shown when an assertion fails).
    vsphere_ =
        std::make_unique<Process>(BinaryPath("eksa-vsphere-agent"),
                                  std::vector<std::string>{"--config", dir_ + "/vsphere-agent.yaml",
                                                           "--log-format", "json", "-v", "4"});
    unsetenv("EKSA_VSPHERE_USERNAME");
    unsetenv("EKSA_VSPHERE_PASSWORD");
    std::optional<std::string> vsphere_address = vsphere_->WaitForServingAddress(absl::Seconds(15));
    ASSERT_TRUE(vsphere_address) << vsphere_->Output();
    agent_ = v1::VSphereAgentService::NewStub(
        grpc::CreateChannel(*vsphere_address, grpc::InsecureChannelCredentials()));
    std::optional<std::string> registered =
        vsphere_->WaitForLine("\"msg\":\"Registered with the planner\"", absl::Seconds(15));
    ASSERT_TRUE(registered) << vsphere_->Output();

    std::ofstream(dir_ + "/cluster.yaml") << Spec();
  }

  void TearDown() override {
    if (created_ && !deleted_ && planner_ != nullptr) {  // leave the shared testbed as found
      std::unique_ptr<Process> cleanup = Cli({"delete", "cluster", cluster_});
      if (!cleanup->WaitForExit(absl::Seconds(60))) ADD_FAILURE() << cleanup->Output();
    }
    // SIGTERM for a clean drain; Process's destructor SIGKILLs whatever is left.
    for (Process* p : {vsphere_.get(), planner_.get(), fakes_.get()}) {
      if (p != nullptr) p->Signal(SIGTERM);
    }
    for (Process* p : {vsphere_.get(), planner_.get(), fakes_.get()}) {
      if (p != nullptr) p->WaitForExit(absl::Seconds(10));
    }
    if (!dir_.empty() && !HasFailure()) fs::remove_all(dir_);
  }

  std::string Var(const std::string& name) const {
    return vc_->Env("EKSA_TESTBED_VCENTER_" + name);
  }
  std::string Endpoint() const { return net_ + ".50.40"; }
  // Within EKSA_TESTBED_VCENTER_DHCP_RANGE ("A-B"), where the simulator's guests get addresses.
  bool InDhcpRange(const std::string& ip) const {
    const std::vector<std::string> range = absl::StrSplit(Var("DHCP_RANGE"), '-');
    return range.size() == 2 && Ipv4(ip) != 0 && Ipv4(range[0]) <= Ipv4(ip) &&
           Ipv4(ip) <= Ipv4(range[1]);
  }
  // The machine-boot state of the simulator's VM `name` once it is neither queued nor running
  // (polled on the control API until `timeout`), with its boot.log when it is not "up".
  std::string SettledBoot(const std::string& name, absl::Duration timeout) {
    const absl::Time deadline = absl::Now() + timeout;
    for (;;) {
      nlohmann::json vms = SimulatorVms(name);
      if (vms.size() != 1) return "no single VM " + name + ": " + vms.dump();
      const std::string state = vms[0]["boot"].value("state", "");
      if (state != "queued" && state != "running" && state != "") {
        if (state == "up") return state;
        std::ifstream log(vms[0].value("state_dir", "") + "/boot.log");
        std::stringstream text;
        text << log.rdbuf();
        return state + "\n" + text.str();
      }
      if (absl::Now() > deadline)
        return "still " + state + " after " + absl::FormatDuration(timeout);
      absl::SleepFor(absl::Milliseconds(50));  // polling the simulator's state, not a wait
    }
  }
  std::string Pool() const { return Var("RESOURCE_POOL") + "/" + kPoolName; }
  std::string Folder() const { return "/DC0/vm/" + cluster_; }

  // One external etcd member, one control plane and two workers (Groups()), Bottlerocket (its
  // template is imported: ensure-template), on the simulator's inventory.
  std::string Spec() const {
    std::ostringstream s;
    s << "apiVersion: anywhere.eks.amazonaws.com/v1alpha1\n"
      << "kind: Cluster\n"
      << "metadata: {name: " << cluster_ << "}\n"
      << "spec:\n"
      << "  kubernetesVersion: \"1.31\"\n"
      << "  clusterNetwork:\n"
      << "    cniConfig: {cilium: {}}\n"
      << "    pods: {cidrBlocks: [192.168.0.0/16]}\n"
      << "    services: {cidrBlocks: [10.96.0.0/12]}\n"
      << "  externalEtcdConfiguration:\n"
      << "    count: 1\n"
      << "    machineGroupRef: {kind: VSphereMachineConfig, name: " << cluster_ << "-etcd}\n"
      << "  controlPlaneConfiguration:\n"
      << "    count: 1\n"
      << "    endpoint: {host: " << Endpoint() << "}\n"
      << "    machineGroupRef: {kind: VSphereMachineConfig, name: " << cluster_ << "-cp}\n"
      << "  datacenterRef: {kind: VSphereDatacenterConfig, name: " << cluster_ << "}\n"
      << "  workerNodeGroupConfigurations:\n"
      << "  - name: md-0\n"
      << "    count: 2\n"
      << "    machineGroupRef: {kind: VSphereMachineConfig, name: " << cluster_ << "-md}\n"
      << "---\n"
      << "apiVersion: anywhere.eks.amazonaws.com/v1alpha1\n"
      << "kind: VSphereDatacenterConfig\n"
      << "metadata: {name: " << cluster_ << "}\n"
      << "spec:\n"
      << "  datacenter: " << Var("DATACENTER") << "\n"
      << "  network: " << Var("NETWORK") << "\n"
      << "  server: " << server_ << "\n"
      << "  thumbprint: \"" << Var("THUMBPRINT") << "\"\n";
    for (const Group& g : Groups()) {
      s << "---\n"
        << "apiVersion: anywhere.eks.amazonaws.com/v1alpha1\n"
        << "kind: VSphereMachineConfig\n"
        << "metadata: {name: " << cluster_ << "-" << g.config << "}\n"
        << "spec:\n"
        << "  datastore: " << Var("DATASTORE") << "\n"
        << "  resourcePool: " << Pool() << "\n"
        << "  folder: " << Folder() << "\n"
        << "  osFamily: bottlerocket\n"
        << "  numCPUs: " << g.cpus << "\n"
        << "  memoryMiB: " << g.memory_mib << "\n"
        << "  diskGiB: " << kDiskGib << "\n";
    }
    return s.str();
  }

  // What the simulator holds under `prefix` (control API GET /vms?prefix=), by name.
  nlohmann::json SimulatorVms(const std::string& prefix) {
    nlohmann::json vms = vc_->Vms(prefix);
    EXPECT_TRUE(vms.is_array()) << vms;
    return vms.is_array() ? vms : nlohmann::json::array();
  }

  // The agent's ListVms of the datacenter's VM folder (recursive) with the cluster's tag.
  std::vector<v1::Vm> TaggedVms() {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::ListVmsRequest req;
    req.set_server(server_);
    req.set_datacenter(Var("DATACENTER"));
    req.set_folder(Var("FOLDER"));
    req.set_recursive(true);
    req.add_tags("eksaCluster:" + cluster_);
    v1::ListVmsResponse resp;
    grpc::Status s = agent_->ListVms(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_code() << ": " << s.error_message();
    return {resp.vms().begin(), resp.vms().end()};
  }

  vs::soap::MoRef Find(const std::string& path) {
    absl::StatusOr<vs::soap::MoRef> ref =
        vs::vim::Finder(vc_->session(), vc_->content()).FindByInventoryPath(path);
    EXPECT_TRUE(ref.ok()) << ref.status();
    return ref.value_or(vs::soap::MoRef{});
  }

  // Calls a vim25 method that returns a Task and waits for it; the task's status.
  absl::Status RunTask(std::string_view method, std::string body) {
    absl::StatusOr<vs::soap::Response> r = vc_->session().Call(method, body);
    if (!r.ok()) return r.status();
    absl::StatusOr<vs::soap::MoRef> task = vs::soap::ParseMoRef(r->returnval());
    if (!task.ok()) return task.status();
    return vs::vim::Task(vc_->session(), vc_->content().property_collector, *task).Wait().status();
  }

  // The simulator's pools keep the ESX model's memory limit (961 MiB), below the planner's
  // minimum of 2048 MiB per node, so preflight-capacity cannot pass on them; as an operator gives
  // eksa a pool with room, the test makes a child pool without limits through vim25
  // CreateResourcePool, once per testbed (DuplicateName: it is there already).
  void EnsureUnlimitedPool() {
    vs::soap::XmlWriter w;
    w.This(Find(Var("RESOURCE_POOL"))).Element("name", kPoolName).Open("spec");
    for (const char* allocation : {"cpuAllocation", "memoryAllocation"}) {
      w.Open(allocation)
          .Element("reservation", int64_t{0})
          .Element("expandableReservation", true)
          .Element("limit", int64_t{-1})
          .Open("shares")
          .Element("shares", 4000)
          .Element("level", "normal")
          .Close()
          .Close();
    }
    w.Close();
    absl::StatusOr<vs::soap::Response> made =
        vc_->session().Call("CreateResourcePool", std::move(w).Finish());
    EXPECT_TRUE(made.ok() || vs::soap::IsFault(made.status(), "DuplicateName")) << made.status();
  }

  // The VM ensure-template adopts (see the file comment), made once per testbed: a new VM with
  // its own 1 GiB disk and a vmxnet3 card on the testbed's network, powered off. Not a clone of
  // the simulator's source VM: govmomi's simulator hands a clone the source's own disk object
  // (CloneVM_Task), so a later clone of that VM by another test re-points this VM's disk at that
  // test's file, and resizing it fails with FileNotFound once the other test destroys its clone.
  void PrepareTemplateVm() {
    {  // The folder, made by CheckMachineConfig as the planner's preflight makes a VM folder.
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
      v1::CheckMachineConfigRequest req;
      req.set_request_id("vsphere-e2e-templates-" + cluster_);
      req.set_server(server_);
      req.set_datacenter(Var("DATACENTER"));
      req.set_machine_config_name("templates");
      req.set_datastore(Var("DATASTORE"));
      req.set_resource_pool(Pool());
      req.set_folder(kTemplateFolder);
      req.set_create_missing_folder(true);
      v1::CheckMachineConfigResponse resp;
      grpc::Status s = agent_->CheckMachineConfig(&ctx, req, &resp);
      ASSERT_TRUE(s.ok()) << s.error_message();
      ASSERT_EQ(resp.folder_path(), kTemplateFolder);
    }
    const std::string path = std::string(kTemplateFolder) + "/" + kTemplateName;
    grpc::ClientContext get_ctx;
    get_ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::GetVmRequest get;
    get.set_server(server_);
    get.set_datacenter(Var("DATACENTER"));
    get.mutable_vm()->set_path(path);
    v1::GetVmResponse got;
    grpc::Status s = agent_->GetVm(&get_ctx, get, &got);
    // Made by an earlier run on this testbed (a template once its ensure-template ran; if that run
    // stopped before, this run's ensure-template finishes it).
    if (s.ok()) return;
    ASSERT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
    const std::vector<std::string> ds = absl::StrSplit(Var("DATASTORE"), '/');
    const std::vector<std::string> net = absl::StrSplit(Var("NETWORK"), '/');
    vs::soap::XmlWriter w;
    w.This(Find(kTemplateFolder)).Open("config");
    w.Element("name", kTemplateName).Element("guestId", "otherGuest64");
    w.Open("files").Element("vmPathName", "[" + ds.back() + "]").Close();
    w.Element("numCPUs", 2).Element("memoryMB", int64_t{2048});
    w.Open("deviceChange", "VirtualDeviceConfigSpec").Element("operation", "add");
    w.Open("device", "ParaVirtualSCSIController")
        .Element("key", -100)
        .Element("busNumber", 0)
        .Element("sharedBus", "noSharing")
        .Close()
        .Close();
    w.Open("deviceChange", "VirtualDeviceConfigSpec")
        .Element("operation", "add")
        .Element("fileOperation", "create");
    w.Open("device", "VirtualDisk").Element("key", -101);
    w.Open("backing", "VirtualDiskFlatVer2BackingInfo")
        .Element("fileName", "")
        .Element("diskMode", "persistent")
        .Element("thinProvisioned", true)
        .Close();
    w.Element("controllerKey", -100)
        .Element("unitNumber", 0)
        .Element("capacityInKB", int64_t{1024 * 1024})
        .Close()
        .Close();
    w.Open("deviceChange", "VirtualDeviceConfigSpec").Element("operation", "add");
    w.Open("device", "VirtualVmxnet3").Element("key", -102);
    w.Open("backing", "VirtualEthernetCardNetworkBackingInfo")
        .Element("deviceName", net.back())
        .Close();
    w.Element("addressType", "generated").Close().Close();
    w.Close();  // config
    w.Ref("pool", Find(Pool()));
    ASSERT_TRUE(RunTask("CreateVM_Task", std::move(w).Finish()).ok());
  }

  std::unique_ptr<Process> Cli(const std::vector<std::string>& args) {
    std::vector<std::string> argv = args;
    argv.insert(argv.end(), {"--planner", planner_address_});
    return std::make_unique<Process>(BinaryPath("eksa"), argv);
  }

  std::unique_ptr<vs::vim::testing::TestbedVcenter> vc_;
  std::string server_, net_, cluster_, agent_id_, dir_, planner_address_;
  std::unique_ptr<Process> fakes_, planner_, vsphere_;
  std::unique_ptr<v1::VSphereAgentService::Stub> agent_;
  bool created_ = false, deleted_ = false;
};

TEST_F(VSphereCreateTest, CreateAndDeleteThroughTheRealVSphereAgent) {
  const absl::Time start = absl::Now();
  ASSERT_THAT(SimulatorVms(cluster_ + "-"), IsEmpty());
  ASSERT_FALSE(Listening(Endpoint(), 6443))
      << "something (a machine of an earlier run?) serves the endpoint " << Endpoint() << ":6443";
  ASSERT_NO_FATAL_FAILURE(EnsureUnlimitedPool());
  ASSERT_NO_FATAL_FAILURE(PrepareTemplateVm());

  // The plan: every vSphere task goes to the agent that registered (no vSphere agent is static).
  CommandResult plan =
      RunCommand({BinaryPath("eksa"), "create", "cluster", "-f", dir_ + "/cluster.yaml",
                  "--skip-ip-check", "--dry-run", "--planner", planner_address_});
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  std::set<std::string> machines;  // from the plan's create-vm[<machine>] tasks
  for (absl::string_view line : absl::StrSplit(plan.out, '\n')) {
    if (!absl::StartsWith(line, "  create-vm[")) continue;
    const size_t end = line.find(']');
    machines.insert(std::string(line.substr(12, end - 12)));
    EXPECT_THAT(std::string(line), HasSubstr("[vsphere:" + server_ + " → " + agent_id_ + "]"));
  }
  EXPECT_THAT(plan.out, HasSubstr("  ensure-template[bottlerocket-1.31]  [vsphere:" + server_ +
                                  " → " + agent_id_ + "]"));
  ASSERT_EQ(machines.size(), 4u) << plan.out;
  std::map<std::string, const Group*> group_of;  // machine → its group, by the name's pattern
  for (const std::string& m : machines) {
    for (const Group& g : Groups()) {
      const std::string pattern =
          absl::StrCat(cluster_, "-", g.group, "-[0-9a-f]{5}-[0-", g.count - 1, "]");
      if (::testing::Matches(MatchesRegex(pattern))(m)) group_of[m] = &g;
    }
    EXPECT_TRUE(group_of.count(m)) << m << " is named after no machine group";
  }
  for (const Group& g : Groups()) {
    int n = 0;
    for (const auto& [m, of] : group_of) n += of == &g;
    EXPECT_EQ(n, g.count) << g.group;
  }
  ASSERT_EQ(group_of.size(), machines.size());
  auto machine_of = [&](const std::string& group) {
    for (const auto& [m, of] : group_of) {
      if (of->group == group) return m;
    }
    return std::string();
  };

  // Create.
  std::unique_ptr<Process> create = Cli({"create", "cluster", "-f", dir_ + "/cluster.yaml",
                                         "--skip-ip-check", "--request-id", "create-" + cluster_});
  std::optional<int> created = create->WaitForExit(absl::Seconds(120));
  ASSERT_TRUE(created) << create->Output();
  ASSERT_EQ(WEXITSTATUS(*created), 0) << create->Output() << "\n--- vsphere agent:\n"
                                      << vsphere_->Output();
  EXPECT_THAT(create->Output(), HasSubstr("🎉 Cluster created!"));
  created_ = true;
  const absl::Duration create_time = absl::Now() - start;

  // The template was finished by ensure-template.
  nlohmann::json templates = SimulatorVms(kTemplateName);
  ASSERT_EQ(templates.size(), 1u) << templates.dump();
  EXPECT_EQ(templates[0].value("template", false), true) << templates.dump();

  // The simulator holds exactly the planned machines, powered on with an address of its DHCP
  // range, and ListVms by the cluster's tag returns exactly them with their configs' sizes.
  nlohmann::json vms = SimulatorVms(cluster_ + "-");
  std::vector<std::string> names;
  std::map<std::string, std::string> ip_of;
  for (const nlohmann::json& vm : vms) {
    const std::string name = vm.value("name", "");
    names.push_back(name);
    ip_of[name] = vm.value("ip", "");
    EXPECT_EQ(vm.value("power_state", ""), "poweredOn") << vm.dump();
    EXPECT_EQ(vm.value("template", true), false) << vm.dump();
    EXPECT_TRUE(InDhcpRange(vm.value("ip", ""))) << vm.dump() << " " << Var("DHCP_RANGE");
  }
  EXPECT_THAT(names, ElementsAreArray(machines));
  std::set<std::string> distinct_ips;
  for (const auto& [name, ip] : ip_of) distinct_ips.insert(ip);
  EXPECT_EQ(distinct_ips.size(), machines.size());
  std::vector<v1::Vm> tagged = TaggedVms();
  std::vector<std::string> tagged_names;
  for (const v1::Vm& vm : tagged) {
    tagged_names.push_back(vm.name());
    ASSERT_TRUE(group_of.count(vm.name())) << vm.name();
    const Group& g = *group_of[vm.name()];
    EXPECT_EQ(vm.path(), Folder() + "/" + vm.name());
    EXPECT_EQ(vm.num_cpus(), g.cpus) << vm.name();
    EXPECT_EQ(vm.memory_mib(), g.memory_mib) << vm.name();
    EXPECT_THAT(vm.disks_gib(), ElementsAre(kDiskGib)) << vm.name();
    EXPECT_EQ(vm.power_state(), v1::POWER_STATE_POWERED_ON) << vm.name();
    EXPECT_FALSE(vm.is_template()) << vm.name();
    ASSERT_GE(vm.ip_addresses_size(), 1) << vm.name();
    EXPECT_EQ(vm.ip_addresses(0), ip_of[vm.name()]) << vm.name();
  }
  EXPECT_THAT(tagged_names, ElementsAreArray(machines));
  const std::string artifacts = dir_ + "/artifacts/" + cluster_;
  EXPECT_TRUE(fs::exists(artifacts + "/" + cluster_ + "-eks-a-cluster.kubeconfig"));
  EXPECT_TRUE(fs::exists(artifacts + "/" + cluster_ + "-eks-a-cluster.yaml"));

  // The etcd member and the control plane booted the userdata the planner rendered and the agent
  // put in guestinfo: etcdadm init serves etcd on the member's address, and kubeadm init, with
  // the planner's PKI and that member as external etcd, serves the API on the endpoint. (The
  // workers' joins race it: the fake bootstrap agent answers wait-control-plane at once, so they
  // may be refused.)
  const std::string etcd = machine_of("etcd"), cp = machine_of("cp");
  EXPECT_EQ(SettledBoot(etcd, absl::Seconds(60)), "up");
  EXPECT_TRUE(Listening(ip_of[etcd], 2379));
  EXPECT_EQ(SettledBoot(cp, absl::Seconds(60)), "up");
  EXPECT_TRUE(Listening(Endpoint(), 6443));

  // Delete, EKS-A's way: the spec names the cluster.
  const absl::Time delete_start = absl::Now();
  std::unique_ptr<Process> del = Cli(
      {"delete", "cluster", "-f", dir_ + "/cluster.yaml", "--request-id", "delete-" + cluster_});
  std::optional<int> deleted = del->WaitForExit(absl::Seconds(120));
  ASSERT_TRUE(deleted) << del->Output();
  ASSERT_EQ(WEXITSTATUS(*deleted), 0) << del->Output() << "\n--- vsphere agent:\n"
                                      << vsphere_->Output();
  EXPECT_THAT(del->Output(), HasSubstr("🎉 Cluster deleted!"));
  deleted_ = true;
  EXPECT_THAT(SimulatorVms(cluster_ + "-"), IsEmpty());
  EXPECT_THAT(TaggedVms(), IsEmpty());
  EXPECT_FALSE(fs::exists(artifacts + "/" + cluster_ + "-eks-a-cluster.kubeconfig"));
  EXPECT_FALSE(fs::exists(artifacts + "/" + cluster_ + "-eks-a-cluster.yaml"));
  // Powering the machines off stopped their API server and etcd (machine-boot down, which the
  // simulator runs after the power-off task; polled): the endpoint is free for the next run.
  const absl::Time free_by = absl::Now() + absl::Seconds(30);
  auto serving = [&] { return Listening(Endpoint(), 6443) || Listening(ip_of[etcd], 2379); };
  while (serving() && absl::Now() < free_by) absl::SleepFor(absl::Milliseconds(50));
  EXPECT_FALSE(Listening(Endpoint(), 6443));
  EXPECT_FALSE(Listening(ip_of[etcd], 2379));
  // The vCenter password went only to the agent: no process printed it.
  for (Process* p : {create.get(), del.get(), vsphere_.get(), planner_.get(), fakes_.get()}) {
    EXPECT_THAT(p->Output(), Not(HasSubstr(Var("PASSWORD"))));
  }
  std::cout << "create " << absl::FormatDuration(create_time) << ", delete "
            << absl::FormatDuration(absl::Now() - delete_start) << "\n";
}

}  // namespace
}  // namespace eksa
