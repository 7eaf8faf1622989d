// Package capi is the clusterctl stand-in's behaviour: init (providers' namespaces, minimal CRDs
// from internal/standin/crds and clusterctl's Provider inventory objects), move (clusterctl's
// object graph: ownerReferences plus soft ownership, pause, create in owner order with status,
// delete from the source) and describe (the condition tree). All calls go over REST through
// internal/standin/k8s.
package capi

import (
	"fmt"
	"os"
	"strings"

	"gopkg.in/yaml.v3"
)

// Provider types as clusterctl names them.
const (
	CoreProvider           = "CoreProvider"
	BootstrapProvider      = "BootstrapProvider"
	ControlPlaneProvider   = "ControlPlaneProvider"
	InfrastructureProvider = "InfrastructureProvider"
)

var typePrefix = map[string]string{
	CoreProvider: "", BootstrapProvider: "bootstrap-", ControlPlaneProvider: "control-plane-",
	InfrastructureProvider: "infrastructure-",
}

// Namespaces the providers' components install into (their components' target namespace).
var namespaces = map[string]string{
	"cluster-api":                  "capi-system",
	"bootstrap-kubeadm":            "capi-kubeadm-bootstrap-system",
	"control-plane-kubeadm":        "capi-kubeadm-control-plane-system",
	"infrastructure-vsphere":       "capv-system",
	"bootstrap-etcdadm-bootstrap":  "etcdadm-bootstrap-provider-system",
	"bootstrap-etcdadm-controller": "etcdadm-controller-system",
}

// Versions used when neither the flag nor the --config file gives one.
var defaultVersions = map[string]string{
	"cluster-api":                  "v1.5.2",
	"bootstrap-kubeadm":            "v1.5.2",
	"control-plane-kubeadm":        "v1.5.2",
	"infrastructure-vsphere":       "v1.7.4",
	"bootstrap-etcdadm-bootstrap":  "v1.0.10",
	"bootstrap-etcdadm-controller": "v1.0.16",
}

// DefaultCertManagerVersion is installed when --config names none.
const DefaultCertManagerVersion = "v1.13.2"

// Provider is one provider to install ("kubeadm:v1.5.2" under --bootstrap).
type Provider struct {
	Name, Type, Version string
}

// Label is clusterctl's manifest label: cluster-api, bootstrap-kubeadm, infrastructure-vsphere…
func (p Provider) Label() string { return typePrefix[p.Type] + p.Name }

// Namespace is the provider's target namespace.
func (p Provider) Namespace() string {
	if ns, ok := namespaces[p.Label()]; ok {
		return ns
	}
	return p.Label() + "-system"
}

// Config is the part of clusterctl's --config file the stand-in reads.
type Config struct {
	Providers []struct {
		Name    string `yaml:"name"`
		Type    string `yaml:"type"`
		Version string `yaml:"version"`
	} `yaml:"providers"`
	CertManager struct {
		Version string `yaml:"version"`
	} `yaml:"cert-manager"`
}

// LoadConfig reads a clusterctl config file ("" = none).
func LoadConfig(path string) (Config, error) {
	var c Config
	if path == "" {
		return c, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return c, fmt.Errorf("failed to read %q: %v", path, err)
	}
	if err := yaml.Unmarshal(data, &c); err != nil {
		return c, fmt.Errorf("failed to parse %q: %v", path, err)
	}
	return c, nil
}

// Parse turns a flag value "name[:version]" of type typ into a Provider, taking the version from
// cfg or the defaults when absent.
func Parse(value, typ string, cfg Config) (Provider, error) {
	name, version, _ := strings.Cut(value, ":")
	if name == "" {
		return Provider{}, fmt.Errorf("invalid provider name %q", value)
	}
	p := Provider{Name: name, Type: typ, Version: version}
	if p.Version == "" {
		for _, cp := range cfg.Providers {
			if cp.Name == name && cp.Type == typ && cp.Version != "" {
				p.Version = cp.Version
			}
		}
	}
	if p.Version == "" {
		p.Version = defaultVersions[p.Label()]
	}
	return p, nil
}
