// The entry point of libs/spec: read a cluster spec file, parse it, apply EKS-A's defaults and
// validate it, collecting every problem at once.
//
//   eksa::spec::LoadResult r = eksa::spec::LoadSpecFile("homelab.yaml");
//   for (const auto& d : r.diagnostics.items()) std::cerr << FormatText(d) << "\n";
//   if (r.diagnostics.HasErrors()) return 1;
#pragma once

#include <string>
#include <string_view>

#include "libs/spec/diagnostic.h"
#include "libs/spec/model.h"
#include "libs/spec/yaml_tree.h"

namespace eksa::spec {

struct LoadResult {
  ClusterSpec spec;         // meaningful only when !diagnostics.HasErrors()
  Diagnostics diagnostics;  // sorted by position
};

// Parses, defaults and validates `text`; `file_name` names the file in diagnostics.
// Parsing stops at a YAML syntax or limit error (nothing else is checked then); otherwise every
// problem of every document is reported.
LoadResult LoadSpec(std::string_view file_name, std::string_view text,
                    const ParseLimits& limits = {});

// Reads `path` (at most limits.max_bytes; a larger file is one diagnostic, and the file is not
// read) and calls LoadSpec. A missing or unreadable file is one file-level diagnostic.
LoadResult LoadSpecFile(const std::string& path, const ParseLimits& limits = {});

}  // namespace eksa::spec
