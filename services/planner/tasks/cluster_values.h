// Values tasks derive from the spec, and the placeholders that stand in for the EKS-A bundle
// (versions bundle: images, provider versions, OVAs) until the planner reads one. Every
// placeholder is here, named Placeholder*, so the bundles work replaces this file's lower half.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "eksa/vsphere/v1/vsphere_agent.pb.h"
#include "libs/spec/model.h"
#include "services/planner/tasks/task_env.h"

namespace eksa::planner::tasks {

// "<cluster>-eks-a-cluster": the kind bootstrap cluster's name, and the stem of the artifacts.
std::string KindClusterName(std::string_view cluster);

// The vSphere tag category of the cluster tag every machine gets ("eksaCluster:<cluster>"), by
// which ListVms finds a cluster's VMs.
inline constexpr char kClusterTagCategory[] = "eksaCluster";

// The VSphereMachineConfig named `name`; kFailedPrecondition when the spec has none.
absl::StatusOr<const spec::VSphereMachineConfig*> MachineConfig(const OperationSpec& op,
                                                                const std::string& name);

// spec.osFamily → the proto enum (unknown → UNSPECIFIED).
eksa::vsphere::v1::OsFamily OsFamilyOf(std::string_view os_family);

// "<folder>/<vm>" when the folder is a full inventory path, else "/<dc>/vm/<folder>/<vm>" (the
// path govc resolves a relative folder to); "/<dc>/vm/<vm>" without a folder.
std::string VmPath(const spec::VSphereDatacenterConfig& dc, std::string_view folder,
                   std::string_view vm_name);

// The new cluster's admin kubeconfig: generate-pki's "secret.admin-kubeconfig" output when the
// operation generated (or reused) the PKI, else the cluster record's. kFailedPrecondition when
// neither is available.
absl::StatusOr<std::string> WorkloadKubeconfig(const TaskEnv& env);

// --- Placeholders for the EKS-A versions bundle ------------------------------------------------

// The full Kubernetes version kubeadm is given for a spec's "1.31": "v1.31.0". The bundle names
// the EKS-D release and with it the patch version.
std::string PlaceholderKubeadmVersion(std::string_view minor_version);
// etcd's version for external etcd members (etcdadm --version): kubeadm's default etcd of that
// Kubernetes minor; the bundle names EKS-D's etcd build.
std::string PlaceholderEtcdVersion(std::string_view minor_version);
// kind node image for the bootstrap cluster.
std::string PlaceholderKindNodeImage(std::string_view minor_version);
// Bottlerocket kubeadm bootstrap container image.
std::string PlaceholderBottlerocketBootstrapImage(std::string_view minor_version);
// EKS-D release name ("kubernetes-1-31-eks"), the template's eksdRelease tag value.
std::string PlaceholderEksdRelease(std::string_view minor_version);
// Template name for an imported OVA: "<os>-kube-v1-31" (EKS-A: <os>-<kube>-<eksd>-<arch>-<sha7>).
std::string PlaceholderTemplateName(std::string_view os_family, std::string_view minor_version);
// Cluster API provider versions clusterctl init installs.
inline constexpr char kPlaceholderCapiVersion[] = "v1.5.2";
inline constexpr char kPlaceholderCapvVersion[] = "v1.7.4";
inline constexpr char kPlaceholderEtcdadmBootstrapVersion[] = "v1.0.10";
inline constexpr char kPlaceholderEtcdadmControllerVersion[] = "v1.0.15";

}  // namespace eksa::planner::tasks
