#include "services/vsphere-agent/backend/clone_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "absl/strings/escaping.h"
#include "services/vsphere-agent/client/vim/virtual_device.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent::backend {
namespace {

namespace v1 = ::eksa::vsphere::v1;
namespace vim = vsphere::vim;
using ::eksa::testing::IsOk;
using ::eksa::testing::StatusIs;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

// A template with a 20 GiB disk and one vmxnet3 card on "VM Network" (network-7).
constexpr char kDevices[] = R"(<val xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:type="ArrayOfVirtualDevice">
  <VirtualDevice xsi:type="VirtualDisk"><key>2000</key>
    <deviceInfo><label>Hard disk 1</label><summary>20 GB</summary></deviceInfo>
    <backing xsi:type="VirtualDiskFlatVer2BackingInfo"><fileName>[ds] t/t.vmdk</fileName>
      <diskMode>persistent</diskMode></backing>
    <controllerKey>1000</controllerKey><unitNumber>0</unitNumber>
    <capacityInKB>20971520</capacityInKB><capacityInBytes>21474836480</capacityInBytes>
  </VirtualDevice>
  <VirtualDevice xsi:type="VirtualVmxnet3"><key>4000</key>
    <deviceInfo><label>Network adapter 1</label><summary>VM Network</summary></deviceInfo>
    <backing xsi:type="VirtualEthernetCardNetworkBackingInfo"><deviceName>VM Network</deviceName>
      <network type="Network">network-7</network></backing>
    <controllerKey>100</controllerKey><unitNumber>7</unitNumber>
  </VirtualDevice>
</val>)";

class ClonePlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(doc_.load_string(kDevices));
    absl::StatusOr<std::vector<vim::VirtualDevice>> devices =
        vim::DecodeDevices(doc_.first_child());
    ASSERT_THAT(devices, IsOk());
    source_.ref = {.type = "VirtualMachine", .value = "vm-tmpl"};
    source_.devices = *devices;
    request_.set_request_id("req-1");
    request_.set_vm_name("lab-md-0-1");
    request_.set_template_("/DC0/vm/Templates/t");
    request_.set_resource_pool("*/Resources");
    request_.add_networks("VM Network");
    request_.set_clone_mode(v1::CLONE_MODE_FULL);
    request_.set_num_cpus(4);
    request_.set_memory_mib(8192);
    request_.set_disk_gib(20);
  }

  CloneInputs Inputs() {
    return {
        .request = &request_,
        .source = &source_,
        .template_path = "/DC0/vm/Templates/t",
        .folder = {{.type = "Folder", .value = "group-v9"}, "/DC0/vm/lab"},
        .pool = {{.type = "ResourcePool", .value = "resgroup-26"}, "/DC0/host/C0/Resources"},
        .datastore = {{.type = "Datastore", .value = "ds-1"}, "/DC0/datastore/ds1"},
        .networks = {{.network = {.type = "Network", .value = "network-7"}, .name = "VM Network"}}};
  }

  pugi::xml_document doc_;
  vim::VmInfo source_;
  v1::CreateVmRequest request_;
};

TEST_F(ClonePlanTest, FullCloneOfTheSameSizeOnTheSameNetworkChangesNoDevice) {
  absl::StatusOr<vim::CloneSpec> spec = BuildCloneSpec(Inputs());
  ASSERT_THAT(spec, IsOk());
  EXPECT_EQ(spec->name, "lab-md-0-1");
  EXPECT_EQ(spec->folder.value, "group-v9");
  EXPECT_EQ(spec->pool.value, "resgroup-26");
  EXPECT_EQ(spec->datastore.value, "ds-1");
  EXPECT_TRUE(spec->snapshot.empty());
  EXPECT_FALSE(spec->power_on);
  EXPECT_EQ(spec->config.num_cpus, 4);
  EXPECT_EQ(spec->config.memory_mb, 8192);
  EXPECT_THAT(spec->config.device_changes, IsEmpty());
}

