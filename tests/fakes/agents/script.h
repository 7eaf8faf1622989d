// Scripted behaviour of a fake agent: per-RPC latency, failure injection, extra check results,
// and the log of every call it received. Shared by the vSphere, bootstrap and gitops fakes.
//
//   agent.script().SetLatency("CreateVm", absl::Seconds(2));
//   agent.script().FailCall("CreateVm", 1, grpc::StatusCode::UNAVAILABLE);  // the 1st CreateVm
//   agent.script().AddCheck("CheckVCenter", FailedCheck("Datacenter validated", "...", "..."));
//   EXPECT_THAT(agent.script().RequestIds("CreateVm"), ElementsAre("op-1/create-vm[lab-cp-0]"));
//
// Thread-safe.
#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include <atomic>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "eksa/common/v1/common.pb.h"

namespace eksa::testing::fakes {

// One call as the fake received it.
struct Call {
  std::string rpc;         // "CreateVm"
  std::string request_id;  // empty for read-only RPCs
  std::string subject;     // the VM name (vSphere), kind cluster or "kubeconfig" (bootstrap),
                           // cluster or path (gitops); empty when the RPC names none
  bool replayed = false;   // answered from the first result of its request id
};

// A failed check, as the agents report them.
eksa::common::v1::CheckResult FailedCheck(std::string name, std::string message,
                                          std::string remediation, std::string subject = "");

class Script {
 public:
  // Every later call of `rpc` takes `latency` before it answers (after doing its work, so a call
  // whose client gave up has still made what it made). A cancelled call or a kill cuts it short.
  void SetLatency(const std::string& rpc, absl::Duration latency);
  // The `nth` call (1-based, counted per RPC on this agent) of `rpc` fails with `code` before
  // doing anything.
  void FailCall(const std::string& rpc, int nth, grpc::StatusCode code,
                std::string message = "injected failure");
  // Every later call of `rpc` fails with `code` (until ClearFailures).
  void FailAll(const std::string& rpc, grpc::StatusCode code,
               std::string message = "injected failure");
  void ClearFailures();
  // Appended to the checks of every later response of a Check* `rpc`.
  void AddCheck(const std::string& rpc, eksa::common::v1::CheckResult check);
  std::vector<eksa::common::v1::CheckResult> ExtraChecks(const std::string& rpc);

  std::vector<Call> calls();
  std::vector<Call> CallsOf(std::string_view rpc);
  std::vector<std::string> RequestIds(std::string_view rpc);
  int CallCount(std::string_view rpc);
  // Blocks until at least `n` calls of `rpc` arrived or `timeout` passes; returns whether they did.
  bool WaitForCalls(std::string_view rpc, int n, absl::Duration timeout);

  // --- For the fakes ---
  // Logs the call; returns the injected failure of this call, if any.
  grpc::Status Enter(std::string_view rpc, const std::string& request_id,
                     const std::string& subject);
  void MarkReplayed();  // the last logged call was answered from the result cache
  // Waits the RPC's latency; false when the call was cancelled or the agent killed meanwhile.
  bool Delay(std::string_view rpc, grpc::ServerContext* context, const std::atomic<bool>& killed);

 private:
  struct Failure {
    grpc::StatusCode code;
    std::string message;
  };
  absl::Mutex mu_;
  std::vector<Call> calls_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int, std::less<>> counts_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, absl::Duration, std::less<>> latency_ ABSL_GUARDED_BY(mu_);
  std::map<std::pair<std::string, int>, Failure> nth_failures_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Failure, std::less<>> all_failures_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::vector<eksa::common::v1::CheckResult>, std::less<>> checks_
      ABSL_GUARDED_BY(mu_);
};

// The first successful response per (rpc, request id): what a retried request gets back, as a
// real agent adopts what the first attempt made. Share one between replicas of one backend.
class ResultCache {
 public:
  // True and `*response` filled when the request id was answered before.
  template <typename Response>
  bool Lookup(std::string_view rpc, const std::string& request_id, Response* response) {
    std::string bytes;
    if (!Get(rpc, request_id, &bytes)) return false;
    return response->ParseFromString(bytes);
  }
  template <typename Response>
  void Store(std::string_view rpc, const std::string& request_id, const Response& response) {
    Put(rpc, request_id, response.SerializeAsString());
  }

 private:
  bool Get(std::string_view rpc, const std::string& request_id, std::string* bytes);
  void Put(std::string_view rpc, const std::string& request_id, std::string bytes);

  absl::Mutex mu_;
  std::map<std::string, std::string> results_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::testing::fakes
