// Graph pieces about machines that the create and upgrade workflows share.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "libs/spec/model.h"
#include "services/planner/workflows/machines.h"
#include "services/planner/workflows/tasks.h"

namespace eksa::planner::workflows {

// The params of a create-vm task for `m`.
std::map<std::string, std::string> MachineParams(const Machine& m);

// Adds a preflight-machine-config task per machine config that `machines` use (after `vcenter`,
// before `capacity`), and one ensure-template task per OS and Kubernetes version that a machine
// config without a template needs (after that config's preflight). Returns machine name →
// ensure-template task id for the machines that need an import.
std::map<std::string, std::string> AddMachineConfigChecks(
    GraphBuilder& b, const spec::ClusterSpec& spec, const std::vector<Machine>& machines,
    const std::string& vsphere_pool, const std::string& vcenter, const std::string& capacity);

}  // namespace eksa::planner::workflows