TEST_F(ClonePlanTest, FullCloneGrowsTheFirstDisk) {
  request_.set_disk_gib(25);
  absl::StatusOr<vim::CloneSpec> spec = BuildCloneSpec(Inputs());
  ASSERT_THAT(spec, IsOk());
  ASSERT_THAT(spec->config.device_changes, SizeIs(1));
  EXPECT_THAT(spec->config.device_changes[0], HasSubstr("<operation>edit</operation>"));
  EXPECT_THAT(spec->config.device_changes[0], HasSubstr("<key>2000</key>"));
  EXPECT_THAT(spec->config.device_changes[0], HasSubstr("<capacityInKB>26214400</capacityInKB>"));
}

TEST_F(ClonePlanTest, FullCloneSmallerThanTheTemplateIsRejected) {
  request_.set_disk_gib(10);
  EXPECT_THAT(BuildCloneSpec(Inputs()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "disk_gib: 10 GiB is smaller than the 20 GiB disk of template "
                       "/DC0/vm/Templates/t"));
}

TEST_F(ClonePlanTest, LinkedCloneNeedsASnapshot) {
  request_.set_clone_mode(v1::CLONE_MODE_LINKED);
  EXPECT_THAT(BuildCloneSpec(Inputs()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("template /DC0/vm/Templates/t has no snapshot")));
  source_.current_snapshot = {.type = "VirtualMachineSnapshot", .value = "snapshot-3"};
  absl::StatusOr<vim::CloneSpec> spec = BuildCloneSpec(Inputs());
  ASSERT_THAT(spec, IsOk());
  EXPECT_EQ(spec->snapshot.value, "snapshot-3");
}

TEST_F(ClonePlanTest, AnUnsetModeIsLinkedOnlyWithASnapshotAndTheTemplatesDiskSize) {
  request_.set_clone_mode(v1::CLONE_MODE_UNSPECIFIED);
  absl::StatusOr<vim::CloneSpec> spec = BuildCloneSpec(Inputs());  // no snapshot: full
  ASSERT_THAT(spec, IsOk());
  EXPECT_TRUE(spec->snapshot.empty());
  source_.current_snapshot = {.type = "VirtualMachineSnapshot", .value = "snapshot-3"};
  for (int64_t disk : {0, 20}) {  // unset or the template's size: linked
    request_.set_disk_gib(disk);
    spec = BuildCloneSpec(Inputs());
    ASSERT_THAT(spec, IsOk());
    EXPECT_EQ(spec->snapshot.value, "snapshot-3") << disk;
  }
  request_.set_disk_gib(25);  // grown: full, and the disk is edited
  spec = BuildCloneSpec(Inputs());
  ASSERT_THAT(spec, IsOk());
  EXPECT_TRUE(spec->snapshot.empty());
  ASSERT_THAT(spec->config.device_changes, SizeIs(1));
  EXPECT_THAT(spec->config.device_changes[0], HasSubstr("<capacityInKB>26214400</capacityInKB>"));
}

TEST_F(ClonePlanTest, LinkedCloneKeepsTheTemplatesDiskSize) {
  request_.set_clone_mode(v1::CLONE_MODE_LINKED);
  source_.current_snapshot = {.type = "VirtualMachineSnapshot", .value = "snapshot-3"};
  request_.set_disk_gib(30);
  EXPECT_THAT(BuildCloneSpec(Inputs()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("a linked clone keeps the template's disk size: 30 GiB asked, "
                                 "template /DC0/vm/Templates/t has 20 GiB")));
}

