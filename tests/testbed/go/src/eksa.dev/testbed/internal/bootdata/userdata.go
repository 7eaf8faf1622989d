package bootdata

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// File is one write_files entry.
type File struct {
	Path    string
	Mode    uint32 // from permissions ("0644"); 0644 when absent
	Content []byte
}

// TLSBootstrap is a Bottlerocket worker's join: the kubelet trusts CAPEM and authenticates with
// the bootstrap token (no kubeadm, no CA pin).
type TLSBootstrap struct {
	APIServer   string // https://<endpoint>:6443
	CAPEM       []byte // settings.kubernetes.cluster-certificate, decoded
	Token       string // settings.kubernetes.bootstrap-token
	ClusterName string
}

// Machine is what a machine's first boot acts on.
type Machine struct {
	OS       string // "ubuntu" or "bottlerocket"
	Hostname string // cloud-config hostname / settings.network.hostname; may be empty
	Files    []File
	// Command is the last runcmd entry (the role's bootstrap command); empty for a Bottlerocket
	// worker.
	Command      string
	TLSBootstrap *TLSBootstrap // Bottlerocket workers only
}

// ParseUserData recognises the document by its first line: "#cloud-config" (Ubuntu) or a TOML
// table (Bottlerocket).
func ParseUserData(doc []byte) (*Machine, error) {
	trimmed := bytes.TrimLeft(doc, " \t\r\n")
	switch {
	case bytes.HasPrefix(trimmed, []byte("#cloud-config")):
		m, err := ParseCloudConfig(doc)
		if err != nil {
			return nil, err
		}
		m.OS = "ubuntu"
		return m, nil
	case bytes.HasPrefix(trimmed, []byte("[settings.")):
		return ParseBottlerocket(doc)
	}
	return nil, errors.New("userdata is neither #cloud-config nor Bottlerocket TOML settings")
}

type cloudConfig struct {
	Hostname   string `yaml:"hostname"`
	WriteFiles []struct {
		Path        string `yaml:"path"`
		Permissions string `yaml:"permissions"`
		Content     string `yaml:"content"`
		Encoding    string `yaml:"encoding"`
	} `yaml:"write_files"`
	RunCmd []string `yaml:"runcmd"`
}

// ParseCloudConfig reads hostname, write_files (path, permissions, content) and runcmd.
func ParseCloudConfig(doc []byte) (*Machine, error) {
	var cc cloudConfig
	if err := yaml.Unmarshal(doc, &cc); err != nil {
		return nil, fmt.Errorf("cloud-config: %w", err)
	}
	m := &Machine{Hostname: cc.Hostname}
	for i, f := range cc.WriteFiles {
		if !strings.HasPrefix(f.Path, "/") {
			return nil, fmt.Errorf("cloud-config: write_files[%d]: path %q is not absolute", i, f.Path)
		}
		if f.Encoding != "" {
			return nil, fmt.Errorf("cloud-config: write_files[%d] (%s): encoding %q is not supported", i, f.Path, f.Encoding)
		}
		mode := uint64(0o644)
		if f.Permissions != "" {
			var err error
			if mode, err = strconv.ParseUint(f.Permissions, 8, 32); err != nil || mode > 0o7777 {
				return nil, fmt.Errorf("cloud-config: write_files[%d] (%s): bad permissions %q", i, f.Path, f.Permissions)
			}
		}
		m.Files = append(m.Files, File{Path: f.Path, Mode: uint32(mode), Content: []byte(f.Content)})
	}
	if len(cc.RunCmd) > 0 {
		m.Command = cc.RunCmd[len(cc.RunCmd)-1]
	}
	return m, nil
}

type bottlerocket struct {
	Settings struct {
		Kubernetes struct {
			APIServer          string `toml:"api-server"`
			ClusterCertificate string `toml:"cluster-certificate"`
			BootstrapToken     string `toml:"bootstrap-token"`
			ClusterName        string `toml:"cluster-name"`
		} `toml:"kubernetes"`
		Network struct {
			Hostname string `toml:"hostname"`
		} `toml:"network"`
		HostContainers      map[string]brContainer `toml:"host-containers"`
		BootstrapContainers map[string]brContainer `toml:"bootstrap-containers"`
	} `toml:"settings"`
}

type brContainer struct {
	UserData string `toml:"user-data"`
}

// ParseBottlerocket reads settings.network.hostname; a kubeadm-bootstrap host or bootstrap
// container's user-data (base64 cloud-config: control-plane and etcd machines); otherwise
// settings.kubernetes.{api-server, cluster-certificate, bootstrap-token, cluster-name}.
func ParseBottlerocket(doc []byte) (*Machine, error) {
	var br bottlerocket
	if _, err := toml.Decode(string(doc), &br); err != nil {
		return nil, fmt.Errorf("bottlerocket settings: %w", err)
	}
	s := br.Settings
	container, where := s.HostContainers["kubeadm-bootstrap"], "host-containers"
	if container.UserData == "" {
		container, where = s.BootstrapContainers["kubeadm-bootstrap"], "bootstrap-containers"
	}
	if container.UserData != "" {
		inner, err := base64.StdEncoding.DecodeString(container.UserData)
		if err != nil {
			return nil, fmt.Errorf("settings.%s.kubeadm-bootstrap.user-data: %w", where, err)
		}
		m, err := ParseCloudConfig(inner)
		if err != nil {
			return nil, fmt.Errorf("settings.%s.kubeadm-bootstrap.user-data: %w", where, err)
		}
		m.OS, m.Hostname = "bottlerocket", s.Network.Hostname
		return m, nil
	}
	k := s.Kubernetes
	if k.APIServer == "" || k.ClusterCertificate == "" || k.BootstrapToken == "" {
		return nil, errors.New("bottlerocket settings: no kubeadm-bootstrap container and settings.kubernetes " +
			"lacks api-server, cluster-certificate or bootstrap-token")
	}
	ca, err := base64.StdEncoding.DecodeString(k.ClusterCertificate)
	if err != nil {
		return nil, fmt.Errorf("settings.kubernetes.cluster-certificate: %w", err)
	}
	return &Machine{OS: "bottlerocket", Hostname: s.Network.Hostname, TLSBootstrap: &TLSBootstrap{
		APIServer: k.APIServer, CAPEM: ca, Token: k.BootstrapToken, ClusterName: k.ClusterName}}, nil
}

// Metadata is guestinfo.metadata.
type Metadata struct {
	InstanceID    string `yaml:"instance-id"`
	LocalHostname string `yaml:"local-hostname"`
}

// ParseMetadata reads instance-id and local-hostname.
func ParseMetadata(doc []byte) (Metadata, error) {
	var md Metadata
	if err := yaml.Unmarshal(doc, &md); err != nil {
		return Metadata{}, fmt.Errorf("metadata: %w", err)
	}
	return md, nil
}
