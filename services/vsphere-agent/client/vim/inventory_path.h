// Inventory path strings, the way govc reads them: "/dc/vm/eksa/homelab" (absolute),
// "eksa/homelab" or "./eksa/homelab" (relative to a datacenter folder), "ds1" (a bare name,
// searched for anywhere below that folder), with shell globs (*, ?, [...]) per component.
//
// Pure string functions; the finder (finder.h) does the lookups.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace eksa::vsphere::vim {

// How an argument is to be resolved.
enum class PathForm {
  kName,      // no '/': search by name below the base folder (recursively)
  kRelative,  // has '/', does not start with it: a path below the base folder
  kAbsolute,  // starts with '/': a full inventory path from the root folder
};

PathForm ClassifyPath(std::string_view arg);

// The components of a path: "/dc//vm/./x/" → {"dc", "vm", "x"}. ".." is kept as a component (the
// finder rejects it: govc does not traverse up either).
std::vector<std::string> SplitPath(std::string_view path);

// "/" + components joined by '/'; "/" for none.
std::string JoinPath(const std::vector<std::string>& components);

// `base` + "/" + `relative`, cleaned: ("/dc/vm", "./eksa/x") → "/dc/vm/eksa/x".
std::string ResolvePath(std::string_view base, std::string_view relative);

// Whether `s` holds a glob metacharacter (*, ? or [).
bool HasGlob(std::string_view s);

// fnmatch(3) of one component (no FNM_PATHNAME needed: components hold no '/').
bool MatchComponent(std::string_view pattern, std::string_view name);

// Whether the components of `path` match the patterns one for one (same count).
bool MatchPath(const std::vector<std::string>& patterns, const std::vector<std::string>& path);

}  // namespace eksa::vsphere::vim
