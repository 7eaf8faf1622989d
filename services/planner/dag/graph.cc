#include "services/planner/dag/graph.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

namespace eksa::planner::dag {
namespace {

// Debian's Abseil has its own string_view; StrCat and the map lookups take only that one.
absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

bool IsBaseChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }
bool IsQualifierChar(char c) { return absl::ascii_isalnum(c) || c == '.' || c == '_' || c == '-'; }

bool IsValidId(std::string_view id) {
  const size_t open = id.find('[');
  const std::string_view base = id.substr(0, open);
  if (base.empty() || !std::all_of(base.begin(), base.end(), IsBaseChar)) return false;
  if (open == std::string_view::npos) return true;
  std::string_view qualifier = id.substr(open + 1);
  if (qualifier.size() < 2 || qualifier.back() != ']') return false;
  qualifier.remove_suffix(1);
  return std::all_of(qualifier.begin(), qualifier.end(), IsQualifierChar);
}

std::vector<std::string> Lookup(
    const absl::flat_hash_map<std::string, std::vector<std::string>>& map, std::string_view id) {
  auto it = map.find(Absl(id));
  return it == map.end() ? std::vector<std::string>{} : it->second;
}

}  // namespace

absl::Status Graph::AddTask(TaskSpec spec) {
  if (!IsValidId(spec.id)) {
    return absl::InvalidArgumentError(
        absl::StrCat("task id \"", spec.id,
                     "\" is malformed: want [a-z0-9-]+ with an optional [qualifier] of "
                     "[A-Za-z0-9._-]"));
  }
  if (index_.contains(spec.id)) {
    return absl::AlreadyExistsError(
        absl::StrCat("task id \"", spec.id, "\" is already in the graph"));
  }
  index_.emplace(spec.id, tasks_.size());
  tasks_.push_back(std::move(spec));
  return absl::OkStatus();
}

void Graph::AddEdge(std::string_view before, std::string_view after) {
  std::pair<std::string, std::string> edge(before, after);
  if (!edge_set_.insert(edge).second) return;
  dependencies_[edge.second].push_back(edge.first);
  dependents_[edge.first].push_back(edge.second);
  edges_.push_back(std::move(edge));
}

const TaskSpec* Graph::Find(std::string_view id) const {
  auto it = index_.find(Absl(id));
  return it == index_.end() ? nullptr : &tasks_[it->second];
}

std::vector<std::string> Graph::DependenciesOf(std::string_view id) const {
  return Lookup(dependencies_, id);
}

std::vector<std::string> Graph::DependentsOf(std::string_view id) const {
  return Lookup(dependents_, id);
}

absl::Status Graph::Validate() const {
  for (const auto& [before, after] : edges_) {
    const std::string edge = absl::StrCat("edge ", before, " -> ", after);
    for (const std::string* end : {&before, &after}) {
      if (!index_.contains(*end)) {
        return absl::InvalidArgumentError(absl::StrCat(edge, " names unknown task \"", *end, "\""));
      }
    }
    if (before == after) {
      return absl::InvalidArgumentError(absl::StrCat("task ", before, " depends on itself"));
    }
    if (Find(before)->on_failure != Find(after)->on_failure) {
      return absl::InvalidArgumentError(absl::StrCat(
          edge,
          " joins an on_failure task and an ordinary one; on_failure tasks may depend only "
          "on each other"));
    }
  }
  return FindCycle(DependentIndexes());
}

std::vector<std::vector<size_t>> Graph::DependentIndexes() const {
  std::vector<std::vector<size_t>> out(tasks_.size());
  for (const auto& [before, after] : edges_) {
    out[index_.at(before)].push_back(index_.at(after));
  }
  return out;
}

// Iterative depth-first search (a long chain must not overflow the stack), roots and edges in
// insertion order so the reported cycle is deterministic.
absl::Status Graph::FindCycle(const std::vector<std::vector<size_t>>& dependents) const {
  enum Color : char { kWhite, kGray, kBlack };
  std::vector<Color> color(tasks_.size(), kWhite);
  std::vector<std::pair<size_t, size_t>> stack;  // (task, next dependent to visit)
  for (size_t root = 0; root < tasks_.size(); ++root) {
    if (color[root] != kWhite) continue;
    stack.emplace_back(root, 0);
    color[root] = kGray;
    while (!stack.empty()) {
      auto& [task, next] = stack.back();
      if (next == dependents[task].size()) {
        color[task] = kBlack;
        stack.pop_back();
        continue;
      }
      const size_t to = dependents[task][next++];
      if (color[to] == kWhite) {
        color[to] = kGray;
        stack.emplace_back(to, 0);
      } else if (color[to] == kGray) {
        std::vector<std::string> cycle;
        auto first = std::find_if(stack.begin(), stack.end(),
                                  [to](const auto& frame) { return frame.first == to; });
        for (auto it = first; it != stack.end(); ++it) cycle.push_back(tasks_[it->first].id);
        cycle.push_back(tasks_[to].id);
        return absl::InvalidArgumentError(absl::StrCat("cycle: ", absl::StrJoin(cycle, " -> ")));
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> Graph::TopologicalOrder() const {
  if (absl::Status s = Validate(); !s.ok()) return s;
  const std::vector<std::vector<size_t>> dependents = DependentIndexes();
  std::vector<int> waiting(tasks_.size(), 0);
  for (const auto& out : dependents) {
    for (size_t to : out) ++waiting[to];
  }
  // Kahn's algorithm with a min-heap of indexes: of the ready tasks, the one added first goes
  // first.
  std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready;
  for (size_t i = 0; i < tasks_.size(); ++i) {
    if (!tasks_[i].on_failure && waiting[i] == 0) ready.push(i);
  }
  std::vector<std::string> order;
  while (!ready.empty()) {
    const size_t task = ready.top();
    ready.pop();
    order.push_back(tasks_[task].id);
    for (size_t to : dependents[task]) {
      if (--waiting[to] == 0) ready.push(to);
    }
  }
  return order;
}

absl::StatusOr<CriticalPath> Graph::ComputeCriticalPath() const {
  absl::StatusOr<std::vector<std::string>> order = TopologicalOrder();
  if (!order.ok()) return order.status();
  // finish[i]: the longest chain ending with task i, including it; via[i]: its predecessor there.
  constexpr size_t kNone = static_cast<size_t>(-1);
  std::vector<absl::Duration> finish(tasks_.size(), absl::ZeroDuration());
  std::vector<size_t> via(tasks_.size(), kNone);
  size_t last = kNone;
  for (const std::string& id : *order) {
    const size_t task = index_.at(id);
    for (const std::string& dep : Lookup(dependencies_, id)) {
      const size_t from = index_.at(dep);
      if (via[task] == kNone || finish[from] > finish[via[task]] ||
          (finish[from] == finish[via[task]] && from < via[task])) {
        via[task] = from;
      }
    }
    finish[task] =
        tasks_[task].estimate + (via[task] == kNone ? absl::ZeroDuration() : finish[via[task]]);
    if (last == kNone || finish[task] > finish[last] ||
        (finish[task] == finish[last] && task < last)) {
      last = task;
    }
  }
  CriticalPath path{{}, absl::ZeroDuration()};
  if (last == kNone) return path;
  path.length = finish[last];
  for (size_t task = last; task != kNone; task = via[task])
    path.task_ids.push_back(tasks_[task].id);
  std::reverse(path.task_ids.begin(), path.task_ids.end());
  return path;
}

}  // namespace eksa::planner::dag
