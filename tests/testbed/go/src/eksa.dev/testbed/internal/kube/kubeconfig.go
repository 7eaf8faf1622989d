package kube

import (
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strings"

	"gopkg.in/yaml.v3"
)

// Kubeconfig is one cluster, one user, one context.
type Kubeconfig struct {
	ClusterName string // default "kubernetes"
	UserName    string // default "admin"
	Server      string
	CAPEM       []byte
	CertPEM     []byte // client certificate (with KeyPEM), or
	KeyPEM      []byte
	Token       string // a bearer token, or neither (anonymous, as in cluster-info)
}

// YAML renders k the way kubectl writes kubeconfigs (certificate data base64 inline).
func (k Kubeconfig) YAML() []byte {
	cluster, user := k.ClusterName, k.UserName
	if cluster == "" {
		cluster = "kubernetes"
	}
	if user == "" {
		user = "admin"
	}
	ctx := user + "@" + cluster
	b64 := base64.StdEncoding.EncodeToString
	var s strings.Builder
	fmt.Fprintf(&s, "apiVersion: v1\nkind: Config\nclusters:\n- name: %q\n  cluster:\n", cluster)
	fmt.Fprintf(&s, "    server: %q\n", k.Server)
	if k.CAPEM != nil {
		fmt.Fprintf(&s, "    certificate-authority-data: %s\n", b64(k.CAPEM))
	}
	fmt.Fprintf(&s, "contexts:\n- name: %q\n  context:\n    cluster: %q\n    user: %q\n", ctx, cluster, user)
	fmt.Fprintf(&s, "current-context: %q\npreferences: {}\n", ctx)
	fmt.Fprintf(&s, "users:\n- name: %q\n  user:", user)
	switch {
	case k.CertPEM != nil:
		fmt.Fprintf(&s, "\n    client-certificate-data: %s\n    client-key-data: %s\n", b64(k.CertPEM), b64(k.KeyPEM))
	case k.Token != "":
		fmt.Fprintf(&s, "\n    token: %q\n", k.Token)
	default:
		s.WriteString(" {}\n")
	}
	return []byte(s.String())
}

// ParseKubeconfig reads the current context's cluster and user (inline data only).
func ParseKubeconfig(data []byte) (Kubeconfig, error) {
	var raw struct {
		CurrentContext string `yaml:"current-context"`
		Clusters       []struct {
			Name    string `yaml:"name"`
			Cluster struct {
				Server string `yaml:"server"`
				CAData string `yaml:"certificate-authority-data"`
			} `yaml:"cluster"`
		} `yaml:"clusters"`
		Contexts []struct {
			Name    string `yaml:"name"`
			Context struct {
				Cluster string `yaml:"cluster"`
				User    string `yaml:"user"`
			} `yaml:"context"`
		} `yaml:"contexts"`
		Users []struct {
			Name string `yaml:"name"`
			User struct {
				CertData string `yaml:"client-certificate-data"`
				KeyData  string `yaml:"client-key-data"`
				Token    string `yaml:"token"`
			} `yaml:"user"`
		} `yaml:"users"`
	}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return Kubeconfig{}, fmt.Errorf("kubeconfig: %w", err)
	}
	clusterName, userName := "", ""
	for _, c := range raw.Contexts {
		if c.Name == raw.CurrentContext || raw.CurrentContext == "" {
			clusterName, userName = c.Context.Cluster, c.Context.User
			break
		}
	}
	var k Kubeconfig
	found := false
	for _, c := range raw.Clusters {
		if c.Name == clusterName || (clusterName == "" && !found) {
			k.ClusterName, k.Server, found = c.Name, c.Cluster.Server, true
			if c.Cluster.CAData != "" {
				ca, err := base64.StdEncoding.DecodeString(c.Cluster.CAData)
				if err != nil {
					return Kubeconfig{}, fmt.Errorf("kubeconfig: certificate-authority-data: %w", err)
				}
				k.CAPEM = ca
			}
		}
	}
	if !found {
		return Kubeconfig{}, errors.New("kubeconfig: no cluster")
	}
	for _, u := range raw.Users {
		if u.Name != userName {
			continue
		}
		k.UserName, k.Token = u.Name, u.User.Token
		var err error
		if u.User.CertData != "" {
			if k.CertPEM, err = base64.StdEncoding.DecodeString(u.User.CertData); err != nil {
				return Kubeconfig{}, err
			}
			if k.KeyPEM, err = base64.StdEncoding.DecodeString(u.User.KeyData); err != nil {
				return Kubeconfig{}, err
			}
		}
	}
	return k, nil
}

// Client makes a REST client from k (the server verified with CAPEM).
func (k Kubeconfig) Client() (*Client, error) {
	return NewClient(k.Server, ClientOptions{CAPEM: k.CAPEM, CertPEM: k.CertPEM, KeyPEM: k.KeyPEM, Token: k.Token})
}

// ClientFromKubeconfigFile reads a kubeconfig file and makes a client from it.
func ClientFromKubeconfigFile(path string) (*Client, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	k, err := ParseKubeconfig(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k.Client()
}
