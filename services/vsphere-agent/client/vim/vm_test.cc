// Tests of the VM layer: clone_spec, config_spec, device_change, vm_info, virtual_machine.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/vsphere-agent/client/vim/clone_devices.h"
#include "services/vsphere-agent/client/vim/clone_spec.h"
#include "services/vsphere-agent/client/vim/device_change.h"
#include "services/vsphere-agent/client/vim/network_backing.h"
#include "services/vsphere-agent/client/vim/testing/fake_vcenter.h"
#include "services/vsphere-agent/client/vim/virtual_machine.h"
#include "services/vsphere-agent/client/vim/vm_info.h"
#include "services/vsphere-agent/client/vim/xml_copy.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere::vim {
namespace {

using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using soap::MoRef;
using ::testing::ElementsAre;
using testing::FakeVcenter;
using ::testing::HasSubstr;
using ::testing::SizeIs;

const MoRef kVm{"VirtualMachine", "vm-71"};

TEST(CloneSpecTest, FullCloneWithSizesAndGuestinfo) {
  CloneSpec spec{.name = "web-0",
                 .folder = {"Folder", "folder-3"},
                 .pool = {"ResourcePool", "resgroup-26"},
                 .datastore = {"Datastore", "ds-1"},
                 .power_on = true,
                 .config = {.num_cpus = 2,
                            .memory_mb = 4096,
                            .extra_config = {{"guestinfo.userdata", "I2Nsb3Vk"},
                                             {"guestinfo.userdata.encoding", "base64"}}}};
  EXPECT_EQ(CloneVMTaskBody({"VirtualMachine", "vm-63"}, spec),
            "<_this type=\"VirtualMachine\">vm-63</_this><folder type=\"Folder\">folder-3"
            "</folder><name>web-0</name><spec><location><folder type=\"Folder\">folder-3</folder>"
            "<datastore type=\"Datastore\">ds-1</datastore><pool type=\"ResourcePool\">"
            "resgroup-26</pool></location><template>false</template><config><numCPUs>2"
            "</numCPUs><memoryMB>4096</memoryMB><extraConfig xsi:type=\"OptionValue\"><key>"
            "guestinfo.userdata</key><value xsi:type=\"xsd:string\">I2Nsb3Vk</value>"
            "</extraConfig><extraConfig xsi:type=\"OptionValue\"><key>guestinfo.userdata."
            "encoding</key><value xsi:type=\"xsd:string\">base64</value></extraConfig></config>"
            "<powerOn>true</powerOn></spec>");
}

TEST(CloneSpecTest, LinkedCloneFromASnapshotAsTemplate) {
  std::string body = CloneVMTaskBody({"VirtualMachine", "vm-63"},
                                     {.name = "t",
                                      .folder = {"Folder", "f"},
                                      .snapshot = {"VirtualMachineSnapshot", "snapshot-77"},
                                      .as_template = true});
  EXPECT_THAT(body, HasSubstr("<location><folder type=\"Folder\">f</folder><diskMoveType>"
                              "createNewChildDiskBacking</diskMoveType></location><template>true"
                              "</template><powerOn>false</powerOn><snapshot type=\""
                              "VirtualMachineSnapshot\">snapshot-77</snapshot></spec>"));
  EXPECT_THAT(body, ::testing::Not(HasSubstr("<config>")));
}

TEST(CloneSpecTest, StoragePolicyIsTheRelocateSpecsProfile) {
  std::string body =
      CloneVMTaskBody({"VirtualMachine", "vm-63"}, {.name = "p",
                                                    .folder = {"Folder", "f"},
                                                    .pool = {"ResourcePool", "resgroup-26"},
                                                    .host = {"HostSystem", "host-21"},
                                                    .storage_profile_id = "aa6d5a82-1c88"});
  // After host, in the XSD's order (service, folder, datastore, diskMoveType, pool, host, disk,
  // transform, deviceChange, profile).
  EXPECT_THAT(body, HasSubstr("<pool type=\"ResourcePool\">resgroup-26</pool><host type=\""
                              "HostSystem\">host-21</host><profile xsi:type=\""
                              "VirtualMachineDefinedProfileSpec\"><profileId>aa6d5a82-1c88"
                              "</profileId></profile></location>"));
  EXPECT_THAT(
      CloneVMTaskBody({"VirtualMachine", "vm-63"}, {.name = "q", .folder = {"Folder", "f"}}),
      ::testing::Not(HasSubstr("<profile")));
}

class VmInfoTest : public ::testing::Test {
 protected:
  FakeVcenter vc_;
  VirtualMachine vm_{vc_.client, vc_.content.property_collector, kVm};
};

TEST_F(VmInfoTest, DecodesTheCapturedVm) {
  vc_.Reply("RetrievePropertiesEx", "retrieve_vm_properties.xml");
  absl::StatusOr<VmInfo> info = vm_.Info();
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->name, "cap-vm");
  EXPECT_EQ(info->parent, (MoRef{"Folder", "folder-3"}));
  EXPECT_EQ(info->power_state, "poweredOn");
  EXPECT_THAT(info->guest.ip_address, ::testing::StartsWith("127.42.200."));
  EXPECT_THAT(info->guest.ip_addresses, ElementsAre(info->guest.ip_address));
  EXPECT_FALSE(info->is_template);
  EXPECT_EQ(info->uuid.size(), 36u);
  EXPECT_EQ(info->num_cpus, 1);
  EXPECT_EQ(info->memory_mb, 32);
  EXPECT_EQ(FindOption(info->extra_config, "guestinfo.userdata"), "I2Nsb3VkLWNvbmZpZwo=");
  std::vector<const VirtualDevice*> disks = Disks(info->devices);
  ASSERT_THAT(disks, SizeIs(1));
  EXPECT_GT(disks[0]->capacity_kb, 0);
  EXPECT_THAT(disks[0]->file_name, HasSubstr(".vmdk"));
  std::vector<const VirtualDevice*> nics = EthernetCards(info->devices);
  ASSERT_THAT(nics, SizeIs(1));
  EXPECT_EQ(nics[0]->type, "VirtualE1000");
  EXPECT_EQ(nics[0]->portgroup_key, "dvportgroup-13");  // the simulator's VMs are on DC0_DVPG0
  EXPECT_TRUE(info->current_snapshot.empty());
  EXPECT_THAT(vc_.Bodies("RetrievePropertiesEx"),
              ElementsAre(HasSubstr("<pathSet>config.hardware.device</pathSet>")));
}

