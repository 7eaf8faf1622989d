// YAML documents → the spec model (model.h), reporting type errors, unknown fields (with a
// did-you-mean), EKS-A fields eksa does not support yet, duplicate keys, and documents of a
// wrong apiVersion or kind. Empty documents (a stray `---`) are skipped.
#pragma once

#include <vector>

#include "libs/spec/diagnostic.h"
#include "libs/spec/model.h"
#include "libs/spec/yaml_tree.h"

namespace eksa::spec {

ClusterSpec ParseSpec(const std::vector<YamlDocument>& docs, Diagnostics& diags);

}  // namespace eksa::spec
