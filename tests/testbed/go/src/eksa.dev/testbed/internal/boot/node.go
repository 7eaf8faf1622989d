package boot

import (
	"context"
	"encoding/base64"
	"time"

	"eksa.dev/testbed/internal/kube"
)

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// nodeSpec is what the simulated kubelet registers.
type nodeSpec struct {
	Name         string
	IP           string
	ControlPlane bool
	Version      string // kubeletVersion; the ClusterConfiguration's kubernetesVersion
	OSImage      string
	Annotations  map[string]string
}

// registerNode creates the Node (or keeps an existing one, as a rebooted kubelet does) and sets
// its status: Ready=True, InternalIP and Hostname addresses, nodeInfo, capacity.
// Simplification: no kubelet, no CSR; the Node stays Ready until deleted.
func registerNode(ctx context.Context, c *kube.Client, n nodeSpec) error {
	labels := map[string]string{"kubernetes.io/hostname": n.Name, "kubernetes.io/os": "linux",
		"kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "beta.kubernetes.io/arch": "amd64"}
	var taints []obj
	if n.ControlPlane {
		labels["node-role.kubernetes.io/control-plane"] = ""
		labels["node-role.kubernetes.io/master"] = ""
		taints = []obj{{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}}
	}
	annotations := map[string]string{"node.alpha.kubernetes.io/ttl": "0",
		"testbed.eksa.dev/simulated": "machine-boot"}
	for k, v := range n.Annotations {
		annotations[k] = v
	}
	node := obj{"apiVersion": "v1", "kind": "Node",
		"metadata": obj{"name": n.Name, "labels": labels, "annotations": annotations},
		"spec":     obj{"taints": taints}}
	if err := c.Create(ctx, "/api/v1/nodes", node, nil); err != nil && !kube.IsConflict(err) {
		return err
	}
	now := time.Now().UTC().Format(time.RFC3339)
	version := n.Version
	if version == "" {
		version = "v1.20.2"
	}
	resources := obj{"cpu": "2", "memory": "8Gi", "pods": "110", "ephemeral-storage": "20Gi"}
	status := obj{"status": obj{
		"conditions": []obj{{"type": "Ready", "status": "True", "reason": "KubeletReady",
			"message":           "kubelet is posting ready status (simulated by the eksa testbed)",
			"lastHeartbeatTime": now, "lastTransitionTime": now}},
		"addresses": []obj{{"type": "InternalIP", "address": n.IP}, {"type": "Hostname", "address": n.Name}},
		"nodeInfo": obj{"kubeletVersion": version, "kubeProxyVersion": version, "osImage": n.OSImage,
			"operatingSystem": "linux", "architecture": "amd64", "containerRuntimeVersion": "containerd://1.6.0",
			"kernelVersion": "testbed", "machineID": n.Name, "systemUUID": n.Name, "bootID": now},
		"capacity": resources, "allocatable": resources,
	}}
	return c.PatchStatus(ctx, "/api/v1/nodes/"+n.Name, status, nil)
}
