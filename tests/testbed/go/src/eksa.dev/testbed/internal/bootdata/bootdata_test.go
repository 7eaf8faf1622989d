package bootdata

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The planner's goldens (services/planner/userdata/testdata), byte for byte.
const goldens = "../../../../../../../../services/planner/userdata/testdata"

func readGolden(t *testing.T, name string) []byte {
	b, err := os.ReadFile(filepath.Join(goldens, name))
	if err != nil {
		t.Fatalf("planner golden not found (run from a full checkout): %v", err)
	}
	return b
}

func TestUbuntuInitGolden(t *testing.T) {
	m, err := ParseUserData(readGolden(t, "ubuntu_init_control_plane.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if m.OS != "ubuntu" || m.Hostname != "mgmt-cp-0" || len(m.Files) != 9 {
		t.Fatalf("machine: os=%s host=%s files=%d", m.OS, m.Hostname, len(m.Files))
	}
	if f := m.Files[1]; f.Path != "/etc/kubernetes/pki/ca.key" || f.Mode != 0o600 ||
		!strings.HasPrefix(string(f.Content), "-----BEGIN RSA PRIVATE KEY-----\n") {
		t.Fatalf("ca.key: %+v", f)
	}
	c, err := ParseCommand(m.Command)
	if err != nil || c.Tool != KubeadmInit || c.Flag("config", "") != "/run/kubeadm/kubeadm.yaml" || c.Marker != DefaultMarker {
		t.Fatalf("command %+v %v", c, err)
	}
	var kc *KubeadmConfig
	for _, f := range m.Files {
		if f.Path == "/run/kubeadm/kubeadm.yaml" {
			if f.Mode != 0o640 {
				t.Fatalf("kubeadm.yaml mode %o", f.Mode)
			}
			if kc, err = ParseKubeadmConfig(f.Content); err != nil {
				t.Fatal(err)
			}
		}
	}
	if kc == nil || kc.Cluster == nil || kc.Init == nil || kc.Join != nil {
		t.Fatalf("kubeadm config: %+v", kc)
	}
	cl := kc.Cluster
	if cl.ControlPlaneEndpoint != "127.0.0.10:6443" || cl.Networking.ServiceSubnet != "10.96.0.0/12" ||
		cl.Etcd.Local == nil || cl.Etcd.Local.DataDir != "/var/lib/etcd" || cl.Etcd.External != nil ||
		cl.CertificatesDir != "/etc/kubernetes/pki" || cl.KubernetesVersion != "v1.27.4" {
		t.Fatalf("cluster: %+v", cl)
	}
	if !strings.Contains(kc.ClusterYAML, "kind: ClusterConfiguration") {
		t.Fatalf("ClusterYAML: %s", kc.ClusterYAML)
	}
	if len(kc.Init.BootstrapTokens) != 1 || kc.Init.BootstrapTokens[0].Token != "abcdef.0123456789abcdef" ||
		kc.Init.BootstrapTokens[0].TTL != "24h0m0s" || kc.Init.NodeRegistration.Name != "mgmt-cp-0" {
		t.Fatalf("init: %+v", kc.Init)
	}
}

func TestBottlerocketWorkerGolden(t *testing.T) {
	m, err := ParseUserData(readGolden(t, "bottlerocket_worker.toml"))
	if err != nil {
		t.Fatal(err)
	}
	b := m.TLSBootstrap
	if m.OS != "bottlerocket" || m.Hostname != "mgmt-md-0-1" || b == nil || b.APIServer != "https://127.0.0.10:6443" ||
		b.Token != "abcdef.0123456789abcdef" || !strings.Contains(string(b.CAPEM), "FAKE-CERT-ca") || m.Command != "" {
		t.Fatalf("machine %+v / %+v", m, b)
	}
}

func TestBottlerocketControlPlane(t *testing.T) {
	inner := "#cloud-config\nwrite_files:\n- path: /run/kubeadm/kubeadm.yaml\n  owner: root:root\n  permissions: \"0640\"\n" +
		"  content: |\n    ---\n    apiVersion: kubeadm.k8s.io/v1beta3\n    kind: JoinConfiguration\n" +
		"    discovery:\n      bootstrapToken:\n        token: abcdef.0123456789abcdef\n        apiServerEndpoint: \"127.0.50.1:6443\"\n" +
		"        caCertHashes: [\"sha256:00\"]\n    nodeRegistration: {name: cp-1}\n    controlPlane: {}\n" +
		"runcmd:\n- \"kubeadm join --config /run/kubeadm/kubeadm.yaml && mkdir -p /run/cluster-api && echo success > /run/cluster-api/bootstrap-success.complete\"\n"
	for _, table := range []string{"host-containers", "bootstrap-containers"} {
		doc := "[settings.host-containers.admin]\nenabled = true\n\n[settings.network]\nhostname = \"cp-1\"\n\n" +
			"[settings." + table + ".kubeadm-bootstrap]\nsource = \"img\"\nuser-data = \"" +
			base64.StdEncoding.EncodeToString([]byte(inner)) + "\"\n"
		m, err := ParseUserData([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		if m.OS != "bottlerocket" || m.Hostname != "cp-1" || len(m.Files) != 1 || m.TLSBootstrap != nil {
			t.Fatalf("%s: %+v", table, m)
		}
		kc, err := ParseKubeadmConfig(m.Files[0].Content)
		if err != nil {
			t.Fatal(err)
		}
		j := kc.Join
		if j == nil || j.ControlPlane == nil || j.Discovery.BootstrapToken == nil ||
			j.Discovery.BootstrapToken.APIServerEndpoint != "127.0.50.1:6443" || j.NodeRegistration.Name != "cp-1" {
			t.Fatalf("join: %+v", j)
		}
	}
}

func TestWorkerJoinHasNoControlPlane(t *testing.T) {
	kc, err := ParseKubeadmConfig([]byte("---\napiVersion: kubeadm.k8s.io/v1beta3\nkind: JoinConfiguration\nnodeRegistration: {name: w}\n"))
	if err != nil || kc.Join == nil || kc.Join.ControlPlane != nil {
		t.Fatalf("%+v %v", kc, err)
	}
	if _, err := ParseKubeadmConfig([]byte("apiVersion: kubeadm.k8s.io/v1beta2\nkind: JoinConfiguration\n")); err == nil {
		t.Fatal("v1beta2 accepted")
	}
}

func TestEtcdadmCommands(t *testing.T) {
	c, err := ParseCommand("etcdadm init --name=etcd-0 --init-system=systemd --install-dir=/opt/bin --data-dir=/var/lib/etcd " +
		"--version=3.5.15 --server-cert-extra-sans=a,b && mkdir -p /run/cluster-api && echo success > /run/x.complete")
	if err != nil || c.Tool != EtcdadmInit || c.Flag("name", "") != "etcd-0" || c.Flag("data-dir", "") != "/var/lib/etcd" ||
		c.Flag("server-cert-extra-sans", "") != "a,b" || c.Marker != "/run/x.complete" || c.Endpoint != "" {
		t.Fatalf("%+v %v", c, err)
	}
	for _, line := range []string{
		"etcdadm join https://127.0.101.1:2379 --name=etcd-1 --version=3.5.15 --certs-dir=/etc/etcd/pki",
		"etcdadm join --name etcd-1 --version=3.5.15 https://127.0.101.1:2379",
	} {
		c, err = ParseCommand(line)
		if err != nil || c.Tool != EtcdadmJoin || c.Endpoint != "https://127.0.101.1:2379" || c.Flag("name", "") != "etcd-1" {
			t.Fatalf("%q: %+v %v", line, c, err)
		}
	}
	for _, bad := range []string{"systemctl enable --now etcd", "etcdadm join --name=x", "kubeadm reset", ""} {
		if _, err := ParseCommand(bad); err == nil {
			t.Fatalf("%q accepted", bad)
		}
	}
}

func TestCloudConfigRejects(t *testing.T) {
	for _, doc := range []string{
		"#cloud-config\nwrite_files:\n- path: rel/path\n  content: x\n",
		"#cloud-config\nwrite_files:\n- path: /x\n  encoding: b64\n  content: eA==\n",
		"#cloud-config\nwrite_files:\n- path: /x\n  permissions: \"0999\"\n",
		"not userdata",
	} {
		if _, err := ParseUserData([]byte(doc)); err == nil {
			t.Fatalf("accepted: %q", doc)
		}
	}
}

func TestSplitToken(t *testing.T) {
	if id, sec, err := SplitToken("abcdef.0123456789abcdef"); err != nil || id != "abcdef" || sec != "0123456789abcdef" {
		t.Fatal(id, sec, err)
	}
	for _, bad := range []string{"abcdef", "ABCDEF.0123456789abcdef", "abc.0123456789abcdef"} {
		if _, _, err := SplitToken(bad); err == nil {
			t.Fatalf("%q accepted", bad)
		}
	}
}

func TestMetadata(t *testing.T) {
	md, err := ParseMetadata([]byte("instance-id: vm-1\nlocal-hostname: vm-1\n"))
	if err != nil || md.InstanceID != "vm-1" || md.LocalHostname != "vm-1" {
		t.Fatal(md, err)
	}
}
