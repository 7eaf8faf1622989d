package boot

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"strings"
	"time"

	"eksa.dev/testbed/internal/bootdata"
	"eksa.dev/testbed/internal/kube"
)

// etcdadm is `etcdadm init|join`: from the etcd CA in --certs-dir (default /etc/etcd/pki) it
// makes server, peer, etcdctl-etcd-client and apiserver-etcd-client certificates for this
// machine (name + IP + --server-cert-extra-sans) and starts an https member with client
// certificate auth on <IP>:2379 (client) and <IP>:2380 (peer). init: a new one-member
// cluster. join <member URL>: member add through that member (v3 JSON gateway, etcdctl
// client certificate; retried until it answers), then start with the returned member list and
// initial-cluster-state=existing. Ignored flags: --version, --init-system, --install-dir.
func (r *run) etcdadm(ctx context.Context, cmd *bootdata.Command) error {
	certs := cmd.Flag("certs-dir", "/etc/etcd/pki")
	name := cmd.Flag("name", r.hostname)
	dataDir := cmd.Flag("data-dir", "/var/lib/etcd")
	var extra []string
	if s := cmd.Flag("server-cert-extra-sans", ""); s != "" {
		extra = strings.Split(s, ",")
	}
	ca, err := r.st.loadCA(certs)
	if err != nil {
		return err
	}
	for _, base := range []string{"server", "peer"} {
		if err := r.st.ensureLeaf(ca, certs+"/"+base, etcdMemberLeaf(name, r.o.IP, extra)); err != nil {
			return err
		}
	}
	if err := r.st.ensureLeaf(ca, certs+"/etcdctl-etcd-client", kube.Leaf{CommonName: "etcdctl-etcd-client",
		Organization: []string{"system:masters"}, Client: true}); err != nil {
		return err
	}
	if err := r.st.ensureLeaf(ca, certs+"/apiserver-etcd-client", kube.Leaf{CommonName: "kube-apiserver-etcd-client",
		Organization: []string{"system:masters"}, Client: true}); err != nil {
		return err
	}
	p := r.st.Path
	clientURL := "https://" + net.JoinHostPort(r.o.IP, "2379")
	peerURL := "https://" + net.JoinHostPort(r.o.IP, "2380")
	svc := &EtcdService{
		Config: kube.EtcdConfig{Name: name, DataDir: p(dataDir), ClientURLs: []string{clientURL}, PeerURLs: []string{peerURL},
			TLS: &kube.EtcdTLS{CAFile: p(certs + "/ca.crt"), CertFile: p(certs + "/server.crt"), KeyFile: p(certs + "/server.key"),
				PeerCertFile: p(certs + "/peer.crt"), PeerKeyFile: p(certs + "/peer.key")}},
		HealthURL: clientURL, CAFile: p(certs + "/ca.crt"),
		ClientCert: p(certs + "/etcdctl-etcd-client.crt"), ClientKey: p(certs + "/etcdctl-etcd-client.key"),
	}
	if cmd.Tool == bootdata.EtcdadmJoin {
		endpoint, err := r.hosts.URL(cmd.Endpoint)
		if err != nil {
			return fmt.Errorf("etcdadm join endpoint: %v", err)
		}
		tlsConf, err := kube.ClientTLS(svc.CAFile, svc.ClientCert, svc.ClientKey)
		if err != nil {
			return err
		}
		members, err := r.memberAdd(ctx, endpoint, tlsConf, peerURL)
		if err != nil {
			return err
		}
		svc.Config.InitialCluster = kube.InitialCluster(members, name)
		svc.Config.InitialClusterState = "existing"
	}
	r.svcs.Etcd = svc
	return r.st.startEtcd(ctx, r.lg, svc)
}

// memberAdd adds peerURL through endpoint (or finds it already added) and returns the members.
func (r *run) memberAdd(ctx context.Context, endpoint string, conf *tls.Config, peerURL string) ([]kube.EtcdMember, error) {
	logged := ""
	for {
		members, err := kube.EtcdMemberList(ctx, endpoint, conf)
		if err == nil {
			for _, m := range members {
				for _, u := range m.PeerURLs {
					if u == peerURL {
						r.lg.Printf("etcd member %s already added (id %s)", peerURL, m.ID)
						return members, nil
					}
				}
			}
			var added kube.EtcdMember
			if added, members, err = kube.EtcdMemberAdd(ctx, endpoint, conf, []string{peerURL}); err == nil {
				r.lg.Printf("etcd member %s added through %s (id %s, %d members)", peerURL, endpoint, added.ID, len(members))
				return members, nil
			}
		}
		if tlsVerifyError(err) != nil {
			return nil, fmt.Errorf("etcd member add via %s: %v", endpoint, tlsVerifyError(err))
		}
		if msg := err.Error(); msg != logged {
			r.lg.Printf("etcd member add via %s: %v (retrying)", endpoint, err)
			logged = msg
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("etcd member add via %s: %v", endpoint, err)
		case <-time.After(time.Second):
		}
	}
}
