package kube

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// EtcdConfig describes one etcd 3.4 member.
type EtcdConfig struct {
	Binary  string // default: $EKSA_TESTBED_ETCD, else "etcd" on PATH
	Name    string
	DataDir string
	// ClientURLs are listened on and advertised, e.g. https://127.0.101.1:2379.
	ClientURLs []string
	// PeerURLs are listened on and advertised, e.g. https://127.0.101.1:2380.
	PeerURLs []string
	// InitialCluster is "name=peerURL,..."; default Name=PeerURLs[0].
	InitialCluster string
	// InitialClusterState is "new" (default) or "existing" (a member added with EtcdMemberAdd).
	InitialClusterState string
	InitialClusterToken string // default "etcd-cluster"
	TLS                 *EtcdTLS
	ExtraArgs           []string
}

// EtcdTLS turns on https with client-certificate auth on the client and peer ports.
type EtcdTLS struct {
	CAFile       string // trusted CA for clients and peers
	CertFile     string // serving certificate (client port)
	KeyFile      string
	PeerCertFile string // peer certificate (server and client auth); default CertFile
	PeerKeyFile  string
}

// Args returns etcd's command line for c.
func (c EtcdConfig) Args() []string {
	state := c.InitialClusterState
	if state == "" {
		state = "new"
	}
	token := c.InitialClusterToken
	if token == "" {
		token = "etcd-cluster"
	}
	initial := c.InitialCluster
	if initial == "" && len(c.PeerURLs) > 0 {
		initial = c.Name + "=" + c.PeerURLs[0]
	}
	clients, peers := strings.Join(c.ClientURLs, ","), strings.Join(c.PeerURLs, ",")
	args := []string{
		"--name=" + c.Name,
		"--data-dir=" + c.DataDir,
		"--listen-client-urls=" + clients,
		"--advertise-client-urls=" + clients,
		"--listen-peer-urls=" + peers,
		"--initial-advertise-peer-urls=" + peers,
		"--initial-cluster=" + initial,
		"--initial-cluster-state=" + state,
		"--initial-cluster-token=" + token,
		"--logger=zap",
	}
	if t := c.TLS; t != nil {
		peerCert, peerKey := t.PeerCertFile, t.PeerKeyFile
		if peerCert == "" {
			peerCert, peerKey = t.CertFile, t.KeyFile
		}
		args = append(args,
			"--client-cert-auth", "--trusted-ca-file="+t.CAFile,
			"--cert-file="+t.CertFile, "--key-file="+t.KeyFile,
			"--peer-client-cert-auth", "--peer-trusted-ca-file="+t.CAFile,
			"--peer-cert-file="+peerCert, "--peer-key-file="+peerKey)
	}
	return append(args, c.ExtraArgs...)
}

// StartEtcd starts the member described by c.
func StartEtcd(c EtcdConfig, opts StartOptions) (*Process, error) {
	if c.Name == "" || c.DataDir == "" || len(c.ClientURLs) == 0 || len(c.PeerURLs) == 0 {
		return nil, errors.New("etcd: Name, DataDir, ClientURLs and PeerURLs are required")
	}
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return nil, err
	}
	return Start("etcd "+c.Name, binary(c.Binary, "EKSA_TESTBED_ETCD", "etcd"), c.Args(), opts)
}

// WaitEtcdHealthy polls clientURL/health until etcd reports {"health":"true"}, ctx ends, or p
// (optional) exits. tlsConf may be nil for http.
func WaitEtcdHealthy(ctx context.Context, clientURL string, tlsConf *tls.Config, p *Process) error {
	hc := httpClient(tlsConf, 2*time.Second)
	var last error
	for {
		var health struct {
			Health string `json:"health"`
		}
		last = getJSON(ctx, hc, strings.TrimRight(clientURL, "/")+"/health", &health)
		if last == nil && health.Health == "true" {
			return nil
		} else if last == nil {
			last = fmt.Errorf("health=%q", health.Health)
		}
		if err := pause(ctx, p, 100*time.Millisecond); err != nil {
			return fmt.Errorf("etcd at %s not healthy: %v (last: %v)", clientURL, err, last)
		}
	}
}

