// A fake vCenter (inventory shared by the agents that serve it) and a fake VSphereAgentService.
//
//   FakeVCenter vcenter({.server = "127.0.0.2", .ip_block = 1});   // VMs get 127.0.1.1, .2, ...
//   FakeVSphereAgent a("vsphere-a", vcenter), b("vsphere-b", vcenter);  // two replicas
//
// Behaviour: checks pass (plus the script's extra checks); EnsureTemplate "imports"
// /<dc>/vm/Templates/<name>; CreateVm clones into <folder>/<vm> (a relative folder is under
// /<dc>/vm), keeps the userdata and metadata it was given, powers on and gets the next 127.0.x.y
// address; a VM of that name already there is adopted (created=false) when cloned from the same
// template, else ALREADY_EXISTS. A request id answered before (by either replica) gets the first
// response back. WaitForIp, PowerOffVm, DestroyVm, GetVm, ListVms act on the inventory.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "eksa/vsphere/v1/vsphere_agent.grpc.pb.h"
#include "tests/fakes/agents/fake_agent.h"

namespace eksa::testing::fakes {

struct FakeVm {
  std::string name;
  std::string path;
  std::string moref;
  std::string template_path;
  std::string ip;
  bool powered_on = false;
  std::string userdata;  // as received (secret in real life; tests inspect it)
  std::string metadata;
  std::string request_id;  // of the CreateVm that made it
  int32_t num_cpus = 0;
  int64_t memory_mib = 0;
  int64_t disk_gib = 0;
};

struct FakeVCenterOptions {
  std::string server = "127.0.0.2";
  int ip_block = 1;  // VMs get 127.0.<ip_block>.1, .2, ... (never dialed)
};

class FakeVCenter {
 public:
  explicit FakeVCenter(FakeVCenterOptions options = {}) : options_(std::move(options)) {}

  const std::string& server() const { return options_.server; }
  std::optional<FakeVm> Vm(const std::string& name);
  std::vector<FakeVm> Vms();
  // The demands of the last CheckCapacity.
  std::optional<eksa::vsphere::v1::CheckCapacityRequest> last_capacity_request();

 private:
  friend class FakeVSphereAgent;
  std::string NextIp() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  FakeVm* FindLocked(const eksa::vsphere::v1::VmRef& ref) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const FakeVCenterOptions options_;
  ResultCache results_;
  absl::Mutex mu_;
  std::map<std::string, FakeVm> vms_ ABSL_GUARDED_BY(mu_);             // by name
  std::map<std::string, std::string> templates_ ABSL_GUARDED_BY(mu_);  // path → moref
  int next_ip_ ABSL_GUARDED_BY(mu_) = 0;
  int next_moref_ ABSL_GUARDED_BY(mu_) = 100;
  std::optional<eksa::vsphere::v1::CheckCapacityRequest> capacity_ ABSL_GUARDED_BY(mu_);
};

class FakeVSphereAgent final : public FakeAgent,
                               public eksa::vsphere::v1::VSphereAgentService::Service {
 public:
  FakeVSphereAgent(std::string id, FakeVCenter& vcenter)
      : FakeAgent(std::move(id), this), vcenter_(vcenter) {}
  ~FakeVSphereAgent() override { Kill(); }

  FakeVCenter& vcenter() { return vcenter_; }

  grpc::Status CheckVCenter(grpc::ServerContext* ctx,
                            const eksa::vsphere::v1::CheckVCenterRequest* req,
                            eksa::vsphere::v1::CheckVCenterResponse* resp) override;
  grpc::Status CheckMachineConfig(grpc::ServerContext* ctx,
                                  const eksa::vsphere::v1::CheckMachineConfigRequest* req,
                                  eksa::vsphere::v1::CheckMachineConfigResponse* resp) override;
  grpc::Status CheckCapacity(grpc::ServerContext* ctx,
                             const eksa::vsphere::v1::CheckCapacityRequest* req,
                             eksa::vsphere::v1::CheckCapacityResponse* resp) override;
  grpc::Status EnsureTemplate(grpc::ServerContext* ctx,
                              const eksa::vsphere::v1::EnsureTemplateRequest* req,
                              eksa::vsphere::v1::EnsureTemplateResponse* resp) override;
  grpc::Status CreateVm(grpc::ServerContext* ctx, const eksa::vsphere::v1::CreateVmRequest* req,
                        eksa::vsphere::v1::CreateVmResponse* resp) override;
  grpc::Status PowerOnVm(grpc::ServerContext* ctx, const eksa::vsphere::v1::PowerOnVmRequest* req,
                         eksa::vsphere::v1::PowerOnVmResponse* resp) override;
  grpc::Status PowerOffVm(grpc::ServerContext* ctx, const eksa::vsphere::v1::PowerOffVmRequest* req,
                          eksa::vsphere::v1::PowerOffVmResponse* resp) override;
  grpc::Status WaitForIp(grpc::ServerContext* ctx, const eksa::vsphere::v1::WaitForIpRequest* req,
                         eksa::vsphere::v1::WaitForIpResponse* resp) override;
  grpc::Status DestroyVm(grpc::ServerContext* ctx, const eksa::vsphere::v1::DestroyVmRequest* req,
                         eksa::vsphere::v1::DestroyVmResponse* resp) override;
  grpc::Status GetVm(grpc::ServerContext* ctx, const eksa::vsphere::v1::GetVmRequest* req,
                     eksa::vsphere::v1::GetVmResponse* resp) override;
  grpc::Status ListVms(grpc::ServerContext* ctx, const eksa::vsphere::v1::ListVmsRequest* req,
                       eksa::vsphere::v1::ListVmsResponse* resp) override;

 private:
  template <typename Response, typename Work>
  grpc::Status Serve(grpc::ServerContext* ctx, std::string_view rpc, const std::string& request_id,
                     const std::string& subject, Response* resp, Work work) {
    return Handle(ctx, rpc, request_id, subject, vcenter_.results_, resp, work);
  }
  // A passed check named `name` followed by the script's extra checks for `rpc`.
  template <typename Response>
  void AddChecks(const std::string& rpc, std::initializer_list<const char*> names, Response* resp) {
    for (const char* name : names) {
      auto* c = resp->add_checks();
      c->set_name(name);
      c->set_passed(true);
    }
    for (auto& c : script().ExtraChecks(rpc)) *resp->add_checks() = std::move(c);
  }

  FakeVCenter& vcenter_;
};

}  // namespace eksa::testing::fakes
