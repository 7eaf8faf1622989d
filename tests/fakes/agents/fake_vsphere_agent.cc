#include "tests/fakes/agents/fake_vsphere_agent.h"

#include <utility>

namespace eksa::testing::fakes {
namespace {

namespace v1 = eksa::vsphere::v1;

std::string FolderPath(const std::string& datacenter, const std::string& folder) {
  if (!folder.empty() && folder.front() == '/') return folder;
  return "/" + datacenter + "/vm" + (folder.empty() ? "" : "/" + folder);
}

void ToProto(const FakeVm& vm, v1::Vm* out) {
  out->set_name(vm.name);
  out->set_path(vm.path);
  out->set_moref(vm.moref);
  out->set_power_state(vm.powered_on ? v1::POWER_STATE_POWERED_ON : v1::POWER_STATE_POWERED_OFF);
  if (!vm.ip.empty()) out->add_ip_addresses(vm.ip);
  out->set_num_cpus(vm.num_cpus);
  out->set_memory_mib(vm.memory_mib);
  out->add_disks_gib(vm.disk_gib);
}

std::string Subject(const v1::VmRef& ref) {
  std::string s = ref.path().empty() ? ref.moref() : ref.path();
  return s.substr(s.find_last_of('/') + 1);
}

}  // namespace

std::optional<FakeVm> FakeVCenter::Vm(const std::string& name) {
  absl::MutexLock lock(&mu_);
  auto it = vms_.find(name);
  if (it == vms_.end()) return std::nullopt;
  return it->second;
}

std::vector<FakeVm> FakeVCenter::Vms() {
  absl::MutexLock lock(&mu_);
  std::vector<FakeVm> out;
  for (const auto& [name, vm] : vms_) out.push_back(vm);
  return out;
}

std::optional<v1::CheckCapacityRequest> FakeVCenter::last_capacity_request() {
  absl::MutexLock lock(&mu_);
  return capacity_;
}

std::string FakeVCenter::NextIp() {
  int n = next_ip_++;
  return "127.0." + std::to_string(options_.ip_block + n / 254) + "." + std::to_string(1 + n % 254);
}

FakeVm* FakeVCenter::FindLocked(const v1::VmRef& ref) {
  for (auto& [name, vm] : vms_) {
    if ((!ref.path().empty() && vm.path == ref.path()) ||
        (!ref.moref().empty() && vm.moref == ref.moref())) {
      return &vm;
    }
  }
  return nullptr;
}

grpc::Status FakeVSphereAgent::CheckVCenter(grpc::ServerContext* ctx,
                                            const v1::CheckVCenterRequest* req,
                                            v1::CheckVCenterResponse* resp) {
  return Serve(ctx, "CheckVCenter", "", req->server(), resp, [&] {
    AddChecks("CheckVCenter",
              {"Connected to server", "Authenticated to vSphere", "Datacenter validated",
               "Network validated"},
              resp);
    resp->set_server_thumbprint("AB:CD:EF");
    resp->mutable_about()->set_version("8.0.2");
    resp->set_datacenter_path("/" + req->datacenter());
    return grpc::Status::OK;
  });
}

grpc::Status FakeVSphereAgent::CheckMachineConfig(grpc::ServerContext* ctx,
                                                  const v1::CheckMachineConfigRequest* req,
                                                  v1::CheckMachineConfigResponse* resp) {
  return Serve(ctx, "CheckMachineConfig", req->request_id(), req->machine_config_name(), resp, [&] {
    AddChecks("CheckMachineConfig",
              {"Datastore validated", "Folder validated", "Resource pool validated"}, resp);
    resp->set_datastore_path(req->datastore());
    resp->set_folder_path(FolderPath(req->datacenter(), req->folder()));
    resp->set_resource_pool_path(req->resource_pool());
    if (!req->template_().empty()) {
      resp->mutable_template_()->set_path(req->template_());
      resp->mutable_template_()->set_has_snapshot(true);
    }
    return grpc::Status::OK;
  });
}

grpc::Status FakeVSphereAgent::CheckCapacity(grpc::ServerContext* ctx,
                                             const v1::CheckCapacityRequest* req,
                                             v1::CheckCapacityResponse* resp) {
  return Serve(ctx, "CheckCapacity", "", req->server(), resp, [&] {
    {
      absl::MutexLock lock(&vcenter_.mu_);
      vcenter_.capacity_ = *req;
    }
    AddChecks("CheckCapacity", {}, resp);
    for (const v1::DatastoreDemand& d : req->datastores()) {
      auto* c = resp->add_checks();
      c->set_name("Datastore capacity");
      c->set_passed(true);
      c->set_subject(d.datastore());
    }
    return grpc::Status::OK;
  });
}

grpc::Status FakeVSphereAgent::EnsureTemplate(grpc::ServerContext* ctx,
                                              const v1::EnsureTemplateRequest* req,
                                              v1::EnsureTemplateResponse* resp) {
  return Serve(ctx, "EnsureTemplate", req->request_id(), req->template_name(), resp, [&] {
    const std::string folder = req->template_folder().empty()
                                   ? "/" + req->datacenter() + "/vm/Templates"
                                   : req->template_folder();
    const std::string path = folder + "/" + req->template_name();
    absl::MutexLock lock(&vcenter_.mu_);
    auto [it, imported] = vcenter_.templates_.emplace(path, "");
    if (imported) it->second = "vm-" + std::to_string(vcenter_.next_moref_++);
    resp->mutable_template_()->set_path(path);
    resp->mutable_template_()->set_moref(it->second);
    resp->mutable_template_()->set_has_snapshot(true);
    resp->set_imported(imported);
    return grpc::Status::OK;
  });
}

grpc::Status FakeVSphereAgent::CreateVm(grpc::ServerContext* ctx, const v1::CreateVmRequest* req,
                                        v1::CreateVmResponse* resp) {
  return Serve(ctx, "CreateVm", req->request_id(), req->vm_name(), resp, [&] {
    if (req->vm_name().empty() || req->template_().empty() || req->networks().empty()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "vm_name, template and a network");
    }
    absl::MutexLock lock(&vcenter_.mu_);
    FakeVm& vm = vcenter_.vms_[req->vm_name()];
    const bool created = vm.name.empty();
    if (created) {
      vm = FakeVm{.name = req->vm_name(),
                  .path = FolderPath(req->datacenter(), req->folder()) + "/" + req->vm_name(),
                  .moref = "vm-" + std::to_string(vcenter_.next_moref_++),
                  .template_path = req->template_(),
                  .ip = vcenter_.NextIp(),
                  .userdata = req->userdata(),
                  .metadata = req->metadata(),
                  .request_id = req->request_id(),
                  .num_cpus = req->num_cpus(),
                  .memory_mib = req->memory_mib(),
                  .disk_gib = req->disk_gib()};
    } else if (vm.template_path != req->template_()) {
      return grpc::Status(grpc::StatusCode::ALREADY_EXISTS,
                          "vm " + vm.name + " exists, cloned from another template");
    }
    vm.powered_on = vm.powered_on || req->power_on();
    ToProto(vm, resp->mutable_vm());
    resp->set_created(created);
    return grpc::Status::OK;
  });
}

