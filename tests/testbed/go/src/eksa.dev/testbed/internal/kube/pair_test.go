package kube

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// freePort picks a free TCP port on host.
func freePort(t *testing.T, host string) int {
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestEtcdAndAPIServer starts a TLS etcd and a kube-apiserver on 127.0.50.250 and drives the REST
// helpers. It needs the testbed binaries (EKSA_TESTBED_KUBE_APISERVER; etcd on PATH or
// EKSA_TESTBED_ETCD) and fails without them.
func TestEtcdAndAPIServer(t *testing.T) {
	if os.Getenv("EKSA_TESTBED_KUBE_APISERVER") == "" {
		t.Fatal("EKSA_TESTBED_KUBE_APISERVER not set: source a testbed env file (tests/testbed/up DIR; . DIR/env)")
	}
	if _, err := exec.LookPath(binary("", "EKSA_TESTBED_ETCD", "etcd")); err != nil {
		t.Fatal("no etcd binary: run tests/testbed/install")
	}
	const ip = "127.0.50.250"
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	ca, err := NewCA("test-ca")
	if err != nil {
		t.Fatal(err)
	}
	pki := filepath.Join(dir, "pki")
	must(t, ca.IssueFiles(pki, "etcd-server", Leaf{CommonName: "etcd", IPs: []string{ip}, Server: true, Client: true}))
	must(t, ca.IssueFiles(pki, "etcd-client", Leaf{CommonName: "client", Client: true}))
	must(t, ca.IssueFiles(pki, "apiserver", Leaf{CommonName: "kube-apiserver", IPs: []string{ip}, Server: true}))
	must(t, ca.IssueFiles(pki, "admin", Leaf{CommonName: "admin", Organization: []string{"system:masters"}, Client: true}))
	must(t, os.WriteFile(filepath.Join(pki, "ca.crt"), ca.CertPEM, 0o644))
	saPriv, saPub, err := NewServiceAccountKey()
	must(t, err)
	must(t, os.WriteFile(filepath.Join(pki, "sa.key"), saPriv, 0o600))
	must(t, os.WriteFile(filepath.Join(pki, "sa.pub"), saPub, 0o644))

	clientURL := "https://" + net.JoinHostPort(ip, strconv.Itoa(freePort(t, ip)))
	etcd, err := StartEtcd(EtcdConfig{
		Name: "m1", DataDir: filepath.Join(dir, "etcd"),
		ClientURLs: []string{clientURL},
		PeerURLs:   []string{"https://" + net.JoinHostPort(ip, strconv.Itoa(freePort(t, ip)))},
		TLS: &EtcdTLS{CAFile: filepath.Join(pki, "ca.crt"), CertFile: filepath.Join(pki, "etcd-server.crt"),
			KeyFile: filepath.Join(pki, "etcd-server.key")},
	}, StartOptions{LogFile: filepath.Join(dir, "etcd.log")})
	must(t, err)
	defer etcd.Stop(5 * time.Second)
	etcdTLS, err := ClientTLS(filepath.Join(pki, "ca.crt"), filepath.Join(pki, "etcd-client.crt"), filepath.Join(pki, "etcd-client.key"))
	must(t, err)
	must(t, WaitEtcdHealthy(ctx, clientURL, etcdTLS, etcd))
	members, err := EtcdMemberList(ctx, clientURL, etcdTLS)
	must(t, err)
	if len(members) != 1 || members[0].Name != "m1" {
		t.Fatalf("members: %+v", members)
	}

	cfg := APIServerConfig{
		BindAddress: ip, Port: freePort(t, ip),
		EtcdServers: []string{clientURL}, EtcdPrefix: "/test",
		EtcdCAFile: filepath.Join(pki, "ca.crt"), EtcdCertFile: filepath.Join(pki, "etcd-client.crt"),
		EtcdKeyFile: filepath.Join(pki, "etcd-client.key"),
		TLSCertFile: filepath.Join(pki, "apiserver.crt"), TLSKeyFile: filepath.Join(pki, "apiserver.key"),
		ClientCAFile:          filepath.Join(pki, "ca.crt"),
		ServiceAccountKeyFile: filepath.Join(pki, "sa.pub"), ServiceAccountSigningKeyFile: filepath.Join(pki, "sa.key"),
		CertDir: filepath.Join(dir, "apiserver"), EnableBootstrapTokenAuth: true,
	}
	pidFile := filepath.Join(dir, "apiserver.pid")
	api, err := StartAPIServer(cfg, StartOptions{LogFile: filepath.Join(dir, "apiserver.log"), PIDFile: pidFile, Detach: true})
	must(t, err)
	defer api.Stop(5 * time.Second)
	start := time.Now()
	serverTLS, err := ClientTLS(filepath.Join(pki, "ca.crt"), "", "")
	must(t, err)
	must(t, WaitReady(ctx, cfg.URL(), serverTLS, api))
	t.Logf("kube-apiserver ready in %v", time.Since(start))

	kc := Kubeconfig{Server: cfg.URL(), CAPEM: ca.CertPEM}
	kc.CertPEM, _ = os.ReadFile(filepath.Join(pki, "admin.crt"))
	kc.KeyPEM, _ = os.ReadFile(filepath.Join(pki, "admin.key"))
	c, err := kc.Client()
	must(t, err)
	ns := map[string]interface{}{"apiVersion": "v1", "kind": "Namespace",
		"metadata": map[string]interface{}{"name": "t1", "labels": map[string]string{"v": "1"}}}
	must(t, c.Apply(ctx, "/api/v1/namespaces", ns, nil))
	ns["metadata"].(map[string]interface{})["labels"] = map[string]string{"v": "2"}
	must(t, c.Apply(ctx, "/api/v1/namespaces", ns, nil)) // replace
	var got struct {
		Metadata struct{ Labels map[string]string } `json:"metadata"`
	}
	must(t, c.Get(ctx, "/api/v1/namespaces/t1", &got))
	if got.Metadata.Labels["v"] != "2" {
		t.Fatalf("apply did not replace: %+v", got)
	}
	node := map[string]interface{}{"apiVersion": "v1", "kind": "Node", "metadata": map[string]interface{}{"name": "n1"}}
	must(t, c.Create(ctx, "/api/v1/nodes", node, nil))
	must(t, c.PatchStatus(ctx, "/api/v1/nodes/n1", map[string]interface{}{"status": map[string]interface{}{
		"conditions": []map[string]string{{"type": "Ready", "status": "True", "reason": "KubeletReady"}}}}, nil))
	var n struct {
		Status struct {
			Conditions []struct{ Type, Status string }
		} `json:"status"`
	}
	must(t, c.Get(ctx, "/api/v1/nodes/n1", &n))
	if len(n.Status.Conditions) != 1 || n.Status.Conditions[0].Status != "True" {
		t.Fatalf("node status: %+v", n)
	}
	if err := c.Get(ctx, "/api/v1/namespaces/missing", nil); !IsNotFound(err) {
		t.Fatalf("missing namespace: %v", err)
	}
	// An anonymous client is refused.
	anon, _ := NewClient(cfg.URL(), ClientOptions{CAPEM: ca.CertPEM})
	if err := anon.Get(ctx, "/api/v1/namespaces", nil); Code(err) != 403 {
		t.Fatalf("anonymous list: %v", err)
	}

	// The detached process is stopped through its PID file.
	must(t, StopPIDFile(pidFile, "kube-apiserver", 5*time.Second))
	select {
	case <-api.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("kube-apiserver still running after StopPIDFile")
	}
	if Alive(api.PID, "kube-apiserver") {
		t.Fatal("Alive after stop")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
