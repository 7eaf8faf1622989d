// The clone plan with a resolved storage policy: the profile goes into the RelocateSpec and onto
// the edit of the disk it grows; without one nothing mentions a profile. (Resolving the name is
// client/pbm's unit tests and storage_policy_integration_test.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "services/vsphere-agent/backend/clone_plan.h"
#include "services/vsphere-agent/client/vim/clone_spec.h"
#include "services/vsphere-agent/client/vim/virtual_device.h"
#include "tests/testing/status_matchers.h"

namespace eksa::vsphere_agent::backend {
namespace {

namespace v1 = ::eksa::vsphere::v1;
namespace vim = vsphere::vim;
using ::eksa::testing::IsOk;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

// A template with one 20 GiB disk.
constexpr char kDevices[] = R"(<val xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:type="ArrayOfVirtualDevice">
  <VirtualDevice xsi:type="VirtualDisk"><key>2000</key>
    <deviceInfo><label>Hard disk 1</label><summary>20 GB</summary></deviceInfo>
    <backing xsi:type="VirtualDiskFlatVer2BackingInfo"><fileName>[ds] t/t.vmdk</fileName>
      <diskMode>persistent</diskMode></backing>
    <controllerKey>1000</controllerKey><unitNumber>0</unitNumber>
    <capacityInKB>20971520</capacityInKB><capacityInBytes>21474836480</capacityInBytes>
  </VirtualDevice>
</val>)";

constexpr char kProfileId[] = "aa6d5a82-1c88-45da-85d3-3d74b91a5bad";
constexpr char kProfileXml[] =
    "<profile xsi:type=\"VirtualMachineDefinedProfileSpec\"><profileId>"
    "aa6d5a82-1c88-45da-85d3-3d74b91a5bad</profileId></profile>";

class StoragePolicyPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(doc_.load_string(kDevices));
    absl::StatusOr<std::vector<vim::VirtualDevice>> devices =
        vim::DecodeDevices(doc_.first_child());
    ASSERT_THAT(devices, IsOk());
    source_.ref = {.type = "VirtualMachine", .value = "vm-tmpl"};
    source_.devices = *devices;
    request_.set_vm_name("lab-md-0-1");
    request_.set_template_("/DC0/vm/t");
    request_.set_resource_pool("*/Resources");
    request_.add_networks("VM Network");
    request_.set_clone_mode(v1::CLONE_MODE_FULL);
    request_.set_storage_policy_name("vSAN Default Storage Policy");
  }

  CloneInputs Inputs(std::string profile_id) {
    CloneInputs in{.request = &request_,
                   .source = &source_,
                   .template_path = "/DC0/vm/t",
                   .folder = {{.type = "Folder", .value = "group-v9"}, "/DC0/vm"},
                   .pool = {{.type = "ResourcePool", .value = "resgroup-26"}, "/DC0/host/C0"}};
    in.storage_profile_id = std::move(profile_id);
    return in;
  }

  pugi::xml_document doc_;
  vim::VmInfo source_;
  v1::CreateVmRequest request_;
};

TEST_F(StoragePolicyPlanTest, ProfileInTheRelocateSpecAndOnTheGrownDisk) {
  request_.set_disk_gib(40);
  absl::StatusOr<vim::CloneSpec> spec = BuildCloneSpec(Inputs(kProfileId));
  ASSERT_THAT(spec, IsOk());
  EXPECT_EQ(spec->storage_profile_id, kProfileId);
  ASSERT_THAT(spec->config.device_changes, SizeIs(1));
  EXPECT_THAT(spec->config.device_changes[0],
              HasSubstr(std::string("<capacityInKB>41943040</capacityInKB><capacityInBytes>"
                                    "42949672960</capacityInBytes></device>") +
                        kProfileXml + "</deviceChange>"));
  const std::string body = vim::CloneVMTaskBody(source_.ref, *spec);
  EXPECT_THAT(body, HasSubstr(std::string("<pool type=\"ResourcePool\">resgroup-26</pool>") +
                              kProfileXml + "</location>"));
}

TEST_F(StoragePolicyPlanTest, ProfileWithoutADiskEditIsOnlyInTheRelocateSpec) {
  absl::StatusOr<vim::CloneSpec> spec = BuildCloneSpec(Inputs(kProfileId));
  ASSERT_THAT(spec, IsOk());
  EXPECT_THAT(spec->config.device_changes, SizeIs(0));
  EXPECT_THAT(vim::CloneVMTaskBody(source_.ref, *spec),
              HasSubstr(std::string(kProfileXml) + "</location>"));
}

TEST_F(StoragePolicyPlanTest, NoProfileMentionedWithoutOne) {
  request_.clear_storage_policy_name();
  request_.set_disk_gib(40);
  absl::StatusOr<vim::CloneSpec> spec = BuildCloneSpec(Inputs(""));
  ASSERT_THAT(spec, IsOk());
  EXPECT_THAT(vim::CloneVMTaskBody(source_.ref, *spec), Not(HasSubstr("<profile")));
}

}  // namespace
}  // namespace eksa::vsphere_agent::backend
