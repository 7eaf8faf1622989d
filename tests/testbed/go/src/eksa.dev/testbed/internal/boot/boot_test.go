package boot

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"eksa.dev/testbed/internal/bootdata"
)

func TestHostsAndLoopback(t *testing.T) {
	f := filepath.Join(t.TempDir(), "hosts")
	if err := os.WriteFile(f, []byte("# c\n127.0.112.1 etcd-0 etcd-0.local\n10.0.0.1 far\nbad line\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := LoadHosts(f)
	if err != nil {
		t.Fatal(err)
	}
	if u, err := h.URL("https://etcd-0.local:2379"); err != nil || u != "https://127.0.112.1:2379" {
		t.Fatal(u, err)
	}
	if ip, port, err := h.HostPort("127.0.50.1", "6443"); err != nil || ip != "127.0.50.1" || port != "6443" {
		t.Fatal(ip, port, err)
	}
	for _, bad := range []string{"far", "unknown", "10.1.2.3", "::1"} {
		if _, err := h.IP(bad); err == nil {
			t.Fatalf("%s accepted", bad)
		}
	}
}

func TestServiceIP(t *testing.T) {
	for cidr, want := range map[string]string{"10.96.0.0/12": "10.96.0.1", "": "10.96.0.1", "10.100.0.0/16": "10.100.0.1"} {
		if got, err := serviceIP(cidr); err != nil || got != want {
			t.Fatalf("%s: %s %v", cidr, got, err)
		}
	}
	if _, err := serviceIP("nope"); err == nil {
		t.Fatal("bad CIDR accepted")
	}
}

func TestPinned(t *testing.T) {
	if !pinned([]string{"sha256:ab"}, []string{" SHA256:AB"}) || pinned([]string{"sha256:ab"}, []string{"sha256:cd"}) {
		t.Fatal("pinned")
	}
}

func TestTokenSecret(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s, err := tokenSecret(bootdata.BootstrapToken{Token: "abcdef.0123456789abcdef", TTL: "24h0m0s",
		Usages: []string{"signing", "authentication"}}, now)
	if err != nil {
		t.Fatal(err)
	}
	d := s["stringData"].(map[string]string)
	if s["type"] != "bootstrap.kubernetes.io/token" || s["metadata"].(obj)["name"] != "bootstrap-token-abcdef" ||
		d["token-secret"] != "0123456789abcdef" || d["expiration"] != "2026-01-02T00:00:00Z" ||
		d["usage-bootstrap-authentication"] != "true" || d["auth-extra-groups"] != bootstrapperGroup {
		t.Fatalf("%+v", s)
	}
	if _, err := tokenSecret(bootdata.BootstrapToken{Token: "bad"}, now); err == nil {
		t.Fatal("bad token accepted")
	}
}

func TestStatePaths(t *testing.T) {
	st := State{Dir: t.TempDir()}
	if st.Path("/etc/../../x") != filepath.Join(st.Root(), "x") {
		t.Fatalf("escape: %s", st.Path("/etc/../../x"))
	}
	if err := st.WriteFile("/etc/kubernetes/pki/ca.key", []byte("k"), 0o600); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(st.Path("/etc/kubernetes/pki/ca.key")); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode())
	}
	if err := st.SetStatus("failed: a\nb"); err != nil || st.Status() != "failed: a b" {
		t.Fatal(st.Status(), err)
	}
}

func TestReadTestbedEnv(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "env"), []byte("export EKSA_TESTBED_DIR=/tmp/kb\n"+
		"export EKSA_TESTBED_KUBE_APISERVER=/var/cache/x/kube-apiserver-1.20.5+really1.20.2/kube-apiserver\n"+
		"export EKSA_TESTBED_VCENTER_NETWORK=/DC0/network/VM\\ Network\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("EKSA_TESTBED_DIR", dir)
	t.Setenv("EKSA_TESTBED_KUBE_APISERVER", "")
	t.Setenv("EKSA_TESTBED_ETCD", "/given/etcd")
	if err := UseTestbedEnv(); err != nil {
		t.Fatal(err)
	}
	if got := os.Getenv("EKSA_TESTBED_KUBE_APISERVER"); got != "/var/cache/x/kube-apiserver-1.20.5+really1.20.2/kube-apiserver" {
		t.Fatal(got)
	}
	if os.Getenv("EKSA_TESTBED_ETCD") != "/given/etcd" {
		t.Fatal("overrode a set variable")
	}
	env, _ := ReadTestbedEnv(filepath.Join(dir, "env"))
	if env["EKSA_TESTBED_VCENTER_NETWORK"] != "/DC0/network/VM Network" {
		t.Fatal(env)
	}
}
