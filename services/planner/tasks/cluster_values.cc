#include "services/planner/tasks/cluster_values.h"

#include <algorithm>
#include <functional>
#include <map>
#include <string>

#include "services/planner/tasks/pki_outputs.h"
#include "services/planner/workflows/tasks.h"

namespace eksa::planner::tasks {
namespace {

std::string Dashed(std::string_view version) {
  std::string out(version);
  std::replace(out.begin(), out.end(), '.', '-');
  return out;
}

}  // namespace

std::string KindClusterName(std::string_view cluster) {
  return std::string(cluster) + "-eks-a-cluster";
}

absl::StatusOr<const spec::VSphereMachineConfig*> MachineConfig(const OperationSpec& op,
                                                                const std::string& name) {
  for (const spec::VSphereMachineConfig& m : op.spec.machines) {
    if (m.header.metadata.name.value == name) return &m;
  }
  return absl::FailedPreconditionError("the spec has no VSphereMachineConfig " + name);
}

eksa::vsphere::v1::OsFamily OsFamilyOf(std::string_view os_family) {
  if (os_family == "bottlerocket") return eksa::vsphere::v1::OS_FAMILY_BOTTLEROCKET;
  if (os_family == "ubuntu") return eksa::vsphere::v1::OS_FAMILY_UBUNTU;
  if (os_family == "redhat") return eksa::vsphere::v1::OS_FAMILY_REDHAT;
  return eksa::vsphere::v1::OS_FAMILY_UNSPECIFIED;
}

std::string VmPath(const spec::VSphereDatacenterConfig& dc, std::string_view folder,
                   std::string_view vm_name) {
  std::string base;
  if (!folder.empty() && folder.front() == '/') {
    base = std::string(folder);
  } else {
    base = "/" + dc.datacenter.value + "/vm";
    if (!folder.empty()) base += "/" + std::string(folder);
  }
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  return base + "/" + std::string(vm_name);
}

absl::StatusOr<std::string> WorkloadKubeconfig(const TaskEnv& env) {
  if (const dag::TaskOutputs* pki = env.ctx.OutputsOf(workflows::kind::kGeneratePki)) {
    if (auto it = pki->find(kAdminKubeconfigOutput); it != pki->end() && !it->second.empty()) {
      return it->second;
    }
  }
  if (env.op.record.has_value() && !env.op.record->kubeconfig.empty()) {
    return env.op.record->kubeconfig;
  }
  return absl::FailedPreconditionError(
      "no kubeconfig for cluster " + env.op.name() +
      ": generate-pki has not run in this operation and the cluster record holds none");
}

std::string PlaceholderKubeadmVersion(std::string_view minor_version) {
  return "v" + std::string(minor_version) + ".0";
}

std::string PlaceholderEtcdVersion(std::string_view minor_version) {
  static const auto* const kByMinor = new std::map<std::string, std::string, std::less<>>{
      {"1.28", "3.5.9"},  {"1.29", "3.5.10"}, {"1.30", "3.5.12"},
      {"1.31", "3.5.15"}, {"1.32", "3.5.16"}, {"1.33", "3.5.21"}};
  auto it = kByMinor->find(minor_version);
  return it == kByMinor->end() ? "3.5.15" : it->second;
}

std::string PlaceholderKindNodeImage(std::string_view minor_version) {
  return "public.ecr.aws/eks-anywhere/kubernetes-sigs/kind/node:v" + std::string(minor_version) +
         ".0-eks-a";
}

std::string PlaceholderBottlerocketBootstrapImage(std::string_view minor_version) {
  return "public.ecr.aws/eks-anywhere/bottlerocket-bootstrap:v" + Dashed(minor_version) + "-eks-a";
}

std::string PlaceholderEksdRelease(std::string_view minor_version) {
  return "kubernetes-" + Dashed(minor_version) + "-eks";
}

std::string PlaceholderTemplateName(std::string_view os_family, std::string_view minor_version) {
  return std::string(os_family) + "-kube-v" + Dashed(minor_version);
}

}  // namespace eksa::planner::tasks
