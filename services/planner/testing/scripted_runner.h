// A dag::TaskRunner for planner tests: every task succeeds at once with output {"ran": <id>},
// unless told to fail it (a status, a number of times) or to hold it until released or cancelled.
// Records every call (task, request id, attempt).
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "services/planner/dag/task_runner.h"

namespace eksa::planner::testing {

// Runs tasks instantly; can fail a task a number of times and hold one until released.
class ScriptedRunner : public dag::TaskRunner {
 public:
  absl::StatusOr<dag::TaskOutputs> Run(const dag::TaskSpec& spec, dag::TaskContext& ctx) override {
    absl::MutexLock lock(&mu_);
    calls_.push_back({spec.id, ctx.request_id(), ctx.attempt()});
    running_.insert(spec.id);
    auto held = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !hold_.count(spec.id) || ctx.cancelled();
    };
    // A cancel does not touch mu_, so re-check it every few milliseconds.
    while (!mu_.AwaitWithTimeout(absl::Condition(&held), absl::Milliseconds(5))) {
    }
    running_.erase(spec.id);
    if (ctx.cancelled() && hold_.count(spec.id)) return absl::CancelledError("interrupted");
    if (auto f = failures_.find(spec.id); f != failures_.end() && f->second.second > 0) {
      --f->second.second;
      return f->second.first;
    }
    return dag::TaskOutputs{{"ran", spec.id}};
  }

  void Fail(const std::string& id, absl::Status s, int times = 1) {
    absl::MutexLock lock(&mu_);
    failures_[id] = {std::move(s), times};
  }
  void Hold(const std::string& id) {
    absl::MutexLock lock(&mu_);
    hold_.insert(id);
  }
  void Release(const std::string& id) {
    absl::MutexLock lock(&mu_);
    hold_.erase(id);
  }
  void WaitUntilRunning(const std::string& id) {
    absl::MutexLock lock(&mu_);
    auto running = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return running_.count(id) > 0; };
    mu_.Await(absl::Condition(&running));
  }
  struct Call {
    std::string task, request_id;
    int attempt;
  };
  std::vector<Call> Calls() {
    absl::MutexLock lock(&mu_);
    return calls_;
  }
  std::vector<std::string> CallsOf(const std::string& id) {
    std::vector<std::string> ids;
    for (const Call& c : Calls()) {
      if (c.task == id) ids.push_back(c.request_id);
    }
    return ids;
  }

 private:
  absl::Mutex mu_;
  std::vector<Call> calls_ ABSL_GUARDED_BY(mu_);
  std::set<std::string> running_ ABSL_GUARDED_BY(mu_);
  std::set<std::string> hold_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::pair<absl::Status, int>> failures_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::planner::testing
