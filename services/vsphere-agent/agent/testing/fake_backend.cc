#include "services/vsphere-agent/agent/testing/fake_backend.h"

#include <algorithm>

#include "absl/time/clock.h"

namespace eksa::vsphere_agent::testing {

void FakeBackend::SetLatency(absl::Duration latency) {
  absl::MutexLock lock(&mu_);
  latency_ = latency;
}

void FakeBackend::Hold() {
  absl::MutexLock lock(&mu_);
  held_ = true;
}

void FakeBackend::Release() {
  absl::MutexLock lock(&mu_);
  held_ = false;
}

void FakeBackend::FailNext(const std::string& rpc, absl::Status status, int times) {
  absl::MutexLock lock(&mu_);
  for (int i = 0; i < times; ++i) failures_[rpc].push_back(status);
}

int FakeBackend::Calls(std::string_view rpc) const {
  absl::MutexLock lock(&mu_);
  int n = 0;
  for (const auto& [name, count] : started_) {
    if (rpc.empty() || name == rpc) n += count;
  }
  return n;
}

int FakeBackend::MaxConcurrent() const {
  absl::MutexLock lock(&mu_);
  return max_inside_;
}

std::vector<FakeBackend::Call> FakeBackend::Finished() const {
  absl::MutexLock lock(&mu_);
  return finished_;
}

bool FakeBackend::WaitForStarted(std::string_view rpc, int n, absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  auto enough = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    auto it = started_.find(rpc);
    return it != started_.end() && it->second >= n;
  };
  return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
}

absl::StatusOr<int> FakeBackend::Enter(std::string_view rpc, const std::string& request_id,
                                       const std::string& datacenter, const CallContext& context) {
  Call call{.rpc = std::string(rpc),
            .request_id = request_id,
            .datacenter = datacenter,
            .start = absl::Now()};
  absl::MutexLock lock(&mu_);
  const int number = ++started_[call.rpc];
  max_inside_ = std::max(max_inside_, ++inside_);
  const absl::Time until = call.start + latency_;
  absl::Status status;
  // Wait out the hold, then the latency; the caller's deadline or cancellation cuts both short.
  for (;;) {
    const absl::Time now = absl::Now();
    if (now >= context.deadline) {
      status = absl::DeadlineExceededError("fake backend: the deadline passed");
      break;
    }
    if (!held_ && now >= until) break;
    const bool held = held_;
    if (held) {
      auto released = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !held_; };
      mu_.AwaitWithDeadline(absl::Condition(&released),
                            std::min(context.deadline, now + absl::Milliseconds(10)));
    }
    mu_.Unlock();
    if (!held) {
      absl::SleepFor(std::min({context.deadline, until, now + absl::Milliseconds(10)}) - now);
    }
    const bool cancelled = context.cancelled();
    mu_.Lock();
    if (cancelled) {
      status = absl::CancelledError("fake backend: the caller went away");
      break;
    }
  }
  if (status.ok()) {
    if (auto it = failures_.find(call.rpc); it != failures_.end() && !it->second.empty()) {
      status = it->second.front();
      it->second.erase(it->second.begin());
    }
  }
  --inside_;
  call.end = absl::Now();
  finished_.push_back(call);
  if (!status.ok()) return status;
  return number;
}

absl::StatusOr<v1::CheckVCenterResponse> FakeBackend::CheckVCenter(const v1::CheckVCenterRequest& r,
                                                                   const CallContext& c) {
  absl::StatusOr<int> n = Enter("CheckVCenter", "", r.datacenter(), c);
  if (!n.ok()) return n.status();
  v1::CheckVCenterResponse out;
  out.set_datacenter_path("/" + r.datacenter());
  return out;
}

absl::StatusOr<v1::CheckMachineConfigResponse> FakeBackend::CheckMachineConfig(
    const v1::CheckMachineConfigRequest& r, const CallContext& c) {
  absl::StatusOr<int> n = Enter("CheckMachineConfig", r.request_id(), r.datacenter(), c);
  if (!n.ok()) return n.status();
  v1::CheckMachineConfigResponse out;
  out.set_folder_path("/" + r.datacenter() + "/vm/" + r.folder());
  out.set_folder_created(*n == 1);
  return out;
}