// EtcdMember is one entry of the member list (IDs are decimal strings, as the gateway sends).
type EtcdMember struct {
	ID         string   `json:"ID"`
	Name       string   `json:"name"`
	PeerURLs   []string `json:"peerURLs"`
	ClientURLs []string `json:"clientURLs"`
}

// EtcdMemberAdd adds a voting member with peerURLs through endpoint's v3 JSON gateway and
// returns the new member and the full member list (the new member has no name yet).
func EtcdMemberAdd(ctx context.Context, endpoint string, tlsConf *tls.Config, peerURLs []string) (EtcdMember, []EtcdMember, error) {
	var resp struct {
		Member  EtcdMember   `json:"member"`
		Members []EtcdMember `json:"members"`
	}
	err := postJSON(ctx, httpClient(tlsConf, 10*time.Second),
		strings.TrimRight(endpoint, "/")+"/v3/cluster/member/add",
		map[string]interface{}{"peerURLs": peerURLs}, &resp)
	if err != nil {
		return EtcdMember{}, nil, fmt.Errorf("etcd member add via %s: %w", endpoint, err)
	}
	return resp.Member, resp.Members, nil
}

// EtcdMemberList lists the members through endpoint's v3 JSON gateway.
func EtcdMemberList(ctx context.Context, endpoint string, tlsConf *tls.Config) ([]EtcdMember, error) {
	var resp struct {
		Members []EtcdMember `json:"members"`
	}
	err := postJSON(ctx, httpClient(tlsConf, 10*time.Second),
		strings.TrimRight(endpoint, "/")+"/v3/cluster/member/list", map[string]interface{}{}, &resp)
	if err != nil {
		return nil, fmt.Errorf("etcd member list via %s: %w", endpoint, err)
	}
	return resp.Members, nil
}

// InitialCluster renders members as etcd's --initial-cluster, naming a nameless member (the one
// just added) self.
func InitialCluster(members []EtcdMember, self string) string {
	var parts []string
	for _, m := range members {
		name := m.Name
		if name == "" {
			name = self
		}
		for _, u := range m.PeerURLs {
			parts = append(parts, name+"="+u)
		}
	}
	return strings.Join(parts, ",")
}

// ClientTLS makes a client TLS config from PEM files: caFile verifies the server (empty: no
// verification), certFile/keyFile is the client certificate (empty: none).
func ClientTLS(caFile, certFile, keyFile string) (*tls.Config, error) {
	conf := &tls.Config{MinVersion: tls.VersionTLS12}
	if caFile == "" {
		conf.InsecureSkipVerify = true
	} else {
		caPEM, err := os.ReadFile(caFile)
		if err != nil {
			return nil, err
		}
		if conf.RootCAs, err = CertPool(caPEM); err != nil {
			return nil, fmt.Errorf("%s: %w", caFile, err)
		}
	}
	if certFile != "" {
		pair, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, err
		}
		conf.Certificates = []tls.Certificate{pair}
	}
	return conf, nil
}

func httpClient(tlsConf *tls.Config, timeout time.Duration) *http.Client {
	tr := &http.Transport{TLSClientConfig: tlsConf, Proxy: nil, DisableKeepAlives: true}
	return &http.Client{Transport: tr, Timeout: timeout}
}

func getJSON(ctx context.Context, hc *http.Client, url string, out interface{}) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	return doJSON(hc, req, out)
}

func postJSON(ctx context.Context, hc *http.Client, url string, in, out interface{}) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	return doJSON(hc, req, out)
}

func doJSON(hc *http.Client, req *http.Request, out interface{}) error {
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return &StatusError{Method: req.Method, Path: req.URL.Path, Code: resp.StatusCode, Body: string(b)}
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(b, out)
}

// pause waits d, failing when ctx ends or p (optional) has exited.
func pause(ctx context.Context, p *Process, d time.Duration) error {
	var done <-chan struct{}
	if p != nil {
		done = p.Done()
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-done:
		return fmt.Errorf("%s exited (%v)", p.Name, p.err)
	case <-time.After(d):
		return nil
	}
}

func binary(explicit, env, fallback string) string {
	if explicit != "" {
		return explicit
	}
	if v := os.Getenv(env); v != "" {
		return v
	}
	return fallback
}
