// Defaults exactly as EKS Anywhere applies them before validating (EKSA_REFERENCE §3.3, §3.4):
//  Cluster: metadata.namespace "default"; the first worker group is named md-0; a worker count
//    defaults to autoscalingConfiguration.minCount, else 1; the deprecated `cni: cilium` becomes
//    cniConfig.cilium; managementCluster.name defaults to the cluster's own name; the registry
//    mirror port to "443".
//  VSphereDatacenterConfig: a relative network becomes /<datacenter>/network/<network>;
//    `insecure: true` clears the thumbprint (with a warning).
//  VSphereMachineConfig (0 counts as unset, as in EKS-A): memoryMiB 8192 (values below 2048 are
//  raised to 2048; etcd machines to at
//    least 8192), numCPUs 2, diskGiB 25 (values below 20 raised to 20), osFamily bottlerocket
//    (with a warning), users [{name: ec2-user (Bottlerocket) | capv (Ubuntu, Red Hat)}].
//  GitOpsConfig / FluxConfig: branch main, system namespace flux-system, clusterConfigPath
//    clusters/<cluster name>, sshKeyAlgorithm ecdsa for git.
// Defaulted values have Value::defaulted set and keep the position of the map they belong to.
// Raising a value the user wrote is reported as a warning.
#pragma once

#include "libs/spec/diagnostic.h"
#include "libs/spec/model.h"

namespace eksa::spec {

void ApplyDefaults(ClusterSpec& spec, Diagnostics& diags);

}  // namespace eksa::spec
