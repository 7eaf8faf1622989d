#include "services/vsphere-agent/backend/privileges.h"

#include <string>

#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"

namespace eksa::vsphere_agent::backend {

const std::vector<std::string>& GlobalPrivileges() {
  static const auto* const kList = new std::vector<std::string>{
      "Sessions.ValidateSession", "InventoryService.Tagging.AttachTag",
      "InventoryService.Tagging.CreateCategory", "InventoryService.Tagging.CreateTag"};
  return *kList;
}

const std::vector<std::string>& DatastorePrivileges() {
  static const auto* const kList = new std::vector<std::string>{
      "Datastore.AllocateSpace", "Datastore.Browse", "Datastore.FileManagement"};
  return *kList;
}

const std::vector<std::string>& ResourcePoolPrivileges() {
  static const auto* const kList = new std::vector<std::string>{"Resource.AssignVMToPool"};
  return *kList;
}

const std::vector<std::string>& FolderPrivileges() {
  static const auto* const kList =
      new std::vector<std::string>{"Folder.Create",
                                   "VirtualMachine.Inventory.Create",
                                   "VirtualMachine.Inventory.Delete",
                                   "VirtualMachine.Interact.PowerOn",
                                   "VirtualMachine.Interact.PowerOff",
                                   "VirtualMachine.Config.AdvancedConfig",
                                   "VirtualMachine.Config.Resource"};
  return *kList;
}

const std::vector<std::string>& TemplatePrivileges() {
  static const auto* const kList = new std::vector<std::string>{
      "VirtualMachine.Provisioning.Clone", "VirtualMachine.Provisioning.DeployTemplate"};
  return *kList;
}

absl::StatusOr<std::vector<std::string>> ParseMissingPrivileges(
    const vsphere::soap::Response& answer, const std::vector<std::string>& privileges) {
  std::vector<pugi::xml_node> values = answer.returnvals();
  if (values.size() != privileges.size()) {
    return absl::InternalError("HasPrivilegeOnEntity answered " + std::to_string(values.size()) +
                               " values for " + std::to_string(privileges.size()) + " privileges");
  }
  std::vector<std::string> missing;
  for (size_t i = 0; i < values.size(); ++i) {
    std::string_view v = vsphere::soap::Text(values[i]);
    if (v == "false" || v == "0") {
      missing.push_back(privileges[i]);
    } else if (v != "true" && v != "1") {
      return absl::InternalError("HasPrivilegeOnEntity: malformed value \"" + std::string(v) +
                                 "\"");
    }
  }
  return missing;
}

absl::StatusOr<std::vector<std::string>> MissingPrivileges(
    vsphere::soap::Caller& caller, const vsphere::session::ServiceContent& content,
    const vsphere::soap::MoRef& entity, const std::string& session_key,
    const std::vector<std::string>& privileges) {
  vsphere::soap::XmlWriter w;
  w.This(content.authorization_manager).Ref("entity", entity).Element("sessionId", session_key);
  for (const std::string& p : privileges) w.Element("privId", p);
  absl::StatusOr<vsphere::soap::Response> r =
      caller.Call("HasPrivilegeOnEntity", std::move(w).Finish());
  if (!r.ok()) return r.status();
  return ParseMissingPrivileges(*r, privileges);
}

}  // namespace eksa::vsphere_agent::backend
