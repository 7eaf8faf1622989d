package boot

import (
	"context"
	"fmt"
	"net"
	"strings"
	"time"

	"eksa.dev/testbed/internal/bootdata"
	"eksa.dev/testbed/internal/kube"
)

const etcdURLsAnnotation = "testbed.eksa.dev/etcd-client-urls"

// kubeadmConfig reads the file given by --config.
func (r *run) kubeadmConfig(cmd *bootdata.Command) (*bootdata.KubeadmConfig, error) {
	p := cmd.Flag("config", "")
	if p == "" {
		return nil, fmt.Errorf("%s without --config is not simulated", cmd.Tool)
	}
	b, err := r.st.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", p, stripRoot(err, r.st.Root()))
	}
	return bootdata.ParseKubeadmConfig(b)
}

// kubeadmInit is `kubeadm init`: etcd (stacked) or external etcd, kube-apiserver on the
// control-plane endpoint, admin.conf, the bootstrap objects, this machine's Node.
func (r *run) kubeadmInit(ctx context.Context, cmd *bootdata.Command) error {
	kc, err := r.kubeadmConfig(cmd)
	if err != nil {
		return err
	}
	if kc.Cluster == nil || kc.Init == nil {
		return fmt.Errorf("kubeadm init: %s lacks a ClusterConfiguration or InitConfiguration", cmd.Flag("config", ""))
	}
	cl := kc.Cluster
	r.clusterName = cl.ClusterName
	nodeName := firstNonEmpty(kc.Init.NodeRegistration.Name, r.hostname)
	epIP, epPort, err := r.hosts.HostPort(firstNonEmpty(cl.ControlPlaneEndpoint, r.o.IP), "6443")
	if err != nil {
		return fmt.Errorf("controlPlaneEndpoint: %v", err)
	}
	pkiDir := firstNonEmpty(cl.CertificatesDir, "/etc/kubernetes/pki")
	ca, err := r.st.loadCA(pkiDir)
	if err != nil {
		return err
	}
	if err := r.st.ensureSAKeys(pkiDir); err != nil {
		return err
	}
	etcd, annotations, err := r.controlPlaneEtcd(ctx, cl, pkiDir, nodeName, nil)
	if err != nil {
		return err
	}
	api, err := r.apiserver(cl, pkiDir, nodeName, epIP, epPort, epIP, etcd)
	if err != nil {
		return err
	}
	r.svcs.APIServer = api
	if err := r.st.startAPIServer(ctx, r.lg, api); err != nil {
		return err
	}
	server := "https://" + net.JoinHostPort(epIP, epPort)
	admin, err := r.writeAdminConf(ca, server)
	if err != nil {
		return err
	}
	items, err := postInitObjects(kc, server, ca.CertPEM, time.Now())
	if err != nil {
		return err
	}
	if err := applyAll(ctx, admin, items); err != nil {
		return fmt.Errorf("creating the bootstrap objects: %v", err)
	}
	r.lg.Printf("bootstrap token secret(s), cluster-info, kubeadm-config and RBAC created")
	return registerNode(ctx, admin, nodeSpec{Name: nodeName, IP: r.o.IP, ControlPlane: true,
		Version: cl.KubernetesVersion, OSImage: r.osImage(), Annotations: annotations})
}

