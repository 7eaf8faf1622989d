// Rules across objects: one Cluster per file, unique names per kind, references that resolve to
// an object of the right kind, namespaces, one OS family with external etcd, unused objects.
#include <map>
#include <set>
#include <string>

#include "libs/spec/validate_internal.h"

namespace eksa::spec::internal {
namespace {

struct Object {
  std::string kind;
  const ObjectHeader* header;
};

// Every named object, by name, in file order.
std::multimap<std::string, Object> Index(const ClusterSpec& spec) {
  std::multimap<std::string, Object> index;
  auto add = [&](const ObjectHeader& h) {
    index.emplace(h.metadata.name.value, Object{h.kind.value, &h});
  };
  for (const auto& o : spec.clusters) add(o.header);
  for (const auto& o : spec.datacenters) add(o.header);
  for (const auto& o : spec.machines) add(o.header);
  for (const auto& o : spec.gitops) add(o.header);
  return index;
}

void CheckDuplicates(const std::multimap<std::string, Object>& index, Diagnostics& diags) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& [name, o] : index) {
    if (name.empty() || seen.insert({o.kind, name}).second) continue;
    diags.SetObject(o.kind, name);
    diags.Error(o.header->metadata.name.pos, "metadata.name",
                "another " + o.kind + " is already named \"" + name + "\"",
                "give every " + o.kind + " its own name");
  }
}

class RefChecker {
 public:
  RefChecker(const std::multimap<std::string, Object>& index, const Cluster& cluster,
             Diagnostics& diags)
      : index_(index), cluster_(cluster), diags_(diags) {}

  // Checks that `ref` names an object of one of `kinds`; returns it (or null).
  const ObjectHeader* Resolve(const Ref& ref, const std::string& field,
                              const std::set<std::string>& kinds) {
    if (!ref.present || ref.name.value.empty()) return nullptr;  // reported by ValidateCluster
    diags_.SetObject("Cluster", cluster_.header.metadata.name.value);
    std::string want = *kinds.begin();
    if (ref.kind.set && !kinds.count(ref.kind.value)) {
      diags_.Error(ref.kind.pos, field + ".kind",
                   "must be " + want + (kinds.size() > 1 ? " or " + *kinds.rbegin() : "") +
                       ", got \"" + ref.kind.value + "\"",
                   "set kind: " + want);
      return nullptr;
    }
    const std::string& kind = ref.kind.set ? ref.kind.value : want;
    auto [first, last] = index_.equal_range(ref.name.value);
    std::string other;
    for (auto it = first; it != last; ++it) {
      if (it->second.kind == kind) {
        used_.insert({kind, ref.name.value});
        return it->second.header;
      }
      other = it->second.kind;
    }
    diags_.Error(ref.name.pos, field + ".name",
                 other.empty() ? kind + " \"" + ref.name.value + "\" not found in this file"
                               : "\"" + ref.name.value + "\" is a " + other + ", not a " + kind,
                 "add a " + kind + " document named " + ref.name.value + " or fix the name");
    return nullptr;
  }

  bool Used(const std::string& kind, const std::string& name) const {
    return used_.count({kind, name}) > 0;
  }

 private:
  const std::multimap<std::string, Object>& index_;
  const Cluster& cluster_;
  Diagnostics& diags_;
  std::set<std::pair<std::string, std::string>> used_;
};

const VSphereMachineConfig* FindMachine(const ClusterSpec& spec, const ObjectHeader* h) {
  for (const auto& m : spec.machines) {
    if (&m.header == h) return &m;
  }
  return nullptr;
}

void CheckNamespace(const Cluster& c, const ObjectHeader* h, Diagnostics& diags) {
  if (h == nullptr) return;
  const std::string& want = c.header.metadata.namespace_.value;
  const std::string& got = h->metadata.namespace_.value;
  if (got == want) return;
  diags.SetObject(h->kind.value, h->metadata.name.value);
  diags.Error(h->metadata.namespace_.pos, "metadata.namespace",
              "namespace \"" + got + "\" differs from the Cluster's namespace \"" + want + "\"",
              "put every object of the cluster in namespace " + want);
}

}  // namespace

void ValidateReferences(const ClusterSpec& spec, Diagnostics& diags) {
  diags.SetObject("", "");
  if (spec.clusters.empty()) {
    diags.Error({}, "", "no Cluster object in the file",
                "add a document with kind: Cluster (eksa generate clusterconfig NAME --provider "
                "vsphere writes one)");
    return;
  }
  for (size_t i = 1; i < spec.clusters.size(); ++i) {
    diags.SetObject("Cluster", spec.clusters[i].header.metadata.name.value);
    diags.Error(spec.clusters[i].header.kind.pos, "kind",
                "a spec file holds one Cluster; this is Cluster " + std::to_string(i + 1) + " of " +
                    std::to_string(spec.clusters.size()),
                "put each cluster in its own file");
  }
  std::multimap<std::string, Object> index = Index(spec);
  CheckDuplicates(index, diags);

  const Cluster& c = spec.clusters[0];
  RefChecker refs(index, c, diags);
  const std::set<std::string> machine_kind = {"VSphereMachineConfig"};
  const ObjectHeader* dc =
      refs.Resolve(c.datacenter_ref, "spec.datacenterRef", {"VSphereDatacenterConfig"});
  CheckNamespace(c, dc, diags);
  std::vector<const VSphereMachineConfig*> machines;
  auto machine = [&](const Ref& ref, const std::string& field) {
    const ObjectHeader* h = refs.Resolve(ref, field, machine_kind);
    CheckNamespace(c, h, diags);
    if (const VSphereMachineConfig* m = FindMachine(spec, h)) machines.push_back(m);
  };
  machine(c.control_plane.machine_group_ref, "spec.controlPlaneConfiguration.machineGroupRef");
  for (const WorkerNodeGroup& g : c.worker_node_groups) {
    machine(g.machine_group_ref, g.path + ".machineGroupRef");
  }
  if (c.external_etcd.present) {
    machine(c.external_etcd.machine_group_ref, "spec.externalEtcdConfiguration.machineGroupRef");
    for (const VSphereMachineConfig* m : machines) {
      if (m->os_family.value == machines[0]->os_family.value) continue;
      diags.SetObject("VSphereMachineConfig", m->header.metadata.name.value);
      diags.Error(m->os_family.pos, "spec.osFamily",
                  "with external etcd every machine config must use one osFamily; " +
                      machines[0]->header.metadata.name.value + " uses " +
                      machines[0]->os_family.value,
                  "use the same osFamily in every VSphereMachineConfig");
    }
  }
  if (c.git_ops_ref.present) {
    CheckNamespace(c, refs.Resolve(c.git_ops_ref, "spec.gitOpsRef", {"FluxConfig", "GitOpsConfig"}),
                   diags);
  }
  for (const auto& [name, o] : index) {
    if (o.kind == "Cluster" || refs.Used(o.kind, name)) continue;
    diags.SetObject(o.kind, name);
    diags.Warning(o.header->kind.pos, "",
                  o.kind + " \"" + name + "\" is not referenced by the Cluster",
                  "remove it or reference it from the Cluster");
  }
  diags.SetObject("", "");
}

}  // namespace eksa::spec::internal
