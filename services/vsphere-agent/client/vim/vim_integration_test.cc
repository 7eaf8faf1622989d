// client/vim against the testbed's vCenter simulator: the finder, folders, clone + power-on with
// guestinfo, the guest IP from the testbed's DHCP, power-off, destroy, snapshot + template +
// linked clone, OVF and OVA import, capacity figures, injected faults mapped to codes, and the
// clone + power-on latency over one kept-alive connection.
//
// Every object and fault rule is named with a per-process prefix (UniqueName), so tests sharing
// the testbed never see each other's; the VMs made here are destroyed at the end.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/vsphere-agent/client/soap/fault.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/vim/capacity.h"
#include "services/vsphere-agent/client/vim/clone_devices.h"
#include "services/vsphere-agent/client/vim/device_change.h"
#include "services/vsphere-agent/client/vim/finder.h"
#include "services/vsphere-agent/client/vim/folder.h"
#include "services/vsphere-agent/client/vim/network_backing.h"
#include "services/vsphere-agent/client/vim/ovf_import.h"
#include "services/vsphere-agent/client/vim/testing/testbed_vcenter.h"
#include "services/vsphere-agent/client/vim/values.h"
#include "services/vsphere-agent/client/vim/virtual_machine.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::vim {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using soap::MoRef;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using testing::TestbedVcenter;
using testing::UniqueName;

std::string Testdata(const std::string& name) {
  return std::string(EKSA_SOURCE_DIR) + "/services/vsphere-agent/client/vim/testdata/" + name;
}

class VimIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tb_ = TestbedVcenter::Connect();
    ASSERT_NE(tb_, nullptr);
    finder_ = std::make_unique<Finder>(tb_->session(), tb_->content());
    absl::StatusOr<Datacenter> dc =
        finder_->FindDatacenter(tb_->Env("EKSA_TESTBED_VCENTER_DATACENTER"));
    ASSERT_THAT(dc, IsOk());
    dc_ = *dc;
    prefix_ = UniqueName("vim");
    absl::StatusOr<EnsuredFolder> folder =
        EnsureFolderPath(tb_->session(), tb_->content(), dc_, prefix_);
    ASSERT_THAT(folder, IsOk());
    folder_ = *folder;
    pool_ = Find(ObjectKind::kResourcePool, tb_->Env("EKSA_TESTBED_VCENTER_RESOURCE_POOL"));
    datastore_ = Find(ObjectKind::kDatastore, tb_->Env("EKSA_TESTBED_VCENTER_DATASTORE"));
    network_ = Find(ObjectKind::kNetwork, tb_->Env("EKSA_TESTBED_VCENTER_NETWORK"));
    source_ = Find(ObjectKind::kVirtualMachine, tb_->Env("EKSA_TESTBED_VCENTER_SOURCE_VM"));
  }

  void TearDown() override {
    if (tb_ == nullptr) return;
    // Everything this test made lives in its folder: power off and destroy it all.
    absl::StatusOr<ObjectContents> vms =
        Folder(tb_->session(), tb_->content(), folder_.ref).ListVms({"runtime.powerState"}, true);
    if (vms.ok()) {
      for (const ObjectContent& o : vms->objects()) {
        VirtualMachine vm = Vm(o.obj);
        if (soap::Text(o.Get("runtime.powerState")) == "poweredOn")
          Wait(vm.PowerOff()).IgnoreError();
        Wait(vm.Destroy()).IgnoreError();
      }
    }
  }

  MoRef Find(ObjectKind kind, const std::string& arg) {
    absl::StatusOr<InventoryObject> o = finder_->FindOne(dc_, kind, arg);
    EXPECT_THAT(o, IsOk()) << arg;
    return o.ok() ? o->ref : MoRef{};
  }
  VirtualMachine Vm(const MoRef& ref) {
    return VirtualMachine(tb_->session(), tb_->content().property_collector, ref);
  }
  absl::StatusOr<TaskInfo> Wait(const absl::StatusOr<Task>& task) {
    if (!task.ok()) return task.status();
    return task->Wait({.deadline = absl::Now() + absl::Seconds(30)});
  }
  CloneSpec Spec(const std::string& name) {
    return {.name = name,
            .folder = folder_.ref,
            .pool = pool_,
            .datastore = datastore_,
            .config = {.num_cpus = 2,
                       .memory_mb = 64,
                       .extra_config = {{"guestinfo.userdata", "I2Nsb3VkLWNvbmZpZwo="},
                                        {"guestinfo.userdata.encoding", "base64"}}}};
  }
  // Clones the testbed's source VM into this test's folder; the new VM.
  absl::StatusOr<MoRef> Clone(const CloneSpec& spec) {
    absl::StatusOr<TaskInfo> done = Wait(Vm(source_).Clone(spec));
    if (!done.ok()) return done.status();
    return done->result;
  }

  std::unique_ptr<TestbedVcenter> tb_;
  std::unique_ptr<Finder> finder_;
  Datacenter dc_;
  std::string prefix_;
  EnsuredFolder folder_;
  MoRef pool_, datastore_, network_, source_;
};

