package boot

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"eksa.dev/testbed/internal/bootdata"
	"eksa.dev/testbed/internal/kube"
)

// kubeadmJoin is `kubeadm join` with bootstrap-token discovery: fetch cluster-info anonymously
// without verifying TLS, pin its CA against caCertHashes, then use the token over verified TLS
// (reading kubeadm-config) and register the Node. A control-plane join also starts a
// kube-apiserver on <machine IP>:<endpoint port>.
func (r *run) kubeadmJoin(ctx context.Context, cmd *bootdata.Command) error {
	kc, err := r.kubeadmConfig(cmd)
	if err != nil {
		return err
	}
	j := kc.Join
	if j == nil {
		return fmt.Errorf("kubeadm join: %s has no JoinConfiguration", cmd.Flag("config", ""))
	}
	bt := j.Discovery.BootstrapToken
	if bt == nil {
		return errors.New("kubeadm join: only discovery.bootstrapToken is simulated")
	}
	tokenID, _, err := bootdata.SplitToken(bt.Token)
	if err != nil {
		return fmt.Errorf("discovery.bootstrapToken.token: %v", err)
	}
	if len(bt.CACertHashes) == 0 && !bt.UnsafeSkipCAVerification {
		return errors.New("discovery.bootstrapToken: using token-based discovery without caCertHashes can be unsafe; " +
			"set unsafeSkipCAVerification")
	}
	ip, port, err := r.hosts.HostPort(bt.APIServerEndpoint, "6443")
	if err != nil {
		return fmt.Errorf("discovery.bootstrapToken.apiServerEndpoint: %v", err)
	}
	server := "https://" + net.JoinHostPort(ip, port)
	caPEM, err := r.discover(ctx, server, bt.CACertHashes, bt.UnsafeSkipCAVerification)
	if err != nil {
		return err
	}
	client, err := kube.NewClient(server, kube.ClientOptions{CAPEM: caPEM, Token: bt.Token})
	if err != nil {
		return err
	}
	cl, err := r.clusterConfiguration(ctx, client, tokenID, true)
	if err != nil {
		return err
	}
	r.clusterName = cl.ClusterName
	nodeName := firstNonEmpty(j.NodeRegistration.Name, r.hostname)
	node := nodeSpec{Name: nodeName, IP: r.o.IP, Version: cl.KubernetesVersion, OSImage: r.osImage()}
	if j.ControlPlane != nil {
		if client, err = r.joinControlPlane(ctx, cl, caPEM, server, ip, port, nodeName); err != nil {
			return err
		}
		node.ControlPlane = true
	}
	return registerNode(ctx, client, node)
}

// discover fetches kube-public/cluster-info anonymously (TLS unverified), retrying until the
// API server answers, and checks its CA against the pins.
func (r *run) discover(ctx context.Context, server string, pins []string, unsafe bool) ([]byte, error) {
	anon, err := kube.NewClient(server, kube.ClientOptions{Insecure: true})
	if err != nil {
		return nil, err
	}
	var cm struct {
		Data map[string]string `json:"data"`
	}
	start, logged := time.Now(), ""
	for {
		err = anon.Get(ctx, clusterInfoPath, &cm)
		if err == nil {
			break
		}
		if msg := err.Error(); msg != logged {
			r.lg.Printf("discovery: %s: %v (retrying)", server, err)
			logged = msg
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("couldn't validate the identity of the API Server: %v", err)
		case <-time.After(time.Second):
		}
	}
	info, err := kube.ParseKubeconfig([]byte(cm.Data["kubeconfig"]))
	if err != nil || len(info.CAPEM) == 0 {
		return nil, fmt.Errorf("cluster-info ConfigMap has no usable kubeconfig: %v", err)
	}
	var hashes []string
	for rest := info.CAPEM; ; {
		cert, err := kube.ParseCertPEM(rest)
		if err != nil {
			break
		}
		hashes = append(hashes, kube.SPKIHash(cert))
		rest = rest[strings.Index(string(rest), "-----END CERTIFICATE-----")+len("-----END CERTIFICATE-----"):]
	}
	if len(hashes) == 0 {
		return nil, errors.New("cluster-info ConfigMap: no CA certificate")
	}
	if !unsafe && !pinned(hashes, pins) {
		return nil, fmt.Errorf("cluster CA found in cluster-info ConfigMap is invalid: none of the public keys %q are pinned",
			strings.Join(hashes, ","))
	}
	r.lg.Printf("discovery: cluster CA %s validated against caCertHashes after %v", hashes[0],
		time.Since(start).Round(time.Millisecond))
	return info.CAPEM, nil
}

func pinned(hashes, pins []string) bool {
	for _, h := range hashes {
		for _, p := range pins {
			if strings.EqualFold(strings.TrimSpace(p), h) {
				return true
			}
		}
	}
	return false
}

