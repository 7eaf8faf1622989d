// Pure conversions from what the client library reads of a VM to the proto's Vm, and the choice
// of a VM's address (WaitForIpResponse.ip).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "eksa/vsphere/v1/vsphere_agent.pb.h"
#include "services/vsphere-agent/client/vim/vm_info.h"

namespace eksa::vsphere_agent::backend {

// "poweredOn" → POWER_STATE_POWERED_ON, "poweredOff", "suspended"; anything else (a template's
// empty state) → POWER_STATE_UNSPECIFIED.
::eksa::vsphere::v1::PowerState PowerStateOf(std::string_view vsphere_state);

// The proto Vm of `info`, at inventory path `path`: name, path, moref, power state, addresses
// (IPv4 first), BIOS and instance UUIDs, CPUs, memory, each disk's GiB (rounded up), template.
::eksa::vsphere::v1::Vm ToProtoVm(const vsphere::vim::VmInfo& info, std::string path);

// 127.0.0.0/8 and ::1.
bool IsLoopbackIp(std::string_view ip);
// 169.254.0.0/16 and fe80::/10.
bool IsLinkLocalIp(std::string_view ip);

// The first address of `ips` that is neither link-local nor loopback (loopback allowed when
// `accept_loopback`), IPv4 before IPv6 whatever the order given; "" when none qualifies.
std::string PreferredIp(const std::vector<std::string>& ips, bool accept_loopback);

// `folder_path` + "/" + `name` ("/DC0/vm" + "web-0" → "/DC0/vm/web-0"; "/" + "x" → "/x").
std::string ChildPath(std::string_view folder_path, std::string_view name);

}  // namespace eksa::vsphere_agent::backend