absl::StatusOr<v1::CheckCapacityResponse> FakeBackend::CheckCapacity(
    const v1::CheckCapacityRequest& r, const CallContext& c) {
  absl::StatusOr<int> n = Enter("CheckCapacity", "", r.datacenter(), c);
  if (!n.ok()) return n.status();
  return v1::CheckCapacityResponse();
}

absl::StatusOr<v1::EnsureTemplateResponse> FakeBackend::EnsureTemplate(
    const v1::EnsureTemplateRequest& r, const CallContext& c) {
  absl::StatusOr<int> n = Enter("EnsureTemplate", r.request_id(), r.datacenter(), c);
  if (!n.ok()) return n.status();
  v1::EnsureTemplateResponse out;
  out.mutable_template_()->set_path("/" + r.datacenter() + "/vm/Templates/" + r.template_name());
  out.set_imported(*n == 1);
  return out;
}

absl::StatusOr<v1::CreateVmResponse> FakeBackend::CreateVm(const v1::CreateVmRequest& r,
                                                           const CallContext& c) {
  absl::StatusOr<int> n = Enter("CreateVm", r.request_id(), r.datacenter(), c);
  if (!n.ok()) return n.status();
  v1::CreateVmResponse out;
  out.mutable_vm()->set_name(r.vm_name());
  out.mutable_vm()->set_path("/" + r.datacenter() + "/vm/" + r.folder() + "/" + r.vm_name());
  out.mutable_vm()->set_moref("vm-" + std::to_string(*n));
  out.set_created(true);
  return out;
}

absl::StatusOr<v1::PowerOnVmResponse> FakeBackend::PowerOnVm(const v1::PowerOnVmRequest& r,
                                                             const CallContext& c) {
  absl::StatusOr<int> n = Enter("PowerOnVm", r.request_id(), r.datacenter(), c);
  if (!n.ok()) return n.status();
  v1::PowerOnVmResponse out;
  out.mutable_vm()->set_path(r.vm().path());
  out.mutable_vm()->set_power_state(v1::POWER_STATE_POWERED_ON);
  return out;
}

absl::StatusOr<v1::PowerOffVmResponse> FakeBackend::PowerOffVm(const v1::PowerOffVmRequest& r,
                                                               const CallContext& c) {
  absl::StatusOr<int> n = Enter("PowerOffVm", r.request_id(), r.datacenter(), c);
  if (!n.ok()) return n.status();
  v1::PowerOffVmResponse out;
  out.mutable_vm()->set_path(r.vm().path());
  out.mutable_vm()->set_power_state(v1::POWER_STATE_POWERED_OFF);
  return out;
}

absl::StatusOr<v1::WaitForIpResponse> FakeBackend::WaitForIp(const v1::WaitForIpRequest& r,
                                                             const CallContext& c) {
  absl::StatusOr<int> n = Enter("WaitForIp", "", r.datacenter(), c);
  if (!n.ok()) return n.status();
  v1::WaitForIpResponse out;
  out.mutable_vm()->set_path(r.vm().path());
  out.set_ip("192.0.2." + std::to_string(*n));
  return out;
}

absl::StatusOr<v1::DestroyVmResponse> FakeBackend::DestroyVm(const v1::DestroyVmRequest& r,
                                                             const CallContext& c) {
  absl::StatusOr<int> n = Enter("DestroyVm", r.request_id(), r.datacenter(), c);
  if (!n.ok()) return n.status();
  v1::DestroyVmResponse out;
  out.set_existed(*n == 1);
  return out;
}

absl::StatusOr<v1::GetVmResponse> FakeBackend::GetVm(const v1::GetVmRequest& r,
                                                     const CallContext& c) {
  absl::StatusOr<int> n = Enter("GetVm", "", r.datacenter(), c);
  if (!n.ok()) return n.status();
  v1::GetVmResponse out;
  out.mutable_vm()->set_path(r.vm().path());
  return out;
}

absl::StatusOr<v1::ListVmsResponse> FakeBackend::ListVms(const v1::ListVmsRequest& r,
                                                         const CallContext& c) {
  absl::StatusOr<int> n = Enter("ListVms", "", r.datacenter(), c);
  if (!n.ok()) return n.status();
  v1::ListVmsResponse out;
  out.add_vms()->set_path(r.folder() + "/vm-" + std::to_string(*n));
  return out;
}

}  // namespace eksa::vsphere_agent::testing
