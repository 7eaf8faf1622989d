// The task DAG of one operation: tasks with stable ids, the edges between them, validation and
// the critical path.
//
// A task is one agent RPC (or one piece of local planner work). Its id is a stable kebab-case name
// ("generate-pki", "create-vm[homelab-md-0-1]"): ids key checkpoints, logs, metrics and agent
// request ids, so a workflow builder must produce the same ids for the same spec.
// Edges say "before → after": `after` starts only when `before` has succeeded.
// Tasks marked on_failure form a separate branch that runs only when the operation fails
// (EKS-A's collect-diagnostics); they may depend on each other but not on ordinary tasks, and no
// ordinary task may depend on them.
//
// Not thread-safe for writes; a validated graph is read-only and may be shared.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace eksa::planner::dag {

struct TaskSpec {
  std::string id;    // stable kebab-case, unique in the graph; may end in "[qualifier]"
  std::string kind;  // what runs it, e.g. "create-vm", "generate-pki"; the runner dispatches on it
  // Where it runs: "local" (the planner itself), "vsphere:<server>", "bootstrap", "gitops".
  // The executor bounds parallelism per pool.
  std::string pool = "local";
  absl::Duration timeout = absl::Minutes(10);  // per attempt
  int max_attempts = 3;                        // retryable failures only (see executor.h)
  absl::Duration estimate = absl::Seconds(1);  // expected duration, for the critical path
  bool on_failure = false;
  // Inputs for the runner (machine name, template path, ...). Values are not secret.
  std::map<std::string, std::string> params;
};

struct CriticalPath {
  std::vector<std::string> task_ids;  // first to last
  absl::Duration length;              // sum of their estimates
};

class Graph {
 public:
  // Adds a task. kInvalidArgument for an empty or malformed id (allowed: [a-z0-9-] then an
  // optional "[...]" qualifier of [A-Za-z0-9._-]), kAlreadyExists for a duplicate id.
  absl::Status AddTask(TaskSpec spec);

  // Records that `after` depends on `before`. Unknown ids are reported by Validate(), so edges
  // may be added in any order; a duplicate edge is ignored.
  void AddEdge(std::string_view before, std::string_view after);

  // kInvalidArgument naming the problem: an edge to an unknown task, a self edge, an edge between
  // an on_failure task and an ordinary one, or a cycle (the message lists the cycle's ids in
  // order).
  absl::Status Validate() const;

  const std::vector<TaskSpec>& tasks() const { return tasks_; }
  const TaskSpec* Find(std::string_view id) const;
  const std::vector<std::pair<std::string, std::string>>& edges() const { return edges_; }
  // Direct neighbours in the order their edges were added; empty for an unknown id.
  std::vector<std::string> DependenciesOf(
      std::string_view id) const;  // tasks that must finish first
  std::vector<std::string> DependentsOf(std::string_view id) const;

  // Ordinary tasks in an order that respects every edge (ties broken by insertion order).
  // Requires Validate() to pass; returns its error otherwise.
  absl::StatusOr<std::vector<std::string>> TopologicalOrder() const;

  // The longest chain of ordinary tasks by estimate (ties go to the task added first); empty with
  // a zero length when there is no ordinary task. Requires Validate() to pass.
  absl::StatusOr<CriticalPath> ComputeCriticalPath() const;

 private:
  // For each task index, the indexes of its dependents, in edge order. Requires known edge ends.
  std::vector<std::vector<size_t>> DependentIndexes() const;
  absl::Status FindCycle(const std::vector<std::vector<size_t>>& dependents) const;

  std::vector<TaskSpec> tasks_;
  absl::flat_hash_map<std::string, size_t> index_;
  std::vector<std::pair<std::string, std::string>> edges_;
  absl::flat_hash_set<std::pair<std::string, std::string>> edge_set_;
  // Keyed by id even for ids not (yet) added, so lookups need no validated graph.
  absl::flat_hash_map<std::string, std::vector<std::string>> dependencies_;
  absl::flat_hash_map<std::string, std::vector<std::string>> dependents_;
};

}  // namespace eksa::planner::dag