grpc::Status FakeVSphereAgent::PowerOnVm(grpc::ServerContext* ctx, const v1::PowerOnVmRequest* req,
                                         v1::PowerOnVmResponse* resp) {
  return Serve(ctx, "PowerOnVm", req->request_id(), Subject(req->vm()), resp, [&] {
    absl::MutexLock lock(&vcenter_.mu_);
    FakeVm* vm = vcenter_.FindLocked(req->vm());
    if (vm == nullptr) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such vm");
    vm->powered_on = true;
    ToProto(*vm, resp->mutable_vm());
    return grpc::Status::OK;
  });
}

grpc::Status FakeVSphereAgent::PowerOffVm(grpc::ServerContext* ctx,
                                          const v1::PowerOffVmRequest* req,
                                          v1::PowerOffVmResponse* resp) {
  return Serve(ctx, "PowerOffVm", req->request_id(), Subject(req->vm()), resp, [&] {
    absl::MutexLock lock(&vcenter_.mu_);
    FakeVm* vm = vcenter_.FindLocked(req->vm());
    if (vm == nullptr) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such vm");
    vm->powered_on = false;
    ToProto(*vm, resp->mutable_vm());
    return grpc::Status::OK;
  });
}

grpc::Status FakeVSphereAgent::WaitForIp(grpc::ServerContext* ctx, const v1::WaitForIpRequest* req,
                                         v1::WaitForIpResponse* resp) {
  return Serve(ctx, "WaitForIp", "", Subject(req->vm()), resp, [&] {
    absl::MutexLock lock(&vcenter_.mu_);
    FakeVm* vm = vcenter_.FindLocked(req->vm());
    if (vm == nullptr) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such vm");
    if (!vm->powered_on) {
      return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "vm is powered off: no address");
    }
    ToProto(*vm, resp->mutable_vm());
    resp->set_ip(vm->ip);
    return grpc::Status::OK;
  });
}

grpc::Status FakeVSphereAgent::DestroyVm(grpc::ServerContext* ctx, const v1::DestroyVmRequest* req,
                                         v1::DestroyVmResponse* resp) {
  return Serve(ctx, "DestroyVm", req->request_id(), Subject(req->vm()), resp, [&] {
    absl::MutexLock lock(&vcenter_.mu_);
    FakeVm* vm = vcenter_.FindLocked(req->vm());
    resp->set_existed(vm != nullptr);
    if (vm != nullptr) vcenter_.vms_.erase(vm->name);
    return grpc::Status::OK;
  });
}

grpc::Status FakeVSphereAgent::GetVm(grpc::ServerContext* ctx, const v1::GetVmRequest* req,
                                     v1::GetVmResponse* resp) {
  return Serve(ctx, "GetVm", "", Subject(req->vm()), resp, [&] {
    absl::MutexLock lock(&vcenter_.mu_);
    FakeVm* vm = vcenter_.FindLocked(req->vm());
    if (vm == nullptr) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such vm");
    ToProto(*vm, resp->mutable_vm());
    return grpc::Status::OK;
  });
}

grpc::Status FakeVSphereAgent::ListVms(grpc::ServerContext* ctx, const v1::ListVmsRequest* req,
                                       v1::ListVmsResponse* resp) {
  return Serve(ctx, "ListVms", "", req->folder(), resp, [&] {
    absl::MutexLock lock(&vcenter_.mu_);
    const std::string folder = FolderPath(req->datacenter(), req->folder()) + "/";
    for (const auto& [name, vm] : vcenter_.vms_) {
      if (vm.path.rfind(folder, 0) == 0 && name.rfind(req->name_prefix(), 0) == 0) {
        ToProto(vm, resp->add_vms());
      }
    }
    return grpc::Status::OK;
  });
}

}  // namespace eksa::testing::fakes
