// Readers for the pieces every kind shares (header, metadata, refs, taints). Internal to
// libs/spec.
#pragma once

#include <string>
#include <vector>

#include "libs/spec/model.h"
#include "libs/spec/reader.h"

namespace eksa::spec::internal {

void ReadMetadata(MapReader& object, ObjectMeta& meta);
Ref ReadRef(MapReader& parent, std::string_view key);
std::vector<Taint> ReadTaints(MapReader& parent);
UpgradeRolloutStrategy ReadRolloutStrategy(MapReader& parent, bool workers);

// Kind-specific spec readers (parse_cluster.cc, parse_vsphere.cc, parse_gitops.cc).
void ReadClusterSpec(MapReader& spec, Cluster& c);
void ReadDatacenterSpec(MapReader& spec, VSphereDatacenterConfig& dc);
void ReadMachineSpec(MapReader& spec, VSphereMachineConfig& m);
void ReadGitOpsConfigSpec(MapReader& spec, GitOpsObject& g);
void ReadFluxConfigSpec(MapReader& spec, GitOpsObject& g);

}  // namespace eksa::spec::internal
