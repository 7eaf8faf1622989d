package boot

import (
	"fmt"
	"math/big"
	"net"
	"path"

	"eksa.dev/testbed/internal/kube"
)

// loadCA reads <dir>/ca.crt and <dir>/ca.key from the machine.
func (s State) loadCA(dir string) (*kube.CA, error) {
	crt, key := path.Join(dir, "ca.crt"), path.Join(dir, "ca.key")
	ca, err := kube.LoadCA(s.Path(crt), s.Path(key))
	if err != nil {
		return nil, fmt.Errorf("CA %s/%s: %v", crt, key, stripRoot(err, s.Root()))
	}
	return ca, nil
}

// ensureLeaf issues <base>.crt/.key with ca unless both exist (kubeadm and etcdadm keep existing
// certificates).
func (s State) ensureLeaf(ca *kube.CA, base string, leaf kube.Leaf) error {
	if s.Exists(base+".crt") && s.Exists(base+".key") {
		return nil
	}
	certPEM, keyPEM, err := ca.Issue(leaf)
	if err != nil {
		return err
	}
	if err := s.WriteFile(base+".crt", certPEM, 0o644); err != nil {
		return err
	}
	return s.WriteFile(base+".key", keyPEM, 0o600)
}

// ensureSAKeys makes sa.key/sa.pub in pkiDir when missing (kubeadm does).
func (s State) ensureSAKeys(pkiDir string) error {
	if s.Exists(pkiDir+"/sa.key") && s.Exists(pkiDir+"/sa.pub") {
		return nil
	}
	priv, pub, err := kube.NewServiceAccountKey()
	if err != nil {
		return err
	}
	if err := s.WriteFile(pkiDir+"/sa.key", priv, 0o600); err != nil {
		return err
	}
	return s.WriteFile(pkiDir+"/sa.pub", pub, 0o644)
}

// apiserverLeaf is kubeadm's apiserver serving certificate: DNS kubernetes, kubernetes.default,
// kubernetes.default.svc, kubernetes.default.svc.<domain>, the node name; IPs: the kubernetes
// service IP and the given addresses.
func apiserverLeaf(nodeName, dnsDomain, serviceCIDR string, ips ...string) (kube.Leaf, error) {
	if dnsDomain == "" {
		dnsDomain = "cluster.local"
	}
	svcIP, err := serviceIP(serviceCIDR)
	if err != nil {
		return kube.Leaf{}, err
	}
	return kube.Leaf{
		CommonName: "kube-apiserver",
		DNSNames: []string{"kubernetes", "kubernetes.default", "kubernetes.default.svc",
			"kubernetes.default.svc." + dnsDomain, nodeName},
		IPs:    dedupe(append([]string{svcIP}, ips...)),
		Server: true,
	}, nil
}

// etcdMemberLeaf is a member's server or peer certificate (kubeadm's and etcdadm's SANs).
func etcdMemberLeaf(name, ip string, extra []string) kube.Leaf {
	leaf := kube.Leaf{CommonName: name, DNSNames: []string{name, "localhost"},
		IPs: []string{ip, "127.0.0.1"}, Server: true, Client: true}
	for _, san := range extra {
		if net.ParseIP(san) != nil {
			leaf.IPs = append(leaf.IPs, san)
		} else if san != "" {
			leaf.DNSNames = append(leaf.DNSNames, san)
		}
	}
	leaf.IPs, leaf.DNSNames = dedupe(leaf.IPs), dedupe(leaf.DNSNames)
	return leaf
}

// serviceIP is the first address of cidr (the "kubernetes" Service's ClusterIP).
func serviceIP(cidr string) (string, error) {
	if cidr == "" {
		cidr = "10.96.0.0/12"
	}
	_, n, err := net.ParseCIDR(cidr)
	if err != nil {
		return "", fmt.Errorf("serviceSubnet %q: %v", cidr, err)
	}
	ip := new(big.Int).SetBytes(n.IP)
	ip.Add(ip, big.NewInt(1))
	b := ip.Bytes()
	out := make(net.IP, len(n.IP))
	copy(out[len(out)-len(b):], b)
	return out.String(), nil
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
