// Test doubles for executor tests: a runner built from a lambda, an observer that records every
// callback in order, and a graph builder.
#pragma once

#include <gmock/gmock.h>

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/planner/dag/executor.h"
#include "services/planner/dag/graph.h"

namespace eksa::planner::dag::testing {

class LambdaRunner final : public TaskRunner {
 public:
  using Fn = std::function<absl::StatusOr<TaskOutputs>(const TaskSpec&, TaskContext&)>;
  explicit LambdaRunner(Fn fn) : fn_(std::move(fn)) {}
  absl::StatusOr<TaskOutputs> Run(const TaskSpec& spec, TaskContext& ctx) override {
    return fn_(spec, ctx);
  }

 private:
  Fn fn_;
};

struct Event {
  enum Kind { kStarted, kRetry, kFinished, kOperation } kind;
  std::string task;
  int attempt = 0;
  absl::Status status;
  absl::Duration backoff;
};

// Records callbacks; `on_event` (optional) runs after each is recorded, outside the lock.
class RecordingObserver final : public ExecutionObserver {
 public:
  std::function<void(const Event&)> on_event;

  void OnTaskStarted(std::string_view id, int attempt) override {
    Add({Event::kStarted, std::string(id), attempt, absl::OkStatus(), absl::ZeroDuration()});
  }
  void OnTaskRetry(std::string_view id, int attempt, const absl::Status& status,
                   absl::Duration backoff) override {
    Add({Event::kRetry, std::string(id), attempt, status, backoff});
  }
  void OnTaskFinished(std::string_view id, const TaskResult& result) override {
    {
      absl::MutexLock lock(&mu_);
      results_[std::string(id)] = result;
    }
    Add({Event::kFinished, std::string(id), result.attempts, result.status, absl::ZeroDuration()});
  }
  void OnOperationFinished(const absl::Status& status) override {
    Add({Event::kOperation, "", 0, status, absl::ZeroDuration()});
  }

  std::vector<Event> events() {
    absl::MutexLock lock(&mu_);
    return events_;
  }
  std::map<std::string, TaskResult> results() {
    absl::MutexLock lock(&mu_);
    return results_;
  }
  // Ids of tasks whose first attempt started, in start order.
  std::vector<std::string> started() {
    std::vector<std::string> ids;
    for (const Event& e : events()) {
      if (e.kind == Event::kStarted && e.attempt == 1) ids.push_back(e.task);
    }
    return ids;
  }
  // Position of the first event of `kind` for `task` in the log; -1 when absent.
  int Position(Event::Kind kind, const std::string& task) {
    std::vector<Event> all = events();
    for (size_t i = 0; i < all.size(); ++i) {
      if (all[i].kind == kind && all[i].task == task) return static_cast<int>(i);
    }
    return -1;
  }

 private:
  void Add(Event e) {
    {
      absl::MutexLock lock(&mu_);
      events_.push_back(e);
    }
    if (on_event) on_event(e);
  }

  absl::Mutex mu_;
  std::vector<Event> events_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, TaskResult> results_ ABSL_GUARDED_BY(mu_);
};

inline TaskSpec Spec(std::string id, std::string pool = "local", bool on_failure = false) {
  TaskSpec spec;
  spec.id = std::move(id);
  spec.kind = "test";
  spec.pool = std::move(pool);
  spec.on_failure = on_failure;
  return spec;
}

inline Graph MakeGraph(std::vector<TaskSpec> tasks,
                       const std::vector<std::pair<std::string, std::string>>& edges) {
  Graph g;
  for (TaskSpec& t : tasks) EXPECT_TRUE(g.AddTask(std::move(t)).ok());
  for (const auto& [before, after] : edges) g.AddEdge(before, after);
  EXPECT_TRUE(g.Validate().ok()) << g.Validate();
  return g;
}

}  // namespace eksa::planner::dag::testing