// controlPlaneEtcd prepares the etcd the control plane's kube-apiserver uses. Stacked (no
// etcd.external) on init: kubeadm's etcd certificates and a member on <machine IP>:2379/2380.
// Stacked on a control-plane join (stackedURLs set): the existing members' client URLs and a
// fresh apiserver-etcd-client certificate (the simulation does not add a member per control
// plane). External: the configured endpoints and client certificate, waiting until one answers.
func (r *run) controlPlaneEtcd(ctx context.Context, cl *bootdata.ClusterConfiguration, pkiDir, nodeName string,
	stackedURLs []string) (*etcdClient, map[string]string, error) {
	if ext := cl.Etcd.External; ext != nil {
		return r.externalEtcd(ctx, ext)
	}
	etcdCA, err := r.st.loadCA(pkiDir + "/etcd")
	if err != nil {
		return nil, nil, err
	}
	client := &etcdClient{CAFile: pkiDir + "/etcd/ca.crt", CertFile: pkiDir + "/apiserver-etcd-client.crt",
		KeyFile: pkiDir + "/apiserver-etcd-client.key"}
	if err := r.st.ensureLeaf(etcdCA, pkiDir+"/apiserver-etcd-client",
		kube.Leaf{CommonName: "kube-apiserver-etcd-client", Client: true}); err != nil {
		return nil, nil, err
	}
	if stackedURLs != nil {
		client.Endpoints = stackedURLs
		return client, nil, nil
	}
	for _, base := range []string{"etcd/server", "etcd/peer"} {
		if err := r.st.ensureLeaf(etcdCA, pkiDir+"/"+base, etcdMemberLeaf(nodeName, r.o.IP, nil)); err != nil {
			return nil, nil, err
		}
	}
	if err := r.st.ensureLeaf(etcdCA, pkiDir+"/etcd/healthcheck-client",
		kube.Leaf{CommonName: "kube-etcd-healthcheck-client", Client: true}); err != nil {
		return nil, nil, err
	}
	dataDir := "/var/lib/etcd"
	if cl.Etcd.Local != nil && cl.Etcd.Local.DataDir != "" {
		dataDir = cl.Etcd.Local.DataDir
	}
	clientURL := "https://" + net.JoinHostPort(r.o.IP, "2379")
	p := r.st.Path
	svc := &EtcdService{
		Config: kube.EtcdConfig{Name: nodeName, DataDir: p(dataDir), ClientURLs: []string{clientURL},
			PeerURLs: []string{"https://" + net.JoinHostPort(r.o.IP, "2380")},
			TLS: &kube.EtcdTLS{CAFile: p(pkiDir + "/etcd/ca.crt"), CertFile: p(pkiDir + "/etcd/server.crt"),
				KeyFile: p(pkiDir + "/etcd/server.key"), PeerCertFile: p(pkiDir + "/etcd/peer.crt"),
				PeerKeyFile: p(pkiDir + "/etcd/peer.key")}},
		HealthURL: clientURL, CAFile: p(pkiDir + "/etcd/ca.crt"),
		ClientCert: p(pkiDir + "/etcd/healthcheck-client.crt"), ClientKey: p(pkiDir + "/etcd/healthcheck-client.key"),
	}
	r.svcs.Etcd = svc
	if err := r.st.startEtcd(ctx, r.lg, svc); err != nil {
		return nil, nil, err
	}
	client.Endpoints = []string{clientURL}
	return client, map[string]string{etcdURLsAnnotation: clientURL}, nil
}

// etcdClient is how a kube-apiserver reaches etcd (machine paths).
type etcdClient struct {
	Endpoints                 []string
	CAFile, CertFile, KeyFile string
}

func (r *run) externalEtcd(ctx context.Context, ext *bootdata.ExternalEtcd) (*etcdClient, map[string]string, error) {
	if len(ext.Endpoints) == 0 {
		return nil, nil, fmt.Errorf("etcd.external has no endpoints")
	}
	c := &etcdClient{CAFile: ext.CAFile, CertFile: ext.CertFile, KeyFile: ext.KeyFile}
	for _, f := range []string{ext.CAFile, ext.CertFile, ext.KeyFile} {
		if f == "" || !r.st.Exists(f) {
			return nil, nil, fmt.Errorf("etcd.external: file %q missing on the machine", f)
		}
	}
	for _, e := range ext.Endpoints {
		u, err := r.hosts.URL(e)
		if err != nil {
			return nil, nil, fmt.Errorf("etcd.external endpoint %s: %v", e, err)
		}
		c.Endpoints = append(c.Endpoints, u)
	}
	tlsConf, err := kube.ClientTLS(r.st.Path(c.CAFile), r.st.Path(c.CertFile), r.st.Path(c.KeyFile))
	if err != nil {
		return nil, nil, stripRoot(err, r.st.Root())
	}
	start := time.Now()
	for i := 0; ; i++ {
		for _, u := range c.Endpoints {
			wctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			err = kube.WaitEtcdHealthy(wctx, u, tlsConf, nil)
			cancel()
			if err == nil {
				r.lg.Printf("external etcd %s healthy after %v", u, time.Since(start).Round(time.Millisecond))
				return c, nil, nil
			}
		}
		if i == 0 {
			r.lg.Printf("waiting for external etcd %s", strings.Join(c.Endpoints, ","))
		}
		if ctx.Err() != nil {
			return nil, nil, fmt.Errorf("no external etcd endpoint answered (%s): %v", strings.Join(c.Endpoints, ","), err)
		}
	}
}

