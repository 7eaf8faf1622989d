// VirtualMachineCloneSpec: where a clone goes and what changes (CloneVM_Task's `spec`).
//
//   CloneSpec spec{.name = "web-0", .folder = folder, .pool = pool, .datastore = ds,
//                  .config = {.num_cpus = 2, .memory_mb = 4096,
//                             .extra_config = {{"guestinfo.userdata", b64}}}};
//   // linked clone off the template's current snapshot:
//   spec.snapshot = template_info.current_snapshot;
#pragma once

#include <string>

#include "services/vsphere-agent/client/soap/moref.h"
#include "services/vsphere-agent/client/vim/config_spec.h"

namespace eksa::vsphere::vim {

struct CloneSpec {
  std::string name;    // the new VM's name
  soap::MoRef folder;  // required: the VM folder to create it in
  // RelocateSpec: each optional (empty = as the source). A template has no pool: cloning one
  // into a VM needs `pool`.
  soap::MoRef pool;
  soap::MoRef datastore;
  soap::MoRef host;
  // When set: a linked clone from this snapshot of the source (RelocateSpec.diskMoveType
  // "createNewChildDiskBacking"; the disks keep the source's size).
  soap::MoRef snapshot;
  // When set: the storage policy (a PBM profile id, client/pbm) of the clone's home, as
  // RelocateSpec.profile = [VirtualMachineDefinedProfileSpec{profileId}] (what CAPV sets). Disks
  // the config edits carry it on their own deviceChange (device_change.h).
  std::string storage_profile_id;
  bool as_template = false;  // the clone is a template
  bool power_on = false;     // power the clone on (vCenter does it before the task ends)
  ConfigSpec config;         // sizes, devices, extraConfig; empty = none sent
};

// The children of CloneVM_Task: <_this>, <folder>, <name>, <spec>.
std::string CloneVMTaskBody(const soap::MoRef& source, const CloneSpec& spec);

}  // namespace eksa::vsphere::vim
