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