TEST_F(VmInfoTest, DecodesTheCurrentSnapshot) {
  soap::Response r = testing::ParseFixture("retrieve_vm_snapshot.xml", "RetrievePropertiesEx");
  absl::StatusOr<RetrieveResult> result = ParseRetrieveResult(r.returnval());
  ASSERT_TRUE(result.ok()) << result.status();
  pugi::xml_document name;
  ASSERT_TRUE(name.load_string("<val>cap-vm</val>"));
  result->objects[0].props.emplace_back("name", name.first_child());
  absl::StatusOr<VmInfo> decoded = DecodeVmInfo(result->objects[0], nullptr);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->current_snapshot.type, "VirtualMachineSnapshot");
  EXPECT_THAT(decoded->current_snapshot.value, ::testing::StartsWith("snapshot-"));
}

TEST_F(VmInfoTest, GuestInfo) {
  soap::Response r = testing::ParseFixture("retrieve_vm_guest.xml", "RetrievePropertiesEx");
  absl::StatusOr<RetrieveResult> result = ParseRetrieveResult(r.returnval());
  ASSERT_TRUE(result.ok());
  absl::StatusOr<GuestInfo> g = DecodeGuestInfo(result->objects[0].Get("guest"));
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->host_name, "cap-vm");
  EXPECT_EQ(g->tools_running_status, "guestToolsRunning");
  EXPECT_EQ(g->guest_state, "running");
  EXPECT_THAT(g->ip_addresses, ElementsAre(g->ip_address));
}

