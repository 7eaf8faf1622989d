#include "services/vsphere-agent/backend/vm_proto.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pugixml.hpp>

namespace eksa::vsphere_agent::backend {
namespace {

namespace v1 = ::eksa::vsphere::v1;
using ::testing::ElementsAre;

TEST(PowerStateOfTest, MapsVsphereStates) {
  EXPECT_EQ(PowerStateOf("poweredOn"), v1::POWER_STATE_POWERED_ON);
  EXPECT_EQ(PowerStateOf("poweredOff"), v1::POWER_STATE_POWERED_OFF);
  EXPECT_EQ(PowerStateOf("suspended"), v1::POWER_STATE_SUSPENDED);
  EXPECT_EQ(PowerStateOf(""), v1::POWER_STATE_UNSPECIFIED);
}

TEST(ToProtoVmTest, CopiesIdentitySizeAndDisksRoundedUp) {
  vsphere::vim::VmInfo info;
  info.ref = {.type = "VirtualMachine", .value = "vm-42"};
  info.name = "lab-md-0-1";
  info.power_state = "poweredOn";
  info.guest.ip_addresses = {"10.0.0.5", "fe80::1"};
  info.uuid = "4203-bios";
  info.instance_uuid = "5003-instance";
  info.num_cpus = 4;
  info.memory_mb = 8192;
  info.devices.push_back({.type = "VirtualDisk", .key = 2000, .capacity_kb = 20 << 20});
  info.devices.push_back({.type = "VirtualVmxnet3", .key = 4000});
  info.devices.push_back({.type = "VirtualDisk", .key = 2001, .capacity_kb = (2 << 20) + 1});
  v1::Vm vm = ToProtoVm(info, "/DC0/vm/lab/lab-md-0-1");
  EXPECT_EQ(vm.name(), "lab-md-0-1");
  EXPECT_EQ(vm.path(), "/DC0/vm/lab/lab-md-0-1");
  EXPECT_EQ(vm.moref(), "vm-42");
  EXPECT_EQ(vm.power_state(), v1::POWER_STATE_POWERED_ON);
  EXPECT_THAT(vm.ip_addresses(), ElementsAre("10.0.0.5", "fe80::1"));
  EXPECT_EQ(vm.uuid(), "4203-bios");
  EXPECT_EQ(vm.instance_uuid(), "5003-instance");
  EXPECT_EQ(vm.num_cpus(), 4);
  EXPECT_EQ(vm.memory_mib(), 8192);
  EXPECT_THAT(vm.disks_gib(), ElementsAre(20, 3));
  EXPECT_FALSE(vm.is_template());
}

TEST(ToProtoVmTest, TemplatesHaveNoPowerState) {
  vsphere::vim::VmInfo info;
  info.is_template = true;
  info.power_state = "poweredOff";
  v1::Vm vm = ToProtoVm(info, "/DC0/vm/Templates/t");
  EXPECT_TRUE(vm.is_template());
  EXPECT_EQ(vm.power_state(), v1::POWER_STATE_UNSPECIFIED);
}

TEST(IpTest, LoopbackAndLinkLocal) {
  EXPECT_TRUE(IsLoopbackIp("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackIp("127.44.100.7"));
  EXPECT_TRUE(IsLoopbackIp("::1"));
  EXPECT_FALSE(IsLoopbackIp("10.0.0.1"));
  EXPECT_FALSE(IsLoopbackIp("not an ip"));
  EXPECT_TRUE(IsLinkLocalIp("169.254.10.1"));
  EXPECT_TRUE(IsLinkLocalIp("fe80::250:56ff:fe9a:1"));
  EXPECT_FALSE(IsLinkLocalIp("192.168.1.1"));
  EXPECT_FALSE(IsLinkLocalIp("2001:db8::1"));
}

TEST(PreferredIpTest, SkipsLinkLocalAndLoopbackAndPrefersIpv4) {
  EXPECT_EQ(PreferredIp({"fe80::1", "2001:db8::5", "169.254.0.9", "10.1.2.3"}, false), "10.1.2.3");
  EXPECT_EQ(PreferredIp({"127.0.0.1", "2001:db8::5"}, false), "2001:db8::5");
  EXPECT_EQ(PreferredIp({"127.0.0.1", "::1", "fe80::1"}, false), "");
  EXPECT_EQ(PreferredIp({"", "127.44.100.3"}, true), "127.44.100.3");
  EXPECT_EQ(PreferredIp({}, true), "");
}

TEST(ChildPathTest, JoinsOnce) {
  EXPECT_EQ(ChildPath("/DC0/vm", "x"), "/DC0/vm/x");
  EXPECT_EQ(ChildPath("/DC0/vm/", "x"), "/DC0/vm/x");
  EXPECT_EQ(ChildPath("/", "x"), "/x");
}

}  // namespace
}  // namespace eksa::vsphere_agent::backend
