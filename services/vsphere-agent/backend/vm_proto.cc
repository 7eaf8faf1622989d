#include "services/vsphere-agent/backend/vm_proto.h"

#include <arpa/inet.h>

#include <string>

namespace eksa::vsphere_agent::backend {

namespace v1 = ::eksa::vsphere::v1;

v1::PowerState PowerStateOf(std::string_view state) {
  if (state == "poweredOn") return v1::POWER_STATE_POWERED_ON;
  if (state == "poweredOff") return v1::POWER_STATE_POWERED_OFF;
  if (state == "suspended") return v1::POWER_STATE_SUSPENDED;
  return v1::POWER_STATE_UNSPECIFIED;
}

v1::Vm ToProtoVm(const vsphere::vim::VmInfo& info, std::string path) {
  v1::Vm vm;
  vm.set_name(info.name);
  vm.set_path(std::move(path));
  vm.set_moref(info.ref.value);
  vm.set_power_state(info.is_template ? v1::POWER_STATE_UNSPECIFIED
                                      : PowerStateOf(info.power_state));
  for (const std::string& ip : info.guest.ip_addresses) vm.add_ip_addresses(ip);
  vm.set_uuid(info.uuid);
  vm.set_instance_uuid(info.instance_uuid);
  vm.set_num_cpus(info.num_cpus);
  vm.set_memory_mib(info.memory_mb);
  for (const vsphere::vim::VirtualDevice* disk : vsphere::vim::Disks(info.devices)) {
    vm.add_disks_gib(disk->CapacityGib());
  }
  vm.set_is_template(info.is_template);
  return vm;
}

bool IsLoopbackIp(std::string_view ip) {
  const std::string s(ip);
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return inet_pton(AF_INET6, s.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

bool IsLinkLocalIp(std::string_view ip) {
  const std::string s(ip);
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 16) == 0xA9FE;
  in6_addr v6{};
  return inet_pton(AF_INET6, s.c_str(), &v6) == 1 && IN6_IS_ADDR_LINKLOCAL(&v6);
}

std::string PreferredIp(const std::vector<std::string>& ips, bool accept_loopback) {
  std::string v6;
  for (const std::string& ip : ips) {
    if (ip.empty() || IsLinkLocalIp(ip) || (!accept_loopback && IsLoopbackIp(ip))) continue;
    in_addr v4{};
    if (inet_pton(AF_INET, ip.c_str(), &v4) == 1) return ip;
    in6_addr a6{};
    if (v6.empty() && inet_pton(AF_INET6, ip.c_str(), &a6) == 1) v6 = ip;
  }
  return v6;
}

std::string ChildPath(std::string_view folder_path, std::string_view name) {
  std::string path(folder_path);
  while (!path.empty() && path.back() == '/') path.pop_back();
  return path + "/" + std::string(name);
}

}  // namespace eksa::vsphere_agent::backend
