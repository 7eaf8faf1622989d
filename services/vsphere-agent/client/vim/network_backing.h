// How a network card is attached to a network: the backing of a VirtualEthernetCard, which
// depends on the network's type.
//
//   network type                  backing written
//   Network (standard port group) VirtualEthernetCardNetworkBackingInfo{deviceName, network}
//   DistributedVirtualPortgroup   VirtualEthernetCardDistributedVirtualPortBackingInfo
//                                   {port{switchUuid, portgroupKey}}
//   OpaqueNetwork                 VirtualEthernetCardOpaqueNetworkBackingInfo
//                                   {opaqueNetworkId, opaqueNetworkType}
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"
#include "services/vsphere-agent/client/vim/property_collector.h"

namespace eksa::vsphere::vim {

struct NetworkBacking {
  soap::MoRef network;        // the Network / DistributedVirtualPortgroup / OpaqueNetwork
  std::string name;           // Network: its name (deviceName)
  std::string switch_uuid;    // DistributedVirtualPortgroup: the switch's uuid
  std::string portgroup_key;  // DistributedVirtualPortgroup: config.key
  std::string opaque_id;      // OpaqueNetwork: summary.opaqueNetworkId
  std::string opaque_type;    // OpaqueNetwork: summary.opaqueNetworkType
};

// Writes <backing xsi:type="…">…</backing> for `backing`.
void WriteNetworkBacking(soap::XmlWriter& w, const NetworkBacking& backing);

// Reads what the backing of `network` needs (its name; or the port group key and its switch's
// uuid: two calls; or the opaque network's id and type). kInvalidArgument for an object that is
// not a network; the calls' errors.
[[nodiscard]] absl::StatusOr<NetworkBacking> ResolveNetworkBacking(const PropertyCollector& pc,
                                                                   const soap::MoRef& network);

}  // namespace eksa::vsphere::vim
