package bootdata

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// ClusterConfiguration is the part of kubeadm's ClusterConfiguration the simulation uses.
type ClusterConfiguration struct {
	ClusterName          string `yaml:"clusterName"`
	KubernetesVersion    string `yaml:"kubernetesVersion"`
	ControlPlaneEndpoint string `yaml:"controlPlaneEndpoint"`
	CertificatesDir      string `yaml:"certificatesDir"`
	Networking           struct {
		DNSDomain     string `yaml:"dnsDomain"`
		ServiceSubnet string `yaml:"serviceSubnet"`
	} `yaml:"networking"`
	Etcd struct {
		Local *struct {
			DataDir string `yaml:"dataDir"`
		} `yaml:"local"`
		External *ExternalEtcd `yaml:"external"`
	} `yaml:"etcd"`
}

// ExternalEtcd is ClusterConfiguration.etcd.external.
type ExternalEtcd struct {
	Endpoints []string `yaml:"endpoints"`
	CAFile    string   `yaml:"caFile"`
	CertFile  string   `yaml:"certFile"`
	KeyFile   string   `yaml:"keyFile"`
}

// BootstrapToken is one InitConfiguration.bootstrapTokens entry.
type BootstrapToken struct {
	Token       string   `yaml:"token"`
	TTL         string   `yaml:"ttl"`
	Description string   `yaml:"description"`
	Groups      []string `yaml:"groups"`
	Usages      []string `yaml:"usages"`
}

// NodeRegistration is nodeRegistration (name only).
type NodeRegistration struct {
	Name string `yaml:"name"`
}

// InitConfiguration is kubeadm's InitConfiguration (the fields used).
type InitConfiguration struct {
	BootstrapTokens  []BootstrapToken `yaml:"bootstrapTokens"`
	NodeRegistration NodeRegistration `yaml:"nodeRegistration"`
}

// JoinConfiguration is kubeadm's JoinConfiguration (the fields used).
type JoinConfiguration struct {
	Discovery struct {
		BootstrapToken *struct {
			Token                    string   `yaml:"token"`
			APIServerEndpoint        string   `yaml:"apiServerEndpoint"`
			CACertHashes             []string `yaml:"caCertHashes"`
			UnsafeSkipCAVerification bool     `yaml:"unsafeSkipCAVerification"`
		} `yaml:"bootstrapToken"`
	} `yaml:"discovery"`
	NodeRegistration NodeRegistration `yaml:"nodeRegistration"`
	ControlPlane     *struct{}        `yaml:"controlPlane"`
}

// KubeadmConfig is a parsed kubeadm --config file.
type KubeadmConfig struct {
	Cluster *ClusterConfiguration
	// ClusterYAML is the ClusterConfiguration document as written (for kubeadm-config).
	ClusterYAML string
	Init        *InitConfiguration
	Join        *JoinConfiguration
}

// ParseKubeadmConfig reads the `---`-separated kubeadm.k8s.io/v1beta3 documents.
func ParseKubeadmConfig(doc []byte) (*KubeadmConfig, error) {
	out := &KubeadmConfig{}
	dec := yaml.NewDecoder(bytes.NewReader(doc))
	for n := 0; ; n++ {
		var node yaml.Node
		if err := dec.Decode(&node); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("kubeadm config: %w", err)
		}
		var head struct {
			APIVersion string `yaml:"apiVersion"`
			Kind       string `yaml:"kind"`
		}
		if err := node.Decode(&head); err != nil {
			return nil, fmt.Errorf("kubeadm config document %d: %w", n, err)
		}
		if head.Kind == "" {
			continue // an empty document
		}
		if head.APIVersion != "kubeadm.k8s.io/v1beta3" {
			return nil, fmt.Errorf("kubeadm config document %d: apiVersion %q, want kubeadm.k8s.io/v1beta3", n, head.APIVersion)
		}
		var err error
		switch head.Kind {
		case "ClusterConfiguration":
			out.Cluster = &ClusterConfiguration{}
			err = node.Decode(out.Cluster)
			if err == nil {
				var b []byte
				b, err = yaml.Marshal(&node)
				out.ClusterYAML = string(b)
			}
		case "InitConfiguration":
			out.Init = &InitConfiguration{}
			err = node.Decode(out.Init)
		case "JoinConfiguration":
			out.Join = &JoinConfiguration{}
			err = node.Decode(out.Join)
		default:
			err = fmt.Errorf("kind %q is not used by this simulation", head.Kind)
		}
		if err != nil {
			return nil, fmt.Errorf("kubeadm config %s: %w", head.Kind, err)
		}
	}
	return out, nil
}

// ParseClusterConfiguration reads one ClusterConfiguration document (kubeadm-config's).
func ParseClusterConfiguration(doc string) (*ClusterConfiguration, error) {
	var c ClusterConfiguration
	if err := yaml.Unmarshal([]byte(doc), &c); err != nil {
		return nil, fmt.Errorf("ClusterConfiguration: %w", err)
	}
	return &c, nil
}

// SplitToken splits a kubeadm bootstrap token "<6 [a-z0-9]>.<16 [a-z0-9]>".
func SplitToken(token string) (id, secret string, err error) {
	id, secret, ok := strings.Cut(token, ".")
	if !ok || len(id) != 6 || len(secret) != 16 || !lowerAlnum(id) || !lowerAlnum(secret) {
		return "", "", errors.New("bootstrap token is not in the form [a-z0-9]{6}.[a-z0-9]{16}")
	}
	return id, secret, nil
}

func lowerAlnum(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
