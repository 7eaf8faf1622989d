#include "services/vsphere-agent/client/vim/virtual_machine.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/soap/xml_writer.h"
#include "services/vsphere-agent/client/vim/property_collector.h"
#include "services/vsphere-agent/client/vim/values.h"

namespace eksa::vsphere::vim {

absl::StatusOr<Task> VirtualMachine::SendTask(std::string_view method,
                                              std::string_view body) const {
  absl::StatusOr<soap::Response> r = caller_->Call(method, body);
  if (!r.ok()) return r.status();
  absl::StatusOr<soap::MoRef> task = soap::ParseMoRef(r->returnval());
  if (!task.ok()) return task.status();
  return Task(*caller_, pc_, *std::move(task));
}

absl::StatusOr<Task> VirtualMachine::StartTask(std::string_view method,
                                               std::string_view extra_body) const {
  soap::XmlWriter w;
  w.This(ref_).Raw(extra_body);
  return SendTask(method, std::move(w).Finish());
}

absl::StatusOr<Task> VirtualMachine::Clone(const CloneSpec& spec) const {
  return SendTask("CloneVM_Task", CloneVMTaskBody(ref_, spec));
}

absl::StatusOr<Task> VirtualMachine::PowerOn() const { return StartTask("PowerOnVM_Task", ""); }

absl::StatusOr<Task> VirtualMachine::PowerOff() const { return StartTask("PowerOffVM_Task", ""); }

absl::Status VirtualMachine::ShutdownGuest() const {
  soap::XmlWriter w;
  w.This(ref_);
  return caller_->Call("ShutdownGuest", std::move(w).Finish()).status();
}

absl::StatusOr<Task> VirtualMachine::Reconfigure(const ConfigSpec& spec) const {
  soap::XmlWriter w;
  WriteConfigSpec(w, "spec", spec);
  return StartTask("ReconfigVM_Task", std::move(w).Finish());
}

absl::StatusOr<Task> VirtualMachine::Destroy() const { return StartTask("Destroy_Task", ""); }

absl::Status VirtualMachine::MarkAsTemplate() const {
  soap::XmlWriter w;
  w.This(ref_);
  return caller_->Call("MarkAsTemplate", std::move(w).Finish()).status();
}

absl::StatusOr<Task> VirtualMachine::CreateSnapshot(std::string_view name,
                                                    std::string_view description, bool memory,
                                                    bool quiesce) const {
  soap::XmlWriter w;
  w.Element("name", name);
  if (!description.empty()) w.Element("description", description);
  w.Element("memory", memory).Element("quiesce", quiesce);
  return StartTask("CreateSnapshot_Task", std::move(w).Finish());
}

absl::StatusOr<VmInfo> VirtualMachine::Info() const {
  absl::StatusOr<ObjectContents> c =
      PropertyCollector(*caller_, pc_).RetrieveOne(ref_, VmInfoPaths());
  if (!c.ok()) return c.status();
  auto shared = std::make_shared<const ObjectContents>(*std::move(c));
  return DecodeVmInfo(shared->objects().front(), shared);
}

absl::StatusOr<std::string> VirtualMachine::WaitForIp(
    const PropertyWaitOptions& options,
    const std::function<bool(const std::string&)>& accept) const {
  std::string found;
  absl::Status s =
      WaitForProperties(*caller_, pc_, ref_, {"guest.ipAddress", "guest.net"}, options,
                        [&](const PropertyValues& values) -> absl::StatusOr<bool> {
                          std::vector<std::string> candidates;
                          if (auto it = values.find("guest.ipAddress"); it != values.end()) {
                            candidates.emplace_back(soap::Text(it->second));
                          }
                          if (auto it = values.find("guest.net"); it != values.end()) {
                            for (std::string& ip : DecodeGuestNetAddresses(it->second)) {
                              candidates.push_back(std::move(ip));
                            }
                          }
                          for (const std::string& ip : candidates) {
                            if (!ip.empty() && (!accept || accept(ip))) {
                              found = ip;
                              return true;
                            }
                          }
                          return false;
                        });
  if (!s.ok()) return s;
  return found;
}

absl::Status VirtualMachine::WaitForPowerState(std::string_view state,
                                               const PropertyWaitOptions& options) const {
  return WaitForProperties(*caller_, pc_, ref_, {"runtime.powerState"}, options,
                           [&](const PropertyValues& values) -> absl::StatusOr<bool> {
                             auto it = values.find("runtime.powerState");
                             return it != values.end() && soap::Text(it->second) == state;
                           });
}

}  // namespace eksa::vsphere::vim
