#include "services/vsphere-agent/client/vim/clone_spec.h"

#include <utility>

#include "services/vsphere-agent/client/soap/xml_writer.h"
#include "services/vsphere-agent/client/vim/device_change.h"

namespace eksa::vsphere::vim {

std::string CloneVMTaskBody(const soap::MoRef& source, const CloneSpec& spec) {
  soap::XmlWriter w;
  w.This(source).Ref("folder", spec.folder).Element("name", spec.name);
  w.Open("spec").Open("location");
  if (!spec.folder.empty()) w.Ref("folder", spec.folder);
  if (!spec.datastore.empty()) w.Ref("datastore", spec.datastore);
  if (!spec.snapshot.empty()) w.Element("diskMoveType", "createNewChildDiskBacking");
  if (!spec.pool.empty()) w.Ref("pool", spec.pool);
  if (!spec.host.empty()) w.Ref("host", spec.host);
  if (!spec.storage_profile_id.empty()) WriteDefinedProfileSpec(w, spec.storage_profile_id);
  w.Close();
  w.Element("template", spec.as_template);
  if (!spec.config.empty()) WriteConfigSpec(w, "config", spec.config);
  w.Element("powerOn", spec.power_on);
  if (!spec.snapshot.empty()) w.Ref("snapshot", spec.snapshot);
  w.Close();
  return std::move(w).Finish();
}

}  // namespace eksa::vsphere::vim
