#include "tests/fakes/agents/script.h"

namespace eksa::testing::fakes {

eksa::common::v1::CheckResult FailedCheck(std::string name, std::string message,
                                          std::string remediation, std::string subject) {
  eksa::common::v1::CheckResult c;
  c.set_name(std::move(name));
  c.set_passed(false);
  c.set_message(std::move(message));
  c.set_remediation(std::move(remediation));
  c.set_subject(std::move(subject));
  return c;
}

void Script::SetLatency(const std::string& rpc, absl::Duration latency) {
  absl::MutexLock lock(&mu_);
  latency_[rpc] = latency;
}

void Script::FailCall(const std::string& rpc, int nth, grpc::StatusCode code, std::string message) {
  absl::MutexLock lock(&mu_);
  nth_failures_[{rpc, nth}] = {code, std::move(message)};
}

void Script::FailAll(const std::string& rpc, grpc::StatusCode code, std::string message) {
  absl::MutexLock lock(&mu_);
  all_failures_[rpc] = {code, std::move(message)};
}

void Script::ClearFailures() {
  absl::MutexLock lock(&mu_);
  nth_failures_.clear();
  all_failures_.clear();
}

void Script::AddCheck(const std::string& rpc, eksa::common::v1::CheckResult check) {
  absl::MutexLock lock(&mu_);
  checks_[rpc].push_back(std::move(check));
}

std::vector<eksa::common::v1::CheckResult> Script::ExtraChecks(const std::string& rpc) {
  absl::MutexLock lock(&mu_);
  auto it = checks_.find(rpc);
  return it == checks_.end() ? std::vector<eksa::common::v1::CheckResult>() : it->second;
}

std::vector<Call> Script::calls() {
  absl::MutexLock lock(&mu_);
  return calls_;
}

std::vector<Call> Script::CallsOf(std::string_view rpc) {
  std::vector<Call> out;
  for (Call& c : calls()) {
    if (c.rpc == rpc) out.push_back(std::move(c));
  }
  return out;
}

std::vector<std::string> Script::RequestIds(std::string_view rpc) {
  std::vector<std::string> out;
  for (const Call& c : CallsOf(rpc)) out.push_back(c.request_id);
  return out;
}

int Script::CallCount(std::string_view rpc) { return static_cast<int>(CallsOf(rpc).size()); }

bool Script::WaitForCalls(std::string_view rpc, int n, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto enough = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    auto it = counts_.find(rpc);
    return it != counts_.end() && it->second >= n;
  };
  return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
}

grpc::Status Script::Enter(std::string_view rpc, const std::string& request_id,
                           const std::string& subject) {
  absl::MutexLock lock(&mu_);
  calls_.push_back({.rpc = std::string(rpc), .request_id = request_id, .subject = subject});
  const int nth = ++counts_[std::string(rpc)];
  if (auto it = nth_failures_.find({std::string(rpc), nth}); it != nth_failures_.end()) {
    return grpc::Status(it->second.code, it->second.message);
  }
  if (auto it = all_failures_.find(rpc); it != all_failures_.end()) {
    return grpc::Status(it->second.code, it->second.message);
  }
  return grpc::Status::OK;
}

void Script::MarkReplayed() {
  absl::MutexLock lock(&mu_);
  if (!calls_.empty()) calls_.back().replayed = true;
}

bool Script::Delay(std::string_view rpc, grpc::ServerContext* context,
                   const std::atomic<bool>& killed) {
  absl::Duration latency;
  {
    absl::MutexLock lock(&mu_);
    auto it = latency_.find(rpc);
    if (it == latency_.end()) return !context->IsCancelled() && !killed.load();
    latency = it->second;
  }
  const absl::Time until = absl::Now() + latency;
  while (absl::Now() < until) {
    if (context->IsCancelled() || killed.load()) return false;
    absl::SleepFor(std::min(absl::Milliseconds(5), until - absl::Now()));
  }
  return !context->IsCancelled() && !killed.load();
}

bool ResultCache::Get(std::string_view rpc, const std::string& request_id, std::string* bytes) {
  absl::MutexLock lock(&mu_);
  auto it = results_.find(std::string(rpc) + "\n" + request_id);
  if (it == results_.end()) return false;
  *bytes = it->second;
  return true;
}

void ResultCache::Put(std::string_view rpc, const std::string& request_id, std::string bytes) {
  absl::MutexLock lock(&mu_);
  results_.emplace(std::string(rpc) + "\n" + request_id, std::move(bytes));
}

}  // namespace eksa::testing::fakes
