package main

import (
	"fmt"
	"os"
	"regexp"

	"gopkg.in/yaml.v3"
)

// kindConfig is the part of kind's v1alpha4 Cluster config the stand-in reads; everything else
// (kubeadmConfigPatches, containerdConfigPatches, extraMounts, …) is accepted and ignored.
type kindConfig struct {
	Kind       string `yaml:"kind"`
	APIVersion string `yaml:"apiVersion"`
	Name       string `yaml:"name"`
	Nodes      []struct {
		Role  string `yaml:"role"`
		Image string `yaml:"image"`
	} `yaml:"nodes"`
	Networking struct {
		APIServerPort     int  `yaml:"apiServerPort"`
		DisableDefaultCNI bool `yaml:"disableDefaultCNI"`
	} `yaml:"networking"`
}

func loadConfig(path string) (kindConfig, error) {
	var c kindConfig
	if path == "" {
		return c, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return c, fmt.Errorf("failed to read config file: %v", err)
	}
	if err := yaml.Unmarshal(data, &c); err != nil {
		return c, fmt.Errorf("failed to decode config: %v", err)
	}
	if c.Kind != "Cluster" {
		return c, fmt.Errorf("unknown kind %q (expected Cluster)", c.Kind)
	}
	if c.APIVersion != "kind.x-k8s.io/v1alpha4" {
		return c, fmt.Errorf("unknown apiVersion: %s", c.APIVersion)
	}
	for _, n := range c.Nodes {
		if n.Role != "control-plane" && n.Role != "worker" {
			return c, fmt.Errorf("invalid configuration: unknown node role: %q", n.Role)
		}
	}
	return c, nil
}

// nodeNames names the nodes as kind does: <name>-control-plane, <name>-control-plane2, …,
// <name>-worker, <name>-worker2, …
func nodeNames(cluster string, c kindConfig) []string {
	cp, w := 0, 0
	for _, n := range c.Nodes {
		if n.Role == "worker" {
			w++
		} else {
			cp++
		}
	}
	if cp == 0 {
		cp = 1
	}
	var names []string
	for i := 1; i <= cp; i++ {
		names = append(names, suffixed(cluster+"-control-plane", i))
	}
	for i := 1; i <= w; i++ {
		names = append(names, suffixed(cluster+"-worker", i))
	}
	return names
}

func suffixed(base string, i int) string {
	if i == 1 {
		return base
	}
	return fmt.Sprintf("%s%d", base, i)
}

var validName = regexp.MustCompile(`^[a-z0-9.-]+$`)
