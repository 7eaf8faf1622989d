// Reads VSphereDatacenterConfig and VSphereMachineConfig specs.
#include <string>

#include "libs/spec/parse_common.h"

namespace eksa::spec::internal {

void ReadDatacenterSpec(MapReader& spec, VSphereDatacenterConfig& dc) {
  dc.datacenter = spec.String("datacenter");
  dc.server = spec.String("server");
  dc.network = spec.String("network");
  dc.insecure = spec.Bool("insecure");
  dc.thumbprint = spec.String("thumbprint");
  spec.Unsupported("failureDomains",
                   "remove failureDomains; eksa places every machine with its machine config");
  spec.Unsupported("disableCSI", "remove it; EKS Anywhere dropped the CSI driver in v0.17");
}

void ReadMachineSpec(MapReader& spec, VSphereMachineConfig& m) {
  m.datastore = spec.String("datastore");
  m.folder = spec.String("folder");
  m.resource_pool = spec.String("resourcePool");
  m.template_ = spec.String("template");
  m.storage_policy_name = spec.String("storagePolicyName");
  m.clone_mode = spec.String("cloneMode");
  m.disk_gib = spec.Int("diskGiB");
  m.memory_mib = spec.Int("memoryMiB");
  m.num_cpus = spec.Int("numCPUs");
  m.os_family = spec.String("osFamily");
  m.users_pos = spec.pos();
  for (MapReader& u : spec.MapList("users")) {
    UserConfiguration user{.pos = u.pos()};
    user.name = u.String("name");
    user.ssh_authorized_keys = u.StringList("sshAuthorizedKeys");
    u.Finish();
    m.users.push_back(std::move(user));
  }
  m.tag_ids = spec.StringList("tags");
  spec.Unsupported("networks", "remove networks; machines use the datacenter's network");
  spec.Unsupported("hostOSConfiguration");
}

}  // namespace eksa::spec::internal
