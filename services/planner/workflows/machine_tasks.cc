#include "services/planner/workflows/machine_tasks.h"

#include <set>

namespace eksa::planner::workflows {

std::map<std::string, std::string> MachineParams(const Machine& m) {
  return {{"machine", m.name},
          {"role", std::string(RoleName(m.role))},
          {"group", m.group},
          {"index", std::to_string(m.index)},
          {"machineConfig", m.machine_config},
          {"kubernetesVersion", m.kubernetes_version}};
}

std::map<std::string, std::string> AddMachineConfigChecks(
    GraphBuilder& b, const spec::ClusterSpec& spec, const std::vector<Machine>& machines,
    const std::string& vsphere_pool, const std::string& vcenter, const std::string& capacity) {
  std::set<std::string> configs;
  for (const Machine& m : machines) configs.insert(m.machine_config);
  for (const std::string& config : configs) {
    std::string check =
        b.Add(kind::kPreflightMachineConfig, config, vsphere_pool, {{"machineConfig", config}});
    b.Edge(vcenter, check);
    b.Edge(check, capacity);
  }
  // OVA imports: one per OS and Kubernetes version, shared by the machine configs that need it.
  std::map<std::string, std::string> template_task;
  std::set<std::string> imports;
  for (const Machine& m : machines) {
    const spec::VSphereMachineConfig* config = FindMachineConfig(spec, m.machine_config);
    if (config == nullptr || !config->template_.value.empty()) continue;
    const std::string import = config->os_family.value + "-" + m.kubernetes_version;
    const std::string id = TaskId(kind::kEnsureTemplate, import);
    if (imports.insert(id).second) {
      b.Add(kind::kEnsureTemplate, import, vsphere_pool,
            {{"osFamily", config->os_family.value}, {"kubernetesVersion", m.kubernetes_version}});
    }
    b.Edge(TaskId(kind::kPreflightMachineConfig, m.machine_config), id);
    template_task[m.name] = id;
  }
  return template_task;
}

}  // namespace eksa::planner::workflows
