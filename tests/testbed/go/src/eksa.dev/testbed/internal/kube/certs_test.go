package kube

import (
	"crypto/x509"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestIssueVerifiesAgainstCA(t *testing.T) {
	ca, err := NewCA("test-ca")
	if err != nil {
		t.Fatal(err)
	}
	certPEM, keyPEM, err := ca.Issue(Leaf{CommonName: "srv", IPs: []string{"127.0.50.1"},
		DNSNames: []string{"kubernetes"}, Server: true})
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ParseCertPEM(certPEM)
	if err != nil {
		t.Fatal(err)
	}
	pool, _ := CertPool(ca.CertPEM)
	if _, err := cert.Verify(x509.VerifyOptions{Roots: pool, DNSName: "kubernetes"}); err != nil {
		t.Fatal(err)
	}
	if err := cert.VerifyHostname("127.0.50.1"); err != nil {
		t.Fatal(err)
	}
	if _, err := ParsePrivateKeyPEM(keyPEM); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ca.Issue(Leaf{CommonName: "bad", IPs: []string{"nope"}}); err == nil {
		t.Fatal("bad IP accepted")
	}
}

// The hash must match kubeadm's documented openssl pipeline.
func TestSPKIHashMatchesOpenSSL(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Fatal("no openssl on PATH: run tests/testbed/install")
	}
	dir := t.TempDir()
	key, crt := filepath.Join(dir, "ca.key"), filepath.Join(dir, "ca.crt")
	if out, err := exec.Command("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
		"-subj", "/CN=kubernetes", "-keyout", key, "-out", crt, "-days", "1").CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	out, err := exec.Command("sh", "-c", "openssl x509 -pubkey -in "+crt+
		" | openssl pkey -pubin -outform der | openssl dgst -sha256 -hex | sed 's/^.* //'").Output()
	if err != nil {
		t.Fatal(err)
	}
	ca, err := LoadCA(crt, key) // also checks PKCS#8 "PRIVATE KEY" parsing
	if err != nil {
		t.Fatal(err)
	}
	if got, want := SPKIHash(ca.Cert), "sha256:"+strings.TrimSpace(string(out)); got != want {
		t.Fatalf("SPKIHash = %s, openssl says %s", got, want)
	}
	// A leaf signed by an RSA CA.
	if err := ca.IssueFiles(dir, "leaf", Leaf{CommonName: "c", Client: true}); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(filepath.Join(dir, "leaf.key")); st.Mode().Perm() != 0o600 {
		t.Fatalf("leaf.key mode %v", st.Mode())
	}
}

func TestKubeconfigRoundTrip(t *testing.T) {
	in := Kubeconfig{ClusterName: "c1", UserName: "u", Server: "https://127.0.50.1:6443",
		CAPEM: []byte("ca"), CertPEM: []byte("cert"), KeyPEM: []byte("key")}
	out, err := ParseKubeconfig(in.YAML())
	if err != nil {
		t.Fatal(err)
	}
	if out.Server != in.Server || string(out.CAPEM) != "ca" || string(out.CertPEM) != "cert" ||
		string(out.KeyPEM) != "key" || out.ClusterName != "c1" || out.UserName != "u" {
		t.Fatalf("round trip: %+v", out)
	}
	anon, err := ParseKubeconfig(Kubeconfig{Server: "https://x:1", CAPEM: []byte("ca")}.YAML())
	if err != nil || anon.Server != "https://x:1" || anon.CertPEM != nil || anon.Token != "" {
		t.Fatalf("anonymous: %+v %v", anon, err)
	}
}