// clusterConfiguration reads kube-system/kubeadm-config with the bootstrap token over verified
// TLS. 401 means the token is wrong: fail. A TLS verification failure fails too. With required
// false (the Bottlerocket kubelet, which does not need it) 403/404 give an empty configuration.
func (r *run) clusterConfiguration(ctx context.Context, c *kube.Client, tokenID string, required bool) (*bootdata.ClusterConfiguration, error) {
	var cm struct {
		Data map[string]string `json:"data"`
	}
	logged := ""
	for {
		err := c.Get(ctx, kubeadmConfigPath, &cm)
		if err == nil {
			return bootdata.ParseClusterConfiguration(cm.Data["ClusterConfiguration"])
		}
		switch code := kube.Code(err); {
		case code == 401:
			return nil, fmt.Errorf("the API server rejected bootstrap token %q: 401 Unauthorized", tokenID)
		case (code == 403 || code == 404) && !required:
			return &bootdata.ClusterConfiguration{}, nil
		case code == 403 || code == 404:
			return nil, fmt.Errorf("unable to fetch the kubeadm-config ConfigMap: %v", err)
		case tlsVerifyError(err) != nil:
			return nil, fmt.Errorf("cannot verify the API server %s with the cluster CA: %v", c.Server, tlsVerifyError(err))
		}
		if msg := err.Error(); msg != logged {
			r.lg.Printf("%v (retrying)", err)
			logged = msg
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("API server %s did not answer: %v", c.Server, err)
		case <-time.After(time.Second):
		}
	}
}

// tlsVerifyError returns the certificate verification error inside err, if any.
func tlsVerifyError(err error) error {
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	var ue *url.Error
	switch {
	case errors.As(err, &ua):
		return ua
	case errors.As(err, &he):
		return he
	case errors.As(err, &ci):
		return ci
	case errors.As(err, &ue) && strings.Contains(ue.Error(), "x509:"):
		return ue.Err
	}
	return nil
}

// joinControlPlane runs a kube-apiserver for this machine against the cluster's etcd.
// Simplification: a stacked control-plane join does not add an etcd member; its apiserver uses
// the members the existing control-plane Nodes advertise (annotation
// testbed.eksa.dev/etcd-client-urls). Returns an admin client (admin.conf made with ca.key, as
// kubeadm does on control-plane machines).
func (r *run) joinControlPlane(ctx context.Context, cl *bootdata.ClusterConfiguration, caPEM []byte, server, epIP, port,
	nodeName string) (*kube.Client, error) {
	pkiDir := firstNonEmpty(cl.CertificatesDir, "/etc/kubernetes/pki")
	ca, err := r.st.loadCA(pkiDir)
	if err != nil {
		return nil, err
	}
	discovered, err := kube.ParseCertPEM(caPEM)
	if err != nil {
		return nil, err
	}
	if kube.SPKIHash(ca.Cert) != kube.SPKIHash(discovered) {
		return nil, fmt.Errorf("%s/ca.crt on the machine is not the cluster's CA (cluster-info)", pkiDir)
	}
	for _, f := range []string{"sa.key", "sa.pub"} {
		if !r.st.Exists(pkiDir + "/" + f) {
			return nil, fmt.Errorf("control-plane join: %s/%s missing on the machine", pkiDir, f)
		}
	}
	admin, err := r.writeAdminConf(ca, server)
	if err != nil {
		return nil, err
	}
	var stacked []string
	if cl.Etcd.External == nil {
		if stacked, err = stackedEtcdURLs(ctx, admin); err != nil {
			return nil, err
		}
	}
	etcd, _, err := r.controlPlaneEtcd(ctx, cl, pkiDir, nodeName, stacked)
	if err != nil {
		return nil, err
	}
	api, err := r.apiserver(cl, pkiDir, nodeName, r.o.IP, port, epIP, etcd)
	if err != nil {
		return nil, err
	}
	r.svcs.APIServer = api
	if err := r.st.startAPIServer(ctx, r.lg, api); err != nil {
		return nil, err
	}
	return admin, nil
}

// stackedEtcdURLs lists the etcd client URLs the control-plane Nodes advertise.
func stackedEtcdURLs(ctx context.Context, c *kube.Client) ([]string, error) {
	var nodes struct {
		Items []struct {
			Metadata struct {
				Annotations map[string]string `json:"annotations"`
			} `json:"metadata"`
		} `json:"items"`
	}
	if err := c.Get(ctx, "/api/v1/nodes?labelSelector=node-role.kubernetes.io%2Fcontrol-plane", &nodes); err != nil {
		return nil, fmt.Errorf("listing control-plane nodes: %v", err)
	}
	var urls []string
	for _, n := range nodes.Items {
		if u := n.Metadata.Annotations[etcdURLsAnnotation]; u != "" {
			urls = append(urls, strings.Split(u, ",")...)
		}
	}
	if len(urls) == 0 {
		return nil, errors.New("no control-plane Node advertises a stacked etcd member")
	}
	return urls, nil
}
