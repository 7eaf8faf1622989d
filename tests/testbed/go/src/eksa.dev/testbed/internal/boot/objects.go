package boot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"eksa.dev/testbed/internal/bootdata"
	"eksa.dev/testbed/internal/kube"
)

type obj = map[string]interface{}

const (
	bootstrapperGroup = "system:bootstrappers:kubeadm:default-node-token"
	clusterInfoPath   = "/api/v1/namespaces/kube-public/configmaps/cluster-info"
	kubeadmConfigPath = "/api/v1/namespaces/kube-system/configmaps/kubeadm-config"
)

// tokenSecret is kubeadm's bootstrap-token-<id> Secret for an InitConfiguration token.
func tokenSecret(t bootdata.BootstrapToken, now time.Time) (obj, error) {
	id, secret, err := bootdata.SplitToken(t.Token)
	if err != nil {
		return nil, err
	}
	data := map[string]string{"token-id": id, "token-secret": secret}
	ttl := 24 * time.Hour
	if t.TTL != "" {
		if ttl, err = time.ParseDuration(t.TTL); err != nil {
			return nil, fmt.Errorf("bootstrap token ttl %q: %v", t.TTL, err)
		}
	}
	if ttl > 0 {
		data["expiration"] = now.Add(ttl).UTC().Format(time.RFC3339)
	}
	usages := t.Usages
	if len(usages) == 0 {
		usages = []string{"signing", "authentication"}
	}
	for _, u := range usages {
		data["usage-bootstrap-"+u] = "true"
	}
	groups := t.Groups
	if len(groups) == 0 {
		groups = []string{bootstrapperGroup}
	}
	data["auth-extra-groups"] = strings.Join(groups, ",")
	if t.Description != "" {
		data["description"] = t.Description
	}
	return obj{"apiVersion": "v1", "kind": "Secret", "type": "bootstrap.kubernetes.io/token",
		"metadata": obj{"name": "bootstrap-token-" + id, "namespace": "kube-system"}, "stringData": data}, nil
}

func configMap(ns, name string, data map[string]string) obj {
	return obj{"apiVersion": "v1", "kind": "ConfigMap", "metadata": obj{"name": name, "namespace": ns}, "data": data}
}

func rule(groups, resources, verbs []string, names ...string) obj {
	r := obj{"apiGroups": groups, "resources": resources, "verbs": verbs}
	if len(names) > 0 {
		r["resourceNames"] = names
	}
	return r
}

func binding(kind, ns, name, roleKind, role string, subjects ...obj) obj {
	meta := obj{"name": name}
	if ns != "" {
		meta["namespace"] = ns
	}
	return obj{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": meta,
		"roleRef": obj{"apiGroup": "rbac.authorization.k8s.io", "kind": roleKind, "name": role}, "subjects": subjects}
}

func group(name string) obj {
	return obj{"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": name}
}

func user(name string) obj {
	return obj{"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": name}
}