TEST_F(VmInfoTest, EditsTheDiskAndTheNicFromTheDevicesRead) {
  vc_.Reply("RetrievePropertiesEx", "retrieve_vm_properties.xml");
  absl::StatusOr<VmInfo> info = vm_.Info();
  ASSERT_TRUE(info.ok()) << info.status();
  const VirtualDevice& disk = *Disks(info->devices)[0];
  std::string edit = EditDiskCapacity(disk, 20 << 20);
  EXPECT_THAT(edit, HasSubstr("<deviceChange xsi:type=\"VirtualDeviceConfigSpec\"><operation>edit"
                              "</operation><device xsi:type=\"VirtualDisk\"><key>" +
                              std::to_string(disk.key) +
                              "</key><deviceInfo xsi:type=\""
                              "Description\"><label>"));
  EXPECT_THAT(edit, HasSubstr("<capacityInKB>20971520</capacityInKB><capacityInBytes>"
                              "21474836480</capacityInBytes></device></deviceChange>"));
  EXPECT_THAT(edit, ::testing::Not(HasSubstr("XMLSchema-instance")));
  EXPECT_THAT(edit, ::testing::Not(HasSubstr("<profile")));
  EXPECT_THAT(EditDiskCapacity(disk, 20 << 20, "aa6d5a82-1c88"),
              HasSubstr("21474836480</capacityInBytes></device><profile xsi:type=\""
                        "VirtualMachineDefinedProfileSpec\"><profileId>aa6d5a82-1c88</profileId>"
                        "</profile></deviceChange>"));
  const VirtualDevice& nic = *EthernetCards(info->devices)[0];
  std::string nic_edit =
      EditNicBacking(nic, {.network = {"DistributedVirtualPortgroup", "dvportgroup-13"},
                           .switch_uuid = "fea9",
                           .portgroup_key = "dvportgroup-13"});
  EXPECT_THAT(nic_edit, HasSubstr("<device xsi:type=\"" + nic.type + "\"><key>"));
  EXPECT_THAT(nic_edit, HasSubstr("<backing xsi:type=\"VirtualEthernetCardDistributedVirtualPort"
                                  "BackingInfo\"><port><switchUuid>fea9</switchUuid><portgroupKey>"
                                  "dvportgroup-13</portgroupKey></port></backing><connectable>"));
  EXPECT_THAT(AddVmxnet3(-100, {.network = {"Network", "network-7"}, .name = "VM Network"}),
              HasSubstr("<operation>add</operation><device xsi:type=\"VirtualVmxnet3\"><key>-100"
                        "</key><backing xsi:type=\"VirtualEthernetCardNetworkBackingInfo\">"
                        "<deviceName>VM Network</deviceName><network type=\"Network\">network-7"
                        "</network></backing>"));
}