// apiserver describes this machine's kube-apiserver: bound to bindIP:port, advertising the
// machine IP, serving a certificate kubeadm would make (signed by ca.key) for extraIP, the
// machine IP and the kubernetes names.
func (r *run) apiserver(cl *bootdata.ClusterConfiguration, pkiDir, nodeName, bindIP, port, extraIP string,
	etcd *etcdClient) (*APIServerService, error) {
	ca, err := r.st.loadCA(pkiDir)
	if err != nil {
		return nil, err
	}
	leaf, err := apiserverLeaf(nodeName, cl.Networking.DNSDomain, cl.Networking.ServiceSubnet, extraIP, r.o.IP, "127.0.0.1")
	if err != nil {
		return nil, err
	}
	if err := r.st.ensureLeaf(ca, pkiDir+"/apiserver", leaf); err != nil {
		return nil, err
	}
	var portNum int
	if _, err := fmt.Sscanf(port, "%d", &portNum); err != nil {
		return nil, fmt.Errorf("bad port %q", port)
	}
	p := r.st.Path
	cfg := kube.APIServerConfig{
		BindAddress: bindIP, AdvertiseAddress: r.o.IP, Port: portNum,
		EtcdServers: etcd.Endpoints, EtcdCAFile: p(etcd.CAFile), EtcdCertFile: p(etcd.CertFile), EtcdKeyFile: p(etcd.KeyFile),
		TLSCertFile: p(pkiDir + "/apiserver.crt"), TLSKeyFile: p(pkiDir + "/apiserver.key"),
		ClientCAFile:          p(pkiDir + "/ca.crt"),
		ServiceAccountKeyFile: p(pkiDir + "/sa.pub"), ServiceAccountSigningKeyFile: p(pkiDir + "/sa.key"),
		EnableBootstrapTokenAuth: true, AuthorizationModes: []string{"Node", "RBAC"},
		ServiceClusterIPRange: firstNonEmpty(cl.Networking.ServiceSubnet, "10.96.0.0/12"),
		CertDir:               p("/var/lib/kube-apiserver"),
	}
	return &APIServerService{Config: cfg, CAFile: p(pkiDir + "/ca.crt")}, nil
}

// writeAdminConf issues kubernetes-admin (O=system:masters) with ca, writes
// /etc/kubernetes/admin.conf and returns a client using it.
func (r *run) writeAdminConf(ca *kube.CA, server string) (*kube.Client, error) {
	certPEM, keyPEM, err := ca.Issue(kube.Leaf{CommonName: "kubernetes-admin", Organization: []string{"system:masters"}, Client: true})
	if err != nil {
		return nil, err
	}
	k := kube.Kubeconfig{ClusterName: r.clusterName, UserName: "kubernetes-admin", Server: server,
		CAPEM: ca.CertPEM, CertPEM: certPEM, KeyPEM: keyPEM}
	if err := r.st.WriteFile("/etc/kubernetes/admin.conf", k.YAML(), 0o600); err != nil {
		return nil, err
	}
	return k.Client()
}

func (r *run) osImage() string {
	if r.machine.OS == "bottlerocket" {
		return "Bottlerocket OS (eksa testbed)"
	}
	return "Ubuntu (eksa testbed)"
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
