package kindstate

import (
	"context"
	"crypto/tls"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"eksa.dev/testbed/internal/kube"
	"eksa.dev/testbed/internal/standin/k8s"
	"eksa.dev/testbed/internal/standin/kubecfg"
)

// The steps of a create, in order; each is idempotent for a claimed Record.

// WritePKI makes the cluster's CA, the API server's serving certificate, the admin client
// certificate (CN kubernetes-admin, O system:masters, as kind's kubeadm makes it) and the
// service-account key pair under pki/.
func WritePKI(r Record) error {
	dir := Path(r.Name, "pki")
	ca, err := kube.NewCA("kubernetes")
	if err != nil {
		return err
	}
	keyPEM, err := ca.KeyPEM()
	if err != nil {
		return err
	}
	if err := kube.WritePair(dir, "ca", ca.CertPEM, keyPEM); err != nil {
		return err
	}
	node := r.Name + "-control-plane"
	if err := ca.IssueFiles(dir, "apiserver", kube.Leaf{CommonName: "kube-apiserver", Server: true,
		DNSNames: []string{node, "kubernetes", "kubernetes.default", "kubernetes.default.svc",
			"kubernetes.default.svc.cluster.local", "localhost"},
		IPs: []string{r.Address, "10.96.0.1"}}); err != nil {
		return err
	}
	if err := ca.IssueFiles(dir, "admin", kube.Leaf{CommonName: "kubernetes-admin",
		Organization: []string{"system:masters"}, Client: true}); err != nil {
		return err
	}
	priv, pub, err := kube.NewServiceAccountKey()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "sa.key"), priv, 0o600); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "sa.pub"), pub, 0o644)
}

func etcdURL(r Record, port int) string { return "http://" + r.Address + ":" + strconv.Itoa(port) }

// StartEtcd starts the cluster's etcd (plain http on <address>:2379/2380, detached, PID file
// etcd.pid) and waits until it is healthy.
func StartEtcd(ctx context.Context, r Record) error {
	p, err := kube.StartEtcd(kube.EtcdConfig{
		Name: r.Name, DataDir: Path(r.Name, "etcd"),
		ClientURLs: []string{etcdURL(r, 2379)}, PeerURLs: []string{etcdURL(r, 2380)},
	}, kube.StartOptions{LogFile: Path(r.Name, "logs", "etcd.log"), PIDFile: Path(r.Name, "etcd.pid"), Detach: true})
	if err != nil {
		return err
	}
	return kube.WaitEtcdHealthy(ctx, etcdURL(r, 2379), nil, p)
}

// StartAPIServer starts kube-apiserver (detached, PID file kube-apiserver.pid) against the
// cluster's etcd and waits for /readyz, verifying the serving certificate with the cluster CA.
func StartAPIServer(ctx context.Context, r Record) error {
	pki := Path(r.Name, "pki")
	cfg := kube.APIServerConfig{
		BindAddress: r.Address, Port: r.Port,
		EtcdServers: []string{etcdURL(r, 2379)},
		TLSCertFile: filepath.Join(pki, "apiserver.crt"), TLSKeyFile: filepath.Join(pki, "apiserver.key"),
		ClientCAFile:                 filepath.Join(pki, "ca.crt"),
		ServiceAccountKeyFile:        filepath.Join(pki, "sa.pub"),
		ServiceAccountSigningKeyFile: filepath.Join(pki, "sa.key"),
		CertDir:                      Path(r.Name, "apiserver"),
	}
	p, err := kube.StartAPIServer(cfg, kube.StartOptions{LogFile: Path(r.Name, "logs", "kube-apiserver.log"),
		PIDFile: Path(r.Name, "kube-apiserver.pid"), Detach: true})
	if err != nil {
		return err
	}
	caPEM, err := os.ReadFile(filepath.Join(pki, "ca.crt"))
	if err != nil {
		return err
	}
	pool, err := kube.CertPool(caPEM)
	if err != nil {
		return err
	}
	return kube.WaitReady(ctx, cfg.URL(), &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}, p)
}

// ContextName is kind's kubeconfig name for a cluster: cluster, user and context "kind-<name>".
func ContextName(name string) string { return "kind-" + name }

