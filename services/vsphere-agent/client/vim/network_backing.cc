#include "services/vsphere-agent/client/vim/network_backing.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/vim/values.h"

namespace eksa::vsphere::vim {

void WriteNetworkBacking(soap::XmlWriter& w, const NetworkBacking& b) {
  if (b.network.type == "DistributedVirtualPortgroup") {
    w.Open("backing", "VirtualEthernetCardDistributedVirtualPortBackingInfo")
        .Open("port")
        .Element("switchUuid", b.switch_uuid)
        .Element("portgroupKey", b.portgroup_key)
        .Close()
        .Close();
  } else if (b.network.type == "OpaqueNetwork") {
    w.Open("backing", "VirtualEthernetCardOpaqueNetworkBackingInfo")
        .Element("opaqueNetworkId", b.opaque_id)
        .Element("opaqueNetworkType", b.opaque_type)
        .Close();
  } else {
    w.Open("backing", "VirtualEthernetCardNetworkBackingInfo")
        .Element("deviceName", b.name)
        .Ref("network", b.network)
        .Close();
  }
}

absl::StatusOr<NetworkBacking> ResolveNetworkBacking(const PropertyCollector& pc,
                                                     const soap::MoRef& network) {
  NetworkBacking b{.network = network};
  std::string what = absl::StrCat("reading network ", network.ToString());
  if (network.type == "Network") {
    absl::StatusOr<ObjectContents> c = pc.RetrieveOne(network, {"name"});
    if (!c.ok()) return Annotate(c.status(), what);
    absl::StatusOr<std::string> name = DecodeString(c->objects().front().Get("name"));
    if (!name.ok()) return Annotate(name.status(), what);
    b.name = *std::move(name);
    return b;
  }
  if (network.type == "DistributedVirtualPortgroup") {
    absl::StatusOr<ObjectContents> c =
        pc.RetrieveOne(network, {"name", "config.key", "config.distributedVirtualSwitch"});
    if (!c.ok()) return Annotate(c.status(), what);
    const ObjectContent& o = c->objects().front();
    absl::StatusOr<std::string> key = DecodeString(o.Get("config.key"));
    absl::StatusOr<MoRef> dvs = DecodeMoRef(o.Get("config.distributedVirtualSwitch"));
    if (!key.ok()) return Annotate(key.status(), what);
    if (!dvs.ok()) return Annotate(dvs.status(), what);
    b.name = std::string(soap::Text(o.Get("name")));
    b.portgroup_key = *std::move(key);
    absl::StatusOr<ObjectContents> sw = pc.RetrieveOne(*dvs, {"uuid"});
    if (!sw.ok()) return Annotate(sw.status(), what);
    absl::StatusOr<std::string> uuid = DecodeString(sw->objects().front().Get("uuid"));
    if (!uuid.ok()) return Annotate(uuid.status(), what);
    b.switch_uuid = *std::move(uuid);
    return b;
  }
  if (network.type == "OpaqueNetwork") {
    absl::StatusOr<ObjectContents> c =
        pc.RetrieveOne(network, {"name", "summary.opaqueNetworkId", "summary.opaqueNetworkType"});
    if (!c.ok()) return Annotate(c.status(), what);
    const ObjectContent& o = c->objects().front();
    b.name = std::string(soap::Text(o.Get("name")));
    b.opaque_id = std::string(soap::Text(o.Get("summary.opaqueNetworkId")));
    b.opaque_type = std::string(soap::Text(o.Get("summary.opaqueNetworkType")));
    return b;
  }
  return absl::InvalidArgumentError(absl::StrCat(network.ToString(), " is not a network"));
}

}  // namespace eksa::vsphere::vim