TEST_F(VimIntegrationTest, FindsTheInventoryTheGovcWay) {
  EXPECT_EQ(dc_.object.path, "/DC0");
  EXPECT_THAT(finder_->FindOne(dc_, ObjectKind::kDatastore, "LocalDS_0"),
              IsOkAndHolds(InventoryObject{datastore_, "/DC0/datastore/LocalDS_0"}));
  EXPECT_THAT(finder_->FindOne(dc_, ObjectKind::kNetwork, "VM Network"),
              IsOkAndHolds(InventoryObject{network_, "/DC0/network/VM Network"}));
  absl::StatusOr<InventoryObject> dvpg = finder_->FindOne(dc_, ObjectKind::kNetwork, "DC0_DVPG0");
  ASSERT_THAT(dvpg, IsOk());
  EXPECT_EQ(dvpg->ref.type, "DistributedVirtualPortgroup");
  EXPECT_THAT(finder_->FindOne(dc_, ObjectKind::kResourcePool, "DC0_C0/Resources"),
              IsOkAndHolds(InventoryObject{pool_, "/DC0/host/DC0_C0/Resources"}));
  EXPECT_THAT(finder_->FindOne(dc_, ObjectKind::kResourcePool, "*/Resources"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "resource pool \"*/Resources\" resolves to 2 objects: "
                       "/DC0/host/DC0_C0/Resources, /DC0/host/DC0_H0/Resources"));
  EXPECT_THAT(finder_->FindOne(dc_, ObjectKind::kVirtualMachine, "DC0_C0_RP0_VM0"),
              IsOkAndHolds(InventoryObject{source_, "/DC0/vm/DC0_C0_RP0_VM0"}));
  EXPECT_THAT(finder_->FindOne(dc_, ObjectKind::kFolder, prefix_),
              IsOkAndHolds(InventoryObject{folder_.ref, "/DC0/vm/" + prefix_}));
  EXPECT_THAT(finder_->FindOne(dc_, ObjectKind::kDatastore, "/DC0/datastore/nope"),
              StatusIs(absl::StatusCode::kNotFound, "datastore \"/DC0/datastore/nope\" not found"));
  EXPECT_THAT(
      finder_->FindOne(dc_, ObjectKind::kDatastore, "nope"),
      StatusIs(absl::StatusCode::kNotFound, "datastore \"nope\" not found in /DC0/datastore"));
  EXPECT_THAT(finder_->FindOne(dc_, ObjectKind::kDatastore, "/DC0/vm"),
              StatusIs(absl::StatusCode::kNotFound, "\"/DC0/vm\" is a Folder, not a datastore"));
  EXPECT_THAT(finder_->FindDatacenter("DC9"),
              StatusIs(absl::StatusCode::kNotFound, "datacenter \"DC9\" not found in /"));
  EXPECT_THAT(finder_->InventoryPath(source_), IsOkAndHolds("/DC0/vm/DC0_C0_RP0_VM0"));
}

TEST_F(VimIntegrationTest, CreatingAFolderTwiceAdoptsTheFirst) {
  Folder parent(tb_->session(), tb_->content(), folder_.ref);
  absl::StatusOr<EnsuredFolder> first = parent.EnsureFolder("sub");
  ASSERT_THAT(first, IsOk());
  EXPECT_TRUE(first->created);
  absl::StatusOr<EnsuredFolder> second = parent.EnsureFolder("sub");
  ASSERT_THAT(second, IsOk());
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->ref, first->ref);
  absl::StatusOr<MoRef> again = parent.CreateFolder("sub");
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("DuplicateName")));
  EXPECT_TRUE(soap::IsFault(again.status(), "DuplicateName"));
  absl::StatusOr<EnsuredFolder> nested =
      EnsureFolderPath(tb_->session(), tb_->content(), dc_, "/DC0/vm/" + prefix_ + "/sub/a/b");
  ASSERT_THAT(nested, IsOk());
  EXPECT_TRUE(nested->created);
  EXPECT_EQ(nested->path, "/DC0/vm/" + prefix_ + "/sub/a/b");
  EXPECT_THAT(finder_->FindByInventoryPath(nested->path), IsOkAndHolds(nested->ref));
  absl::StatusOr<EnsuredFolder> same =
      EnsureFolderPath(tb_->session(), tb_->content(), dc_, prefix_ + "/sub/a/b");
  ASSERT_THAT(same, IsOk());
  EXPECT_FALSE(same->created);
}

