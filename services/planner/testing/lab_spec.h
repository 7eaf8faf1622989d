// A small valid vSphere spec on loopback addresses for planner tests: cluster "lab", one control
// plane and two workers on one machine config with a template, stacked etcd, no GitOps.
#pragma once

namespace eksa::planner::testing {

inline constexpr char kLab[] = R"(apiVersion: anywhere.eks.amazonaws.com/v1alpha1
kind: Cluster
metadata:
  name: lab
spec:
  kubernetesVersion: "1.31"
  clusterNetwork:
    cniConfig: {cilium: {}}
    pods: {cidrBlocks: [192.168.0.0/16]}
    services: {cidrBlocks: [10.96.0.0/12]}
  controlPlaneConfiguration:
    count: 1
    endpoint: {host: 127.0.0.10}
    machineGroupRef: {kind: VSphereMachineConfig, name: lab}
  datacenterRef: {kind: VSphereDatacenterConfig, name: lab}
  workerNodeGroupConfigurations:
  - {name: md-0, count: 2, machineGroupRef: {kind: VSphereMachineConfig, name: lab}}
---
apiVersion: anywhere.eks.amazonaws.com/v1alpha1
kind: VSphereDatacenterConfig
metadata: {name: lab}
spec: {datacenter: DC0, network: VM Network, server: 127.0.0.2}
---
apiVersion: anywhere.eks.amazonaws.com/v1alpha1
kind: VSphereMachineConfig
metadata: {name: lab}
spec: {datastore: /DC0/datastore/LocalDS_0, resourcePool: /DC0/host/DC0_C0/Resources, osFamily: bottlerocket, template: /DC0/vm/br}
)";

}  // namespace eksa::planner::testing