// Kubeconfig renders the cluster's kubeconfig (admin client certificate, inline data).
func Kubeconfig(r Record) (kubecfg.Config, error) {
	pki := Path(r.Name, "pki")
	read := func(f string) (string, error) {
		b, err := os.ReadFile(filepath.Join(pki, f))
		return b64(b), err
	}
	ca, err := read("ca.crt")
	if err != nil {
		return nil, err
	}
	crt, err := read("admin.crt")
	if err != nil {
		return nil, err
	}
	key, err := read("admin.key")
	if err != nil {
		return nil, err
	}
	n := ContextName(r.Name)
	return kubecfg.Config{
		"apiVersion": "v1", "kind": "Config", "preferences": map[string]interface{}{},
		"current-context": n,
		"clusters": []interface{}{map[string]interface{}{"name": n, "cluster": map[string]interface{}{
			"server": r.Server(), "certificate-authority-data": ca}}},
		"users": []interface{}{map[string]interface{}{"name": n, "user": map[string]interface{}{
			"client-certificate-data": crt, "client-key-data": key}}},
		"contexts": []interface{}{map[string]interface{}{"name": n, "context": map[string]interface{}{
			"cluster": n, "user": n}}},
	}, nil
}

// Client returns a k8s.Cluster for a running cluster.
func Client(r Record) (*k8s.Cluster, error) {
	pki := Path(r.Name, "pki")
	caPEM, err := os.ReadFile(filepath.Join(pki, "ca.crt"))
	if err != nil {
		return nil, err
	}
	crt, err := os.ReadFile(filepath.Join(pki, "admin.crt"))
	if err != nil {
		return nil, err
	}
	key, err := os.ReadFile(filepath.Join(pki, "admin.key"))
	if err != nil {
		return nil, err
	}
	c, err := kube.NewClient(r.Server(), kube.ClientOptions{CAPEM: caPEM, CertPEM: crt, KeyPEM: key})
	if err != nil {
		return nil, err
	}
	return k8s.NewCluster(c), nil
}

// RegisterNodes creates a Ready Node object per kind node (there is no kubelet: the objects
// stand for kind's node containers so `kubectl get nodes` / `wait --for=condition=Ready` work).
func RegisterNodes(ctx context.Context, r Record) error {
	c, err := Client(r)
	if err != nil {
		return err
	}
	nodes := k8s.Resource{Version: "v1", Kind: "Node", Plural: "nodes"}
	now := time.Now().UTC().Format(time.RFC3339)
	for _, n := range r.Nodes {
		labels := map[string]interface{}{"kubernetes.io/hostname": n, "kubernetes.io/os": "linux",
			"kubernetes.io/arch": "amd64"}
		if isControlPlane(r.Name, n) {
			labels["node-role.kubernetes.io/control-plane"] = ""
		}
		obj := k8s.Object{"apiVersion": "v1", "kind": "Node",
			"metadata": map[string]interface{}{"name": n, "labels": labels}}
		if err := c.Create(ctx, nodes.Collection(""), obj, nil); err != nil && !kube.IsConflict(err) {
			return fmt.Errorf("registering node %s: %w", n, err)
		}
		status := map[string]interface{}{"status": map[string]interface{}{
			"conditions": []interface{}{map[string]interface{}{"type": "Ready", "status": "True",
				"reason": "KubeletReady", "message": "kind stand-in node (no kubelet)",
				"lastHeartbeatTime": now, "lastTransitionTime": now}},
			"addresses": []interface{}{map[string]interface{}{"type": "InternalIP", "address": r.Address},
				map[string]interface{}{"type": "Hostname", "address": n}},
			"nodeInfo": map[string]interface{}{"kubeletVersion": "v1.20.2", "containerRuntimeVersion": "containerd://stand-in",
				"operatingSystem": "linux", "architecture": "amd64"},
		}}
		if err := c.PatchStatus(ctx, nodes.Item("", n), status, nil); err != nil {
			return fmt.Errorf("marking node %s Ready: %w", n, err)
		}
	}
	return nil
}

func isControlPlane(cluster, node string) bool {
	p := cluster + "-control-plane"
	return len(node) >= len(p) && node[:len(p)] == p
}

// Stop stops the cluster's kube-apiserver and etcd (by PID file).
func Stop(name string) error {
	var first error
	for _, p := range []struct{ file, want string }{{"kube-apiserver.pid", "kube-apiserver"}, {"etcd.pid", "etcd"}} {
		if err := kube.StopPIDFile(Path(name, p.file), p.want, 5*time.Second); err != nil && first == nil {
			first = err
		}
	}
	return first
}
