#include "services/vsphere-agent/client/vim/inventory_path.h"

#include <fnmatch.h>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "libs/common/absl_view.h"

namespace eksa::vsphere::vim {

PathForm ClassifyPath(std::string_view arg) {
  if (!arg.empty() && arg.front() == '/') return PathForm::kAbsolute;
  if (arg.find('/') != std::string_view::npos) return PathForm::kRelative;
  return PathForm::kName;
}

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(AbslView(path), '/', absl::SkipEmpty())) {
    if (part == ".") continue;
    out.emplace_back(part);
  }
  return out;
}

std::string JoinPath(const std::vector<std::string>& components) {
  return "/" + absl::StrJoin(components, "/");
}

std::string ResolvePath(std::string_view base, std::string_view relative) {
  std::vector<std::string> parts = SplitPath(base);
  for (std::string& p : SplitPath(relative)) parts.push_back(std::move(p));
  return JoinPath(parts);
}

bool HasGlob(std::string_view s) { return s.find_first_of("*?[") != std::string_view::npos; }

bool MatchComponent(std::string_view pattern, std::string_view name) {
  return fnmatch(std::string(pattern).c_str(), std::string(name).c_str(), 0) == 0;
}

bool MatchPath(const std::vector<std::string>& patterns, const std::vector<std::string>& path) {
  if (patterns.size() != path.size()) return false;
  for (size_t i = 0; i < path.size(); ++i) {
    if (!MatchComponent(patterns[i], path[i])) return false;
  }
  return true;
}

}  // namespace eksa::vsphere::vim