TEST_F(VmInfoTest, PlansTheDiskAndNetworksOfAClone) {
  vc_.Reply("RetrievePropertiesEx", "retrieve_vm_properties.xml");
  absl::StatusOr<VmInfo> info = vm_.Info();
  ASSERT_TRUE(info.ok()) << info.status();
  const VirtualDevice& disk = *Disks(info->devices)[0];
  int64_t gib = disk.CapacityGib();
  NetworkBacking vm_network{.network = {"Network", "network-7"}, .name = "VM Network"};
  NetworkBacking second{.network = {"Network", "network-8"}, .name = "Second"};

  absl::StatusOr<std::vector<std::string>> changes =
      PlanCloneDevices(*info, {.disk_gib = gib + 10, .networks = {vm_network, second}});
  ASSERT_TRUE(changes.ok()) << changes.status();
  ASSERT_THAT(*changes, SizeIs(3));
  EXPECT_THAT((*changes)[0], HasSubstr("<capacityInKB>" + std::to_string((gib + 10) << 20)));
  EXPECT_THAT((*changes)[1], HasSubstr("<operation>edit</operation><device xsi:type=\""
                                       "VirtualE1000\"><key>4000</key>"));
  EXPECT_THAT((*changes)[1], HasSubstr("<network type=\"Network\">network-7</network>"));
  EXPECT_THAT((*changes)[2], HasSubstr("<operation>add</operation><device xsi:type=\""
                                       "VirtualVmxnet3\"><key>-101</key>"));

  // The same size changes nothing; no networks keeps the cards.
  absl::StatusOr<std::vector<std::string>> same = PlanCloneDevices(*info, {.disk_gib = gib});
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_THAT(*same, SizeIs(0));
  EXPECT_THAT(PlanCloneDevices(*info, {.disk_gib = 0}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("is smaller than cap-vm's")));
  EXPECT_THAT(PlanCloneDevices(*info, {.disk_gib = gib + 1, .linked = true}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("a linked clone keeps")));
}

TEST_F(VmInfoTest, RemovesSurplusCards) {
  vc_.Reply("RetrievePropertiesEx", "retrieve_vm_properties.xml");
  absl::StatusOr<VmInfo> info = vm_.Info();
  ASSERT_TRUE(info.ok()) << info.status();
  VmInfo two = *info;
  VirtualDevice extra = *EthernetCards(two.devices)[0];
  extra.key = 4001;
  two.devices.push_back(extra);
  absl::StatusOr<std::vector<std::string>> changes = PlanCloneDevices(
      two, {.networks = {{.network = {"Network", "network-7"}, .name = "VM Network"}}});
  ASSERT_TRUE(changes.ok()) << changes.status();
  ASSERT_THAT(*changes, SizeIs(2));
  EXPECT_EQ((*changes)[1],
            "<deviceChange xsi:type=\"VirtualDeviceConfigSpec\"><operation>remove</operation>"
            "<device xsi:type=\"VirtualE1000\"><key>4001</key></device></deviceChange>");
}