TEST_F(VimIntegrationTest, CloneWithGuestinfoPowerOnGetsAnIpThenOffAndDestroy) {
  std::string name = prefix_ + "-web";
  absl::StatusOr<MoRef> ref = Clone(Spec(name));
  ASSERT_THAT(ref, IsOk());
  VirtualMachine vm = Vm(*ref);
  EXPECT_THAT(Folder(tb_->session(), tb_->content(), folder_.ref).FindVm(name), IsOkAndHolds(*ref));
  absl::StatusOr<VmInfo> info = vm.Info();
  ASSERT_THAT(info, IsOk());
  EXPECT_EQ(info->name, name);
  EXPECT_EQ(info->parent, folder_.ref);
  EXPECT_EQ(info->power_state, "poweredOff");
  EXPECT_EQ(FindOption(info->extra_config, "guestinfo.userdata"), "I2Nsb3VkLWNvbmZpZwo=");
  EXPECT_EQ(FindOption(info->extra_config, "guestinfo.userdata.encoding"), "base64");

  std::vector<std::string> states;
  absl::StatusOr<Task> on = vm.PowerOn();
  ASSERT_THAT(on, IsOk());
  ASSERT_THAT(
      on->Wait(
          {.deadline = absl::Now() + absl::Seconds(30),
           .on_progress = [&](const TaskInfo& t) { states.emplace_back(TaskStateName(t.state)); }}),
      IsOk());
  EXPECT_THAT(states, ElementsAre("success"));
  absl::Time start = absl::Now();
  absl::StatusOr<std::string> ip = vm.WaitForIp({.deadline = absl::Now() + absl::Seconds(10)});
  ASSERT_THAT(ip, IsOk());
  std::printf("guest IP %s after %.0f ms\n", ip->c_str(),
              absl::ToDoubleMilliseconds(absl::Now() - start));
  EXPECT_THAT(*ip, ::testing::StartsWith(tb_->Env("EKSA_TESTBED_VCENTER_DHCP_RANGE").substr(0, 8)));
  nlohmann::json seen = tb_->Vms(name);
  ASSERT_EQ(seen.size(), 1u) << seen.dump();
  EXPECT_EQ(seen[0].value("ip", ""), *ip);

  // Powering on again fails inside the task, with the fault's code.
  absl::StatusOr<TaskInfo> twice = Wait(vm.PowerOn());
  EXPECT_THAT(twice,
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("InvalidPowerState")));
  // A powered-on VM cannot be destroyed.
  EXPECT_THAT(Wait(vm.Destroy()), StatusIs(absl::StatusCode::kFailedPrecondition));

  ASSERT_THAT(Wait(vm.PowerOff()), IsOk());
  EXPECT_THAT(vm.WaitForPowerState("poweredOff", {.deadline = absl::Now() + absl::Seconds(5)}),
              IsOk());
  absl::StatusOr<VmInfo> off = vm.Info();
  ASSERT_THAT(off, IsOk());
  EXPECT_EQ(off->guest.ip_address, "");
  ASSERT_THAT(Wait(vm.Destroy()), IsOk());
  EXPECT_THAT(vm.Info(), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Folder(tb_->session(), tb_->content(), folder_.ref).FindVm(name),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(VimIntegrationTest, AClonedNameTakenIsDuplicateNameInTheTask) {
  std::string name = prefix_ + "-dup";
  ASSERT_THAT(Clone(Spec(name)), IsOk());
  absl::StatusOr<MoRef> second = Clone(Spec(name));
  EXPECT_THAT(second, StatusIs(absl::StatusCode::kAlreadyExists,
                               HasSubstr("DuplicateName: The name '" + name + "' already exists")));
  EXPECT_TRUE(soap::IsFault(second.status(), "DuplicateName"));
}

TEST_F(VimIntegrationTest, SnapshotTemplateAndLinkedClone) {
  absl::StatusOr<MoRef> base = Clone(Spec(prefix_ + "-tmpl"));
  ASSERT_THAT(base, IsOk());
  VirtualMachine tmpl = Vm(*base);
  absl::StatusOr<TaskInfo> snap = Wait(tmpl.CreateSnapshot("eksa-base", "for linked clones"));
  ASSERT_THAT(snap, IsOk());
  EXPECT_EQ(snap->result.type, "VirtualMachineSnapshot");
  ASSERT_THAT(tmpl.MarkAsTemplate(), IsOk());
  absl::StatusOr<VmInfo> info = tmpl.Info();
  ASSERT_THAT(info, IsOk());
  EXPECT_TRUE(info->is_template);
  EXPECT_EQ(info->current_snapshot, snap->result);
  ASSERT_THAT(Disks(info->devices), SizeIs(1));

  CloneSpec linked{.name = prefix_ + "-linked",
                   .folder = folder_.ref,
                   .pool = pool_,
                   .snapshot = info->current_snapshot};
  absl::StatusOr<TaskInfo> done = Wait(tmpl.Clone(linked));
  ASSERT_THAT(done, IsOk());
  absl::StatusOr<VmInfo> child = Vm(done->result).Info();
  ASSERT_THAT(child, IsOk());
  EXPECT_EQ(child->name, prefix_ + "-linked");
  EXPECT_FALSE(child->is_template);
  // A template cannot be powered on.
  EXPECT_THAT(Wait(tmpl.PowerOn()), ::testing::Not(IsOk()));
}

TEST_F(VimIntegrationTest, ReconfigureAppendsGuestinfoAndResizesTheDisk) {
  absl::StatusOr<MoRef> ref = Clone(Spec(prefix_ + "-reconf"));
  ASSERT_THAT(ref, IsOk());
  VirtualMachine vm = Vm(*ref);
  absl::StatusOr<VmInfo> before = vm.Info();
  ASSERT_THAT(before, IsOk());
  const VirtualDevice* disk = Disks(before->devices).at(0);
  ConfigSpec spec{
      .device_changes = {EditDiskCapacity(*disk, disk->capacity_kb + (1 << 20))},
      .extra_config = {{"guestinfo.metadata", "e30="}, {"guestinfo.metadata.encoding", "base64"}}};
  ASSERT_THAT(Wait(vm.Reconfigure(spec)), IsOk());
  absl::StatusOr<VmInfo> after = vm.Info();
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(FindOption(after->extra_config, "guestinfo.metadata"), "e30=");
  EXPECT_EQ(FindOption(after->extra_config, "guestinfo.userdata"), "I2Nsb3VkLWNvbmZpZwo=");
  EXPECT_EQ(Disks(after->devices).at(0)->capacity_kb, disk->capacity_kb + (1 << 20));
}

// The simulator applies a clone's device *edits* only when their keys survive its re-creation of
// the devices (a disk's does not): the card is moved in the clone, the disk grown afterwards.
TEST_F(VimIntegrationTest, ClonesOntoAnotherNetworkAndGrowsTheDisk) {
  absl::StatusOr<VmInfo> source = Vm(source_).Info();
  ASSERT_THAT(source, IsOk());
  ASSERT_THAT(EthernetCards(source->devices), SizeIs(1));
  EXPECT_EQ(EthernetCards(source->devices)[0]->portgroup_key, "dvportgroup-13");  // on the DVPG
  PropertyCollector pc(tb_->session(), tb_->content().property_collector);
  absl::StatusOr<NetworkBacking> backing = ResolveNetworkBacking(pc, network_);
  ASSERT_THAT(backing, IsOk());
  CloneSpec spec = Spec(prefix_ + "-net");
  absl::StatusOr<std::vector<std::string>> changes =
      PlanCloneDevices(*source, {.networks = {*backing}});
  ASSERT_THAT(changes, IsOk());
  spec.config.device_changes = *changes;
  absl::StatusOr<MoRef> ref = Clone(spec);
  ASSERT_THAT(ref, IsOk());
  absl::StatusOr<VmInfo> info = Vm(*ref).Info();
  ASSERT_THAT(info, IsOk());
  ASSERT_THAT(EthernetCards(info->devices), SizeIs(1));
  EXPECT_EQ(EthernetCards(info->devices)[0]->network, network_);

  ASSERT_THAT(Disks(info->devices), SizeIs(1));
  int64_t gib = Disks(info->devices)[0]->CapacityGib() + 2;
  absl::StatusOr<std::vector<std::string>> grow = PlanCloneDevices(*info, {.disk_gib = gib});
  ASSERT_THAT(grow, IsOk());
  ASSERT_THAT(Wait(Vm(*ref).Reconfigure({.device_changes = *grow})), IsOk());
  absl::StatusOr<VmInfo> grown = Vm(*ref).Info();
  ASSERT_THAT(grown, IsOk());
  EXPECT_EQ(Disks(grown->devices).at(0)->CapacityGib(), gib);
}

TEST_F(VimIntegrationTest, ListsTheVmsOfAFolder) {
  ASSERT_THAT(Clone(Spec(prefix_ + "-a")), IsOk());
  ASSERT_THAT(Clone(Spec(prefix_ + "-b")), IsOk());
  absl::StatusOr<ObjectContents> vms =
      Folder(tb_->session(), tb_->content(), folder_.ref)
          .ListVms({"name", "runtime.powerState", "config.template"});
  ASSERT_THAT(vms, IsOk());
  std::vector<std::string> names;
  for (const ObjectContent& o : vms->objects()) names.emplace_back(soap::Text(o.Get("name")));
  std::sort(names.begin(), names.end());
  EXPECT_THAT(names, ElementsAre(prefix_ + "-a", prefix_ + "-b"));
}

TEST_F(VimIntegrationTest, ImportsAnOvaAndAnOvf) {
  absl::StatusOr<OvfPackage> ova = OvfPackage::Open(Testdata("tiny.ova"));
  ASSERT_THAT(ova, IsOk());
  OvfImportSpec spec{.entity_name = prefix_ + "-ova",
                     .pool = pool_,
                     .folder = folder_.ref,
                     .datastore = datastore_,
                     .network_mappings = {{"VM Network", network_}}};
  std::vector<int> progress;
  absl::StatusOr<MoRef> vm = ImportOvf(tb_->session(), tb_->content(), tb_->transport(), *ova, spec,
                                       {.deadline = absl::Now() + absl::Seconds(30),
                                        .on_progress = [&](int p) { progress.push_back(p); }});
  ASSERT_THAT(vm, IsOk());
  EXPECT_EQ(progress.back(), 100);
  absl::StatusOr<VmInfo> info = Vm(*vm).Info();
  ASSERT_THAT(info, IsOk());
  EXPECT_EQ(info->name, prefix_ + "-ova");
  EXPECT_EQ(info->num_cpus, 2);
  EXPECT_EQ(info->memory_mb, 512);
  ASSERT_THAT(Disks(info->devices), SizeIs(1));
  EXPECT_EQ(Disks(info->devices)[0]->CapacityGib(), 1);
  ASSERT_THAT(EthernetCards(info->devices), SizeIs(1));
  EXPECT_EQ(EthernetCards(info->devices)[0]->network, network_);

  // The same as a descriptor with its disk beside it.
  std::filesystem::path dir = std::filesystem::temp_directory_path() / (prefix_ + "-ovf");
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(Testdata("tiny.ovf"), dir / "tiny.ovf");
  std::ofstream(dir / "tiny-disk1.vmdk") << std::string(64 << 10, 'D');
  absl::StatusOr<OvfPackage> ovf = OvfPackage::Open((dir / "tiny.ovf").string());
  ASSERT_THAT(ovf, IsOk());
  spec.entity_name = prefix_ + "-ovf";
  EXPECT_THAT(ImportOvf(tb_->session(), tb_->content(), tb_->transport(), *ovf, spec,
                        {.deadline = absl::Now() + absl::Seconds(30)}),
              IsOk());
  std::filesystem::remove_all(dir);
  EXPECT_THAT(Folder(tb_->session(), tb_->content(), folder_.ref).FindVm(prefix_ + "-ovf"), IsOk());
}

TEST_F(VimIntegrationTest, CapacityFigures) {
  PropertyCollector pc(tb_->session(), tb_->content().property_collector);
  absl::StatusOr<DatastoreSpace> ds = ReadDatastoreSpace(pc, datastore_);
  ASSERT_THAT(ds, IsOk());
  EXPECT_EQ(ds->name, "LocalDS_0");
  EXPECT_GT(ds->capacity_bytes, 0);
  EXPECT_GT(ds->free_bytes, 0);
  EXPECT_LE(ds->free_bytes, ds->capacity_bytes);
  absl::StatusOr<PoolMemory> mem = ReadPoolMemory(pc, pool_);
  ASSERT_THAT(mem, IsOk());
  EXPECT_GT(mem->max_usage_bytes, 0);
  EXPECT_GE(mem->limit_mib, -1);
  EXPECT_THAT(ReadDatastoreSpace(pc, {"Datastore", "datastore-404"}),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(VimIntegrationTest, InjectedFaultsMapToCodes) {
  std::string name = prefix_ + "-fault";
  tb_->AddFault({{"method", "CloneVM_Task"},
                 {"fault", "NoPermission"},
                 {"match", "<name>" + name + "</name>"}});
  absl::StatusOr<Task> denied = Vm(source_).Clone(Spec(name));
  EXPECT_THAT(denied, StatusIs(absl::StatusCode::kPermissionDenied,
                               "CloneVM_Task: NoPermission: Permission to perform this operation "
                               "was denied."));
  EXPECT_EQ(soap::FaultFromStatus(denied.status())->fields["privilegeId"],
            "VirtualMachine.Provisioning.Clone");

  absl::StatusOr<MoRef> vm = Clone(Spec(name));  // the rule was spent (times 1)
  ASSERT_THAT(vm, IsOk());
  tb_->AddFault({{"method", "PowerOnVM_Task"},
                 {"fault", "TaskInProgress"},
                 {"mode", "task"},
                 {"match", ">" + vm->value + "<"}});
  EXPECT_THAT(Wait(Vm(*vm).PowerOn()),
              StatusIs(absl::StatusCode::kAborted,
                       ::testing::AllOf(HasSubstr("task PowerOnVM_Task"),
                                        HasSubstr("TaskInProgress: Another task is already in "
                                                  "progress."))));
  tb_->AddFault({{"method", "ReconfigVM_Task"},
                 {"fault", "InvalidPowerState"},
                 {"mode", "task"},
                 {"match", ">" + vm->value + "<"}});
  EXPECT_THAT(Wait(Vm(*vm).Reconfigure({.num_cpus = 1})),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("InvalidPowerState")));
  tb_->AddFault({{"method", "FindByInventoryPath"},
                 {"fault", "http:503"},
                 {"match", "/" + name + "-proxy<"}});
  EXPECT_THAT(finder_->FindByInventoryPath("/DC0/vm/" + name + "-proxy"),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("503")));
}

// Clone + power-on of N VMs in a row over one kept-alive connection: the per-VM latency the
// agent's CreateVm pays against the simulator.
TEST_F(VimIntegrationTest, MeasuresCloneAndPowerOnLatency) {
  constexpr int kVms = 20;
  int64_t connections_before = tb_->transport().ConnectionsOpened();
  std::vector<double> clone_ms, power_ms, total_ms;
  for (int i = 0; i < kVms; ++i) {
    absl::Time t0 = absl::Now();
    absl::StatusOr<MoRef> vm = Clone(Spec(absl::StrCat(prefix_, "-m", i)));
    ASSERT_THAT(vm, IsOk());
    absl::Time t1 = absl::Now();
    ASSERT_THAT(Wait(Vm(*vm).PowerOn()), IsOk());
    absl::Time t2 = absl::Now();
    clone_ms.push_back(absl::ToDoubleMilliseconds(t1 - t0));
    power_ms.push_back(absl::ToDoubleMilliseconds(t2 - t1));
    total_ms.push_back(absl::ToDoubleMilliseconds(t2 - t0));
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  auto mean = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s / v.size();
  };
  std::printf(
      "clone+wait: median %.2f ms mean %.2f ms; power-on+wait: median %.2f ms mean %.2f "
      "ms; clone+power-on per VM: median %.2f ms mean %.2f ms (N=%d); new connections %ld\n",
      median(clone_ms), mean(clone_ms), median(power_ms), mean(power_ms), median(total_ms),
      mean(total_ms), kVms,
      static_cast<long>(tb_->transport().ConnectionsOpened() - connections_before));
  // Sequential calls reuse the session's kept-alive connection.
  EXPECT_EQ(tb_->transport().ConnectionsOpened(), connections_before);
}

}  // namespace
}  // namespace eksa::vsphere::vim
