// `eksa generate clusterconfig NAME --provider vsphere`: the spec EKS-A writes (EKSA_REFERENCE
// §3.10): control plane count 2, external etcd count 3, worker group md-0 with count 2, three
// VSphereMachineConfigs (NAME-cp, NAME, NAME-etcd: 25 GiB disk, 2 CPUs, 8192 MiB, bottlerocket,
// ec2-user with an SSH key placeholder) and a VSphereDatacenterConfig with empty fields.
// The empty fields and the key placeholder are what `eksa validate` then flags by name.
#pragma once

#include <string>
#include <string_view>

namespace eksa::spec {

// The Kubernetes version generate writes; eksa's default for new clusters.
inline constexpr char kDefaultKubernetesVersion[] = "1.31";

// Returns the multi-document YAML. `name` is used as given (validate checks it).
std::string GenerateClusterConfig(std::string_view name);

}  // namespace eksa::spec