TEST(NetworkBackingTest, ResolvesAPortgroupThroughItsSwitch) {
  FakeVcenter vc;
  vc.Reply("RetrievePropertiesEx", "retrieve_portgroup.xml");
  vc.Reply("RetrievePropertiesEx", "retrieve_dvs_uuid.xml");
  absl::StatusOr<NetworkBacking> b =
      ResolveNetworkBacking(PropertyCollector(vc.client, vc.content.property_collector),
                            {"DistributedVirtualPortgroup", "dvportgroup-13"});
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->name, "DC0_DVPG0");
  EXPECT_EQ(b->portgroup_key, "dvportgroup-13");
  EXPECT_EQ(b->switch_uuid.size(), 36u);
  EXPECT_THAT(ResolveNetworkBacking(PropertyCollector(vc.client, vc.content.property_collector),
                                    {"Folder", "f"}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(VirtualMachineTest, OperationsReturnTheirTask) {
  FakeVcenter vc;
  vc.Reply("PowerOnVM_Task", "power_on_vm_task.xml");
  vc.Reply("PowerOffVM_Task", "power_off_vm_task.xml");
  vc.Reply("ReconfigVM_Task", "reconfig_vm_task.xml");
  vc.Reply("CreateSnapshot_Task", "create_snapshot_task.xml");
  vc.Reply("MarkAsTemplate", "mark_as_template.xml");
  vc.Fault("Destroy_Task", "destroy_task_missing.xml");
  VirtualMachine vm(vc.client, vc.content.property_collector, kVm);
  absl::StatusOr<Task> on = vm.PowerOn();
  ASSERT_TRUE(on.ok()) << on.status();
  EXPECT_EQ(on->ref().type, "Task");
  EXPECT_TRUE(vm.PowerOff().ok());
  EXPECT_TRUE(
      vm.Reconfigure({.num_cpus = 1, .extra_config = {{"guestinfo.metadata", "e30="}}}).ok());
  EXPECT_TRUE(vm.CreateSnapshot("base", "eksa").ok());
  EXPECT_TRUE(vm.MarkAsTemplate().ok());
  EXPECT_THAT(vm.Destroy(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("ManagedObjectNotFound")));
  EXPECT_THAT(vc.Bodies("ReconfigVM_Task"),
              ElementsAre(HasSubstr("<_this type=\"VirtualMachine\">vm-71</_this><spec><numCPUs>1"
                                    "</numCPUs><extraConfig xsi:type=\"OptionValue\">")));
  EXPECT_THAT(vc.Bodies("CreateSnapshot_Task"),
              ElementsAre(HasSubstr("<name>base</name><description>eksa</description><memory>"
                                    "false</memory><quiesce>false</quiesce>")));
}

TEST(VirtualMachineTest, WaitForIpFollowsTheGuestUpdates) {
  FakeVcenter vc;
  vc.Reply("CreatePropertyCollector", "create_property_collector.xml");
  vc.Reply("CreateFilter", "create_filter.xml");
  vc.Reply("WaitForUpdatesEx", "wait_for_updates_vm_enter.xml");  // no address yet
  vc.Reply("WaitForUpdatesEx", "wait_for_updates_vm_ip.xml");
  vc.Reply("DestroyPropertyCollector", "destroy_property_collector.xml");
  VirtualMachine vm(vc.client, vc.content.property_collector, kVm);
  absl::StatusOr<std::string> ip = vm.WaitForIp({});
  ASSERT_TRUE(ip.ok()) << ip.status();
  EXPECT_THAT(*ip, ::testing::StartsWith("127.42.200."));
  EXPECT_THAT(vc.Bodies("CreateFilter"),
              ElementsAre(HasSubstr("<pathSet>guest.ipAddress</pathSet><pathSet>guest.net"
                                    "</pathSet>")));
}

TEST(VirtualMachineTest, WaitForIpTimesOut) {
  FakeVcenter vc;
  FakeClock clock(absl::FromUnixSeconds(100));
  vc.Reply("CreatePropertyCollector", "create_property_collector.xml");
  vc.Reply("CreateFilter", "create_filter.xml");
  vc.Reply("WaitForUpdatesEx", "wait_for_updates_vm_enter.xml")
      .OnCall([&](const transport::Request&) { clock.Advance(absl::Seconds(2)); });
  vc.Reply("WaitForUpdatesEx", "wait_for_updates_timeout.xml")
      .OnCall([&](const transport::Request&) { clock.Advance(absl::Seconds(2)); });
  vc.Reply("DestroyPropertyCollector", "destroy_property_collector.xml");
  VirtualMachine vm(vc.client, vc.content.property_collector, kVm);
  EXPECT_THAT(vm.WaitForIp({.deadline = clock.Now() + absl::Seconds(3), .clock = &clock}),
              StatusIs(absl::StatusCode::kDeadlineExceeded,
                       "waiting for guest.ipAddress, guest.net of VirtualMachine:vm-71: "
                       "deadline exceeded"));
}

TEST(XmlCopyTest, RewritesPrefixesByNamespace) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(
      "<r xmlns:X='http://www.w3.org/2001/XMLSchema-instance' "
      "xmlns:S='http://www.w3.org/2001/XMLSchema'><v X:type='S:string'>a&amp;b</v>"
      "<d X:type='VirtualDisk'><key>1</key><ds type='Datastore'>ds-1</ds></d></r>"));
  EXPECT_EQ(CopyElementToString(doc.first_child().child("v"), "value"),
            "<value xsi:type=\"xsd:string\">a&amp;b</value>");
  EXPECT_EQ(CopyElementToString(doc.first_child().child("d")),
            "<d xsi:type=\"VirtualDisk\"><key>1</key><ds type=\"Datastore\">ds-1</ds></d>");
}

}  // namespace
}  // namespace eksa::vsphere::vim