func role(kind, ns, name string, rules ...obj) obj {
	meta := obj{"name": name}
	if ns != "" {
		meta["namespace"] = ns
	}
	return obj{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": meta, "rules": rules}
}

const rbacV1 = "/apis/rbac.authorization.k8s.io/v1"

// postInitObjects are what `kubeadm init` leaves in the cluster that joins need:
//   - kube-system/bootstrap-token-<id> per InitConfiguration token;
//   - kube-public/cluster-info (a kubeconfig with the endpoint and CA), readable by
//     system:anonymous (Role+RoleBinding kubeadm:bootstrap-signer-clusterinfo);
//   - kube-system/kubeadm-config (ClusterConfiguration), readable by the bootstrappers and
//     nodes (kubeadm:nodes-kubeadm-config);
//   - ClusterRoleBinding kubeadm:kubelet-bootstrap (system:node-bootstrapper) and kubeadm:get-nodes;
//   - the simplification standing in for CSR signing + the kubelet: ClusterRole and binding
//     eksa-testbed:node-bootstrap letting the bootstrappers create, get, list, patch and update
//     Nodes and patch/update nodes/status.
func postInitObjects(cc *bootdata.KubeadmConfig, server string, caPEM []byte, now time.Time) ([]item, error) {
	var items []item
	add := func(p string, o obj) { items = append(items, item{p, o}) }
	for _, t := range cc.Init.BootstrapTokens {
		s, err := tokenSecret(t, now)
		if err != nil {
			return nil, err
		}
		add("/api/v1/namespaces/kube-system/secrets", s)
	}
	info := kube.Kubeconfig{ClusterName: "", Server: server, CAPEM: caPEM}
	add("/api/v1/namespaces/kube-public/configmaps", configMap("kube-public", "cluster-info",
		map[string]string{"kubeconfig": string(clusterInfoKubeconfig(info))}))
	add(rbacV1+"/namespaces/kube-public/roles", role("Role", "kube-public", "kubeadm:bootstrap-signer-clusterinfo",
		rule([]string{""}, []string{"configmaps"}, []string{"get"}, "cluster-info")))
	add(rbacV1+"/namespaces/kube-public/rolebindings", binding("RoleBinding", "kube-public",
		"kubeadm:bootstrap-signer-clusterinfo", "Role", "kubeadm:bootstrap-signer-clusterinfo", user("system:anonymous")))
	add("/api/v1/namespaces/kube-system/configmaps", configMap("kube-system", "kubeadm-config",
		map[string]string{"ClusterConfiguration": cc.ClusterYAML}))
	add(rbacV1+"/namespaces/kube-system/roles", role("Role", "kube-system", "kubeadm:nodes-kubeadm-config",
		rule([]string{""}, []string{"configmaps"}, []string{"get"}, "kubeadm-config")))
	add(rbacV1+"/namespaces/kube-system/rolebindings", binding("RoleBinding", "kube-system",
		"kubeadm:nodes-kubeadm-config", "Role", "kubeadm:nodes-kubeadm-config", group(bootstrapperGroup), group("system:nodes")))
	add(rbacV1+"/clusterrolebindings", binding("ClusterRoleBinding", "", "kubeadm:kubelet-bootstrap",
		"ClusterRole", "system:node-bootstrapper", group(bootstrapperGroup)))
	add(rbacV1+"/clusterroles", role("ClusterRole", "", "kubeadm:get-nodes",
		rule([]string{""}, []string{"nodes"}, []string{"get"})))
	add(rbacV1+"/clusterrolebindings", binding("ClusterRoleBinding", "", "kubeadm:get-nodes",
		"ClusterRole", "kubeadm:get-nodes", group(bootstrapperGroup)))
	add(rbacV1+"/clusterroles", role("ClusterRole", "", "eksa-testbed:node-bootstrap",
		rule([]string{""}, []string{"nodes"}, []string{"create", "get", "list", "patch", "update"}),
		rule([]string{""}, []string{"nodes/status"}, []string{"patch", "update"})))
	add(rbacV1+"/clusterrolebindings", binding("ClusterRoleBinding", "", "eksa-testbed:node-bootstrap",
		"ClusterRole", "eksa-testbed:node-bootstrap", group(bootstrapperGroup)))
	return items, nil
}

// item is an object and the collection it goes to.
type item struct {
	Collection string
	Object     obj
}

// clusterInfoKubeconfig is the cluster-info kubeconfig: one cluster, no user, as kubeadm writes.
func clusterInfoKubeconfig(k kube.Kubeconfig) []byte {
	return []byte(fmt.Sprintf("apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: %s\n"+
		"    server: %s\n  name: \"\"\ncontexts: null\ncurrent-context: \"\"\npreferences: {}\nusers: null\n",
		b64(k.CAPEM), k.Server))
}

// applyAll applies objs in order, retrying transient errors (namespaces and RBAC defaults are
// created by the apiserver shortly after /readyz) until ctx ends.
func applyAll(ctx context.Context, c *kube.Client, items []item) error {
	for _, it := range items {
		for {
			err := c.Apply(ctx, it.Collection, it.Object, nil)
			if err == nil {
				break
			}
			if code := kube.Code(err); code != 0 && code != 404 && code != 403 && code != 500 && code != 503 {
				return err
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("%v (gave up: %v)", err, ctx.Err())
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	return nil
}
