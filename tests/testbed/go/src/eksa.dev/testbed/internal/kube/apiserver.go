package kube

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// APIServerConfig describes one kube-apiserver v1.20 process.
type APIServerConfig struct {
	Binary           string // default: $EKSA_TESTBED_KUBE_APISERVER, else "kube-apiserver" on PATH
	BindAddress      string // a 127.x address
	AdvertiseAddress string // default BindAddress
	Port             int    // default 6443

	EtcdServers  []string // http(s)://127.x:2379 URLs
	EtcdPrefix   string   // default /registry; give each cluster sharing an etcd its own
	EtcdCAFile   string   // etcd client TLS (all three, or none)
	EtcdCertFile string
	EtcdKeyFile  string

	TLSCertFile  string // serving certificate (needs SANs for BindAddress and what clients dial)
	TLSKeyFile   string
	ClientCAFile string // client certificates signed by it authenticate (CN user, O groups)

	ServiceAccountKeyFile        string // public key (verifies tokens)
	ServiceAccountSigningKeyFile string // private key (issues tokens)
	ServiceAccountIssuer         string // default https://kubernetes.default.svc

	TokenAuthFile            string   // static tokens CSV "token,user,uid,\"group1,group2\""
	EnableBootstrapTokenAuth bool     // bootstrap-token-<id> Secrets in kube-system authenticate
	AuthorizationModes       []string // default ["RBAC"]; a kubeadm control plane uses Node,RBAC

	ServiceClusterIPRange string // default 10.96.0.0/12 (configuration only; nothing binds there)
	CertDir               string // required: where the apiserver may write files
	ExtraArgs             []string
}

// URL is the https base URL the server listens on.
func (c APIServerConfig) URL() string {
	return "https://" + net.JoinHostPort(c.BindAddress, strconv.Itoa(c.port()))
}

func (c APIServerConfig) port() int {
	if c.Port == 0 {
		return 6443
	}
	return c.Port
}

// Args returns kube-apiserver's command line for c.
func (c APIServerConfig) Args() []string {
	adv := c.AdvertiseAddress
	if adv == "" {
		adv = c.BindAddress
	}
	prefix := c.EtcdPrefix
	if prefix == "" {
		prefix = "/registry"
	}
	issuer := c.ServiceAccountIssuer
	if issuer == "" {
		issuer = "https://kubernetes.default.svc"
	}
	authz := c.AuthorizationModes
	if len(authz) == 0 {
		authz = []string{"RBAC"}
	}
	svc := c.ServiceClusterIPRange
	if svc == "" {
		svc = "10.96.0.0/12"
	}
	args := []string{
		"--bind-address=" + c.BindAddress,
		"--advertise-address=" + adv,
		"--secure-port=" + strconv.Itoa(c.port()),
		"--insecure-port=0",
		"--etcd-servers=" + strings.Join(c.EtcdServers, ","),
		"--etcd-prefix=" + prefix,
		"--tls-cert-file=" + c.TLSCertFile,
		"--tls-private-key-file=" + c.TLSKeyFile,
		"--service-account-issuer=" + issuer,
		"--service-account-key-file=" + c.ServiceAccountKeyFile,
		"--service-account-signing-key-file=" + c.ServiceAccountSigningKeyFile,
		"--service-cluster-ip-range=" + svc,
		"--authorization-mode=" + strings.Join(authz, ","),
		"--cert-dir=" + c.CertDir,
		"--enable-priority-and-fairness=false",
		// The default reconciler writes the advertise address into the "kubernetes" Endpoints,
		// which rejects loopback addresses and logs an error every 10 s.
		"--endpoint-reconciler-type=none",
	}
	if c.EtcdCAFile != "" {
		args = append(args, "--etcd-cafile="+c.EtcdCAFile, "--etcd-certfile="+c.EtcdCertFile,
			"--etcd-keyfile="+c.EtcdKeyFile)
	}
	if c.ClientCAFile != "" {
		args = append(args, "--client-ca-file="+c.ClientCAFile)
	}
	if c.TokenAuthFile != "" {
		args = append(args, "--token-auth-file="+c.TokenAuthFile)
	}
	if c.EnableBootstrapTokenAuth {
		args = append(args, "--enable-bootstrap-token-auth=true")
	}
	return append(args, c.ExtraArgs...)
}

// StartAPIServer starts kube-apiserver as c says. It does not wait: use WaitReady.
func StartAPIServer(c APIServerConfig, opts StartOptions) (*Process, error) {
	if c.BindAddress == "" || len(c.EtcdServers) == 0 || c.TLSCertFile == "" || c.CertDir == "" ||
		c.ServiceAccountKeyFile == "" || c.ServiceAccountSigningKeyFile == "" {
		return nil, errors.New("kube-apiserver: BindAddress, EtcdServers, TLSCertFile/KeyFile, " +
			"CertDir and the service-account key pair are required")
	}
	if err := os.MkdirAll(c.CertDir, 0o700); err != nil {
		return nil, err
	}
	return Start("kube-apiserver "+c.URL(), binary(c.Binary, "EKSA_TESTBED_KUBE_APISERVER",
		"kube-apiserver"), c.Args(), opts)
}

// WaitReady polls baseURL/readyz (anonymously) until it answers 200, ctx ends, or p (optional)
// exits. tlsConf verifies the server; nil skips verification.
func WaitReady(ctx context.Context, baseURL string, tlsConf *tls.Config, p *Process) error {
	if tlsConf == nil {
		tlsConf = &tls.Config{InsecureSkipVerify: true}
	}
	hc := httpClient(tlsConf, 2*time.Second)
	var last error
	for {
		last = readyOnce(ctx, hc, strings.TrimRight(baseURL, "/")+"/readyz")
		if last == nil {
			return nil
		}
		if err := pause(ctx, p, 100*time.Millisecond); err != nil {
			return fmt.Errorf("kube-apiserver at %s not ready: %v (last: %v)", baseURL, err, last)
		}
	}
}

func readyOnce(ctx context.Context, hc *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("/readyz %d: %s", resp.StatusCode, strings.TrimSpace(string(b)))
	}
	return nil
}
