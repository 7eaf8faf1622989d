// FakeBackend: a scriptable VCenterBackend for the agent's tests.
//
//   FakeBackend backend;
//   backend.Hold();                               // calls block once started...
//   backend.WaitForStarted("CreateVm", 1, absl::Seconds(5));
//   backend.Release();                            // ...until released
//   backend.FailNext("CreateVm", absl::UnavailableError("vcenter down"));
//   EXPECT_EQ(backend.Calls("CreateVm"), 1);
//   EXPECT_LE(backend.MaxConcurrent(), 3);
//
// Answers: CreateVm returns a VM named after the request with moref "vm-<n>" (n counts the
// CreateVm calls that ran, so a replayed answer is recognisable), created=true; the other RPCs
// return a response whose main field echoes the request (GetVm: the path; ListVms: one VM per
// call). Every call records [start, end) so tests can show overlap bounds.
//
// Thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/vsphere-agent/agent/vcenter_backend.h"

namespace eksa::vsphere_agent::testing {

class FakeBackend final : public VCenterBackend {
 public:
  struct Call {
    std::string rpc;
    std::string request_id;
    std::string datacenter;  // as the backend received it
    absl::Time start;
    absl::Time end;
  };

  // Every later call takes `latency` (cut short by its deadline or cancellation).
  void SetLatency(absl::Duration latency);
  // Calls block after starting until Release() (or their deadline / cancellation).
  void Hold();
  void Release();
  // The next `times` calls of `rpc` fail with `status` (after their latency).
  void FailNext(const std::string& rpc, absl::Status status, int times = 1);

  // Calls of `rpc` that started (all RPCs for "").
  int Calls(std::string_view rpc) const;
  // The most calls that were inside the backend at once.
  int MaxConcurrent() const;
  // Finished calls, in the order they finished.
  std::vector<Call> Finished() const;
  // Blocks until `n` calls of `rpc` have started or `timeout` passes; returns whether they had.
  bool WaitForStarted(std::string_view rpc, int n, absl::Duration timeout) const;

  absl::StatusOr<v1::CheckVCenterResponse> CheckVCenter(const v1::CheckVCenterRequest&,
                                                        const CallContext&) override;
  absl::StatusOr<v1::CheckMachineConfigResponse> CheckMachineConfig(
      const v1::CheckMachineConfigRequest&, const CallContext&) override;
  absl::StatusOr<v1::CheckCapacityResponse> CheckCapacity(const v1::CheckCapacityRequest&,
                                                          const CallContext&) override;
  absl::StatusOr<v1::EnsureTemplateResponse> EnsureTemplate(const v1::EnsureTemplateRequest&,
                                                            const CallContext&) override;
  absl::StatusOr<v1::CreateVmResponse> CreateVm(const v1::CreateVmRequest&,
                                                const CallContext&) override;
  absl::StatusOr<v1::PowerOnVmResponse> PowerOnVm(const v1::PowerOnVmRequest&,
                                                  const CallContext&) override;
  absl::StatusOr<v1::PowerOffVmResponse> PowerOffVm(const v1::PowerOffVmRequest&,
                                                    const CallContext&) override;
  absl::StatusOr<v1::WaitForIpResponse> WaitForIp(const v1::WaitForIpRequest&,
                                                  const CallContext&) override;
  absl::StatusOr<v1::DestroyVmResponse> DestroyVm(const v1::DestroyVmRequest&,
                                                  const CallContext&) override;
  absl::StatusOr<v1::GetVmResponse> GetVm(const v1::GetVmRequest&, const CallContext&) override;
  absl::StatusOr<v1::ListVmsResponse> ListVms(const v1::ListVmsRequest&,
                                              const CallContext&) override;

 private:
  // Records the call, waits out hold and latency, applies an injected failure. Returns the
  // call's 1-based number among the calls of `rpc`, or the status to fail with.
  absl::StatusOr<int> Enter(std::string_view rpc, const std::string& request_id,
                            const std::string& datacenter, const CallContext& context);

  mutable absl::Mutex mu_;
  bool held_ ABSL_GUARDED_BY(mu_) = false;
  absl::Duration latency_ ABSL_GUARDED_BY(mu_) = absl::ZeroDuration();
  std::map<std::string, std::vector<absl::Status>, std::less<>> failures_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int, std::less<>> started_ ABSL_GUARDED_BY(mu_);
  int inside_ ABSL_GUARDED_BY(mu_) = 0;
  int max_inside_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<Call> finished_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::vsphere_agent::testing
