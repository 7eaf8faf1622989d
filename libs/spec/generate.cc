#include "libs/spec/generate.h"

#include <string>

namespace eksa::spec {
namespace {

std::string MachineConfig(const std::string& name) {
  return "apiVersion: anywhere.eks.amazonaws.com/v1alpha1\n"
         "kind: VSphereMachineConfig\n"
         "metadata:\n"
         "  name: " +
         name +
         "\n"
         "spec:\n"
         "  datastore: \"\"\n"
         "  diskGiB: 25\n"
         "  folder: \"\"\n"
         "  memoryMiB: 8192\n"
         "  numCPUs: 2\n"
         "  osFamily: bottlerocket\n"
         "  resourcePool: \"\"\n"
         "  users:\n"
         "  - name: ec2-user\n"
         "    sshAuthorizedKeys:\n"
         "    - ssh-rsa AAAA...\n"
         "\n---\n";
}

}  // namespace

std::string GenerateClusterConfig(std::string_view name_view) {
  const std::string name(name_view);
  // Keys are sorted and every document ends with "\n---\n", as sigs.k8s.io/yaml writes them.
  std::string out =
      "apiVersion: anywhere.eks.amazonaws.com/v1alpha1\n"
      "kind: Cluster\n"
      "metadata:\n"
      "  name: " +
      name +
      "\n"
      "spec:\n"
      "  clusterNetwork:\n"
      "    cniConfig:\n"
      "      cilium: {}\n"
      "    pods:\n"
      "      cidrBlocks:\n"
      "      - 192.168.0.0/16\n"
      "    services:\n"
      "      cidrBlocks:\n"
      "      - 10.96.0.0/12\n"
      "  controlPlaneConfiguration:\n"
      "    count: 2\n"
      "    endpoint:\n"
      "      host: \"\"\n"
      "    machineGroupRef:\n"
      "      kind: VSphereMachineConfig\n"
      "      name: " +
      name +
      "-cp\n"
      "  datacenterRef:\n"
      "    kind: VSphereDatacenterConfig\n"
      "    name: " +
      name +
      "\n"
      "  externalEtcdConfiguration:\n"
      "    count: 3\n"
      "    machineGroupRef:\n"
      "      kind: VSphereMachineConfig\n"
      "      name: " +
      name +
      "-etcd\n"
      "  kubernetesVersion: \"" +
      kDefaultKubernetesVersion +
      "\"\n"
      "  managementCluster:\n"
      "    name: " +
      name +
      "\n"
      "  workerNodeGroupConfigurations:\n"
      "  - count: 2\n"
      "    machineGroupRef:\n"
      "      kind: VSphereMachineConfig\n"
      "      name: " +
      name +
      "\n"
      "    name: md-0\n"
      "\n---\n"
      "apiVersion: anywhere.eks.amazonaws.com/v1alpha1\n"
      "kind: VSphereDatacenterConfig\n"
      "metadata:\n"
      "  name: " +
      name +
      "\n"
      "spec:\n"
      "  datacenter: \"\"\n"
      "  insecure: false\n"
      "  network: \"\"\n"
      "  server: \"\"\n"
      "  thumbprint: \"\"\n"
      "\n---\n";
  out += MachineConfig(name + "-cp");
  out += MachineConfig(name);
  out += MachineConfig(name + "-etcd");
  return out;
}

}  // namespace eksa::spec
