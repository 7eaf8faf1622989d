package boot

import (
	"context"
	"fmt"

	"eksa.dev/testbed/internal/bootdata"
	"eksa.dev/testbed/internal/kube"
)

// tlsBootstrap is a Bottlerocket worker's kubelet joining with settings.kubernetes: it trusts
// cluster-certificate (no pin), authenticates with bootstrap-token (401 fails the boot) and
// registers the Node. Simplification: no CSR; the token's group may create Nodes.
func (r *run) tlsBootstrap(ctx context.Context, b *bootdata.TLSBootstrap) error {
	tokenID, _, err := bootdata.SplitToken(b.Token)
	if err != nil {
		return fmt.Errorf("settings.kubernetes.bootstrap-token: %v", err)
	}
	server, err := r.hosts.URL(b.APIServer)
	if err != nil {
		return fmt.Errorf("settings.kubernetes.api-server: %v", err)
	}
	if _, err := kube.ParseCertPEM(b.CAPEM); err != nil {
		return fmt.Errorf("settings.kubernetes.cluster-certificate: %v", err)
	}
	client, err := kube.NewClient(server, kube.ClientOptions{CAPEM: b.CAPEM, Token: b.Token})
	if err != nil {
		return err
	}
	cl, err := r.clusterConfiguration(ctx, client, tokenID, false)
	if err != nil {
		return err
	}
	r.clusterName = firstNonEmpty(b.ClusterName, cl.ClusterName)
	return registerNode(ctx, client, nodeSpec{Name: r.hostname, IP: r.o.IP, Version: cl.KubernetesVersion,
		OSImage: r.osImage()})
}