TEST_F(ClonePlanTest, NetworksEditOrAddCards) {
  CloneInputs in = Inputs();
  in.networks[0] = {.network = {.type = "Network", .value = "network-99"}, .name = "Other"};
  in.networks.push_back({.network = {.type = "DistributedVirtualPortgroup", .value = "dvpg-13"},
                         .switch_uuid = "50 2a",
                         .portgroup_key = "dvportgroup-13"});
  absl::StatusOr<vim::CloneSpec> spec = BuildCloneSpec(in);
  ASSERT_THAT(spec, IsOk());
  ASSERT_THAT(spec->config.device_changes, SizeIs(2));
  EXPECT_THAT(spec->config.device_changes[0], HasSubstr("<key>4000</key>"));
  EXPECT_THAT(spec->config.device_changes[0], HasSubstr(">network-99</network>"));
  EXPECT_THAT(spec->config.device_changes[1], HasSubstr("<operation>add</operation>"));
  EXPECT_THAT(spec->config.device_changes[1], HasSubstr("<portgroupKey>dvportgroup-13"));
}

TEST_F(ClonePlanTest, GuestinfoIsBase64WithEncodingsAndEksaKeys) {
  request_.set_userdata("#cloud-config\njoin: token\n");
  request_.set_metadata("instance-id: lab-md-0-1\n");
  absl::StatusOr<vim::CloneSpec> spec = BuildCloneSpec(Inputs());
  ASSERT_THAT(spec, IsOk());
  const auto& extra = spec->config.extra_config;
  EXPECT_THAT(extra,
              Contains(vim::OptionValue{"guestinfo.userdata",
                                        absl::Base64Escape("#cloud-config\njoin: token\n")}));
  EXPECT_THAT(extra, Contains(vim::OptionValue{"guestinfo.userdata.encoding", "base64"}));
  EXPECT_THAT(extra, Contains(vim::OptionValue{"guestinfo.metadata",
                                               absl::Base64Escape("instance-id: lab-md-0-1\n")}));
  EXPECT_THAT(extra, Contains(vim::OptionValue{"guestinfo.metadata.encoding", "base64"}));
  EXPECT_THAT(extra, Contains(vim::OptionValue{"eksa.template", "vm-tmpl"}));
  EXPECT_THAT(extra, Contains(vim::OptionValue{"eksa.requestId", "req-1"}));
}

TEST_F(ClonePlanTest, NoGuestinfoKeysWithoutUserdata) {
  absl::StatusOr<vim::CloneSpec> spec = BuildCloneSpec(Inputs());
  ASSERT_THAT(spec, IsOk());
  for (const vim::OptionValue& o : spec->config.extra_config) {
    EXPECT_THAT(o.key, Not(HasSubstr("guestinfo")));
  }
}

TEST(ValidateCreateVmTest, NamesTheField) {
  struct Case {
    std::function<void(v1::CreateVmRequest&)> edit;
    std::string want;
  };
  const Case cases[] = {
      {[](auto& r) { r.clear_vm_name(); }, "vm_name: empty"},
      {[](auto& r) { r.set_vm_name(std::string(81, 'x')); }, "longer than 80 characters"},
      {[](auto& r) { r.clear_template_(); }, "template: empty"},
      {[](auto& r) { r.clear_resource_pool(); }, "resource_pool: empty"},
      {[](auto& r) { r.clear_networks(); }, "networks: at least one network is required"},
      {[](auto& r) { r.add_networks(""); }, "networks[1]: empty"},
      {[](auto& r) { r.set_num_cpus(-1); }, "num_cpus: negative"},
      {[](auto& r) { r.set_memory_mib(-1); }, "memory_mib: negative"},
      {[](auto& r) { r.set_disk_gib(-1); }, "disk_gib: negative"},
  };
  for (const Case& c : cases) {
    v1::CreateVmRequest r;
    r.set_vm_name("x");
    r.set_template_("t");
    r.set_resource_pool("p");
    r.add_networks("n");
    r.set_clone_mode(v1::CLONE_MODE_FULL);
    EXPECT_THAT(ValidateCreateVm(r), IsOk());
    c.edit(r);
    EXPECT_THAT(ValidateCreateVm(r),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.want)))
        << c.want;
  }
}

}  // namespace
}  // namespace eksa::vsphere_agent::backend
