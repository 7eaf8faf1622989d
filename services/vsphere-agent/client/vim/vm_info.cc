#include "services/vsphere-agent/client/vim/vm_info.h"

#include <algorithm>
#include <utility>

#include "libs/common/status.h"
#include "services/vsphere-agent/client/soap/xml.h"

namespace eksa::vsphere::vim {
namespace {

void AddAddress(std::vector<std::string>& out, std::string_view ip) {
  if (ip.empty() || std::find(out.begin(), out.end(), ip) != out.end()) return;
  out.emplace_back(ip);
}

void Ipv4First(std::vector<std::string>& ips) {
  std::stable_partition(ips.begin(), ips.end(),
                        [](const std::string& ip) { return ip.find(':') == std::string::npos; });
}

}  // namespace

const std::vector<std::string>& VmInfoPaths(bool with_extra_config) {
  static const auto* const kWithout = new std::vector<std::string>{"name",
                                                                   "parent",
                                                                   "runtime.powerState",
                                                                   "guest.ipAddress",
                                                                   "guest.net",
                                                                   "config.template",
                                                                   "config.uuid",
                                                                   "config.instanceUuid",
                                                                   "config.guestId",
                                                                   "config.hardware.numCPU",
                                                                   "config.hardware.memoryMB",
                                                                   "config.hardware.device",
                                                                   "snapshot"};
  static const auto* const kWith = [] {
    auto* paths = new std::vector<std::string>(*kWithout);
    paths->push_back("config.extraConfig");
    return paths;
  }();
  return with_extra_config ? *kWith : *kWithout;
}

std::vector<std::string> DecodeGuestNetAddresses(pugi::xml_node val) {
  std::vector<std::string> ips;
  // ArrayOfGuestNicInfo holds <GuestNicInfo>; the `net` field of a GuestInfo repeats <net>.
  for (pugi::xml_node nic : val.children()) {
    if (nic.type() != pugi::node_element) continue;
    for (pugi::xml_node ip : soap::Children(nic, "ipAddress")) AddAddress(ips, soap::Text(ip));
  }
  Ipv4First(ips);
  return ips;
}

absl::StatusOr<GuestInfo> DecodeGuestInfo(pugi::xml_node val) {
  if (!val) return absl::InternalError("decoding GuestInfo: absent");
  GuestInfo g;
  g.ip_address = std::string(soap::ChildText(val, "ipAddress"));
  g.host_name = std::string(soap::ChildText(val, "hostName"));
  g.tools_running_status = std::string(soap::ChildText(val, "toolsRunningStatus"));
  g.guest_state = std::string(soap::ChildText(val, "guestState"));
  for (pugi::xml_node nic : soap::Children(val, "net")) {
    for (pugi::xml_node ip : soap::Children(nic, "ipAddress")) {
      AddAddress(g.ip_addresses, soap::Text(ip));
    }
  }
  AddAddress(g.ip_addresses, g.ip_address);
  Ipv4First(g.ip_addresses);
  return g;
}

absl::StatusOr<VmInfo> DecodeVmInfo(const ObjectContent& c,
                                    std::shared_ptr<const ObjectContents> source) {
  VmInfo vm{.ref = c.obj, .source = std::move(source)};
  auto annotate = [&](const absl::Status& s) { return Annotate(s, "reading " + c.obj.ToString()); };
  if (absl::Status s = c.MissingStatus(); !s.ok()) return s;
  absl::StatusOr<std::string> name = DecodeString(c.Get("name"));
  if (!name.ok()) return annotate(name.status());
  vm.name = *std::move(name);
  if (pugi::xml_node parent = c.Get("parent")) {
    absl::StatusOr<MoRef> p = DecodeMoRef(parent);
    if (!p.ok()) return annotate(p.status());
    vm.parent = *std::move(p);
  }
  vm.power_state = std::string(soap::Text(c.Get("runtime.powerState")));
  vm.guest.ip_address = std::string(soap::Text(c.Get("guest.ipAddress")));
  if (pugi::xml_node net = c.Get("guest.net")) vm.guest.ip_addresses = DecodeGuestNetAddresses(net);
  AddAddress(vm.guest.ip_addresses, vm.guest.ip_address);
  Ipv4First(vm.guest.ip_addresses);
  if (pugi::xml_node t = c.Get("config.template")) {
    absl::StatusOr<bool> b = DecodeBool(t);
    if (!b.ok()) return annotate(b.status());
    vm.is_template = *b;
  }
  vm.uuid = std::string(soap::Text(c.Get("config.uuid")));
  vm.instance_uuid = std::string(soap::Text(c.Get("config.instanceUuid")));
  vm.guest_id = std::string(soap::Text(c.Get("config.guestId")));
  if (pugi::xml_node n = c.Get("config.hardware.numCPU")) {
    absl::StatusOr<int64_t> v = DecodeInt(n);
    if (!v.ok()) return annotate(v.status());
    vm.num_cpus = static_cast<int32_t>(*v);
  }
  if (pugi::xml_node n = c.Get("config.hardware.memoryMB")) {
    absl::StatusOr<int64_t> v = DecodeInt(n);
    if (!v.ok()) return annotate(v.status());
    vm.memory_mb = *v;
  }
  if (pugi::xml_node d = c.Get("config.hardware.device")) {
    absl::StatusOr<std::vector<VirtualDevice>> devices = DecodeDevices(d);
    if (!devices.ok()) return annotate(devices.status());
    vm.devices = *std::move(devices);
  }
  if (pugi::xml_node e = c.Get("config.extraConfig")) {
    absl::StatusOr<std::vector<OptionValue>> options = DecodeOptionValues(e);
    if (!options.ok()) return annotate(options.status());
    vm.extra_config = *std::move(options);
  }
  if (pugi::xml_node s = c.Get("snapshot")) {
    absl::StatusOr<MoRef> current = soap::ParseOptionalMoRef(s, "currentSnapshot");
    if (!current.ok()) return annotate(current.status());
    vm.current_snapshot = *std::move(current);
  }
  return vm;
}

}  // namespace eksa::vsphere::vim
