// Package crds holds the minimal CustomResourceDefinitions the stand-ins install: the Cluster API
// providers' (clusterctl init), cert-manager's, clusterctl's inventory Provider, and Flux's
// (flux bootstrap). Each CRD has the real group, kinds, plural/short names, versions and scope,
// a status subresource, and a schema of `x-kubernetes-preserve-unknown-fields: true` so any
// spec/status the product writes is stored as written. There are no webhooks, no conversion
// and no controllers behind them.
//
// The tables (capi.go, flux.go) are the single source; tests/testbed/manifests/*.yaml are
// snapshots rendered from them by tests/testbed/manifests/render.sh.
package crds

import (
	"strings"

	"eksa.dev/testbed/internal/standin/k8s"
)

// Column is an additionalPrinterColumns entry.
type Column struct{ Name, Type, JSONPath string }

// CRD describes one custom resource.
type CRD struct {
	Group      string
	Kind       string
	Plural     string
	Short      []string
	Categories []string
	Versions   []string // served; the first is the storage version
	Cluster    bool     // cluster-scoped (default namespaced)
	Labels     map[string]string
	Columns    []Column
}

// Name is the CRD's object name, plural.group.
func (c CRD) Name() string { return c.Plural + "." + c.Group }

// Object renders the CustomResourceDefinition.
func (c CRD) Object() k8s.Object {
	scope := "Namespaced"
	if c.Cluster {
		scope = "Cluster"
	}
	var versions []interface{}
	for i, v := range c.Versions {
		ver := map[string]interface{}{
			"name": v, "served": true, "storage": i == 0,
			"schema": map[string]interface{}{"openAPIV3Schema": map[string]interface{}{
				"type": "object", "x-kubernetes-preserve-unknown-fields": true,
			}},
			"subresources": map[string]interface{}{"status": map[string]interface{}{}},
		}
		if len(c.Columns) > 0 {
			var cols []interface{}
			for _, col := range c.Columns {
				cols = append(cols, map[string]interface{}{"name": col.Name, "type": col.Type, "jsonPath": col.JSONPath})
			}
			ver["additionalPrinterColumns"] = cols
		}
		versions = append(versions, ver)
	}
	names := map[string]interface{}{
		"kind": c.Kind, "listKind": c.Kind + "List", "plural": c.Plural,
		"singular": strings.ToLower(c.Kind),
	}
	if len(c.Short) > 0 {
		names["shortNames"] = toList(c.Short)
	}
	if len(c.Categories) > 0 {
		names["categories"] = toList(c.Categories)
	}
	labels := map[string]interface{}{}
	for k, v := range c.Labels {
		labels[k] = v
	}
	return k8s.Object{
		"apiVersion": "apiextensions.k8s.io/v1",
		"kind":       "CustomResourceDefinition",
		"metadata":   map[string]interface{}{"name": c.Name(), "labels": labels},
		"spec": map[string]interface{}{
			"group": c.Group, "names": names, "scope": scope, "versions": versions,
		},
	}
}

func toList(s []string) []interface{} {
	out := make([]interface{}, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// withLabels returns crds with labels added to each.
func withLabels(list []CRD, labels map[string]string) []CRD {
	out := make([]CRD, len(list))
	for i, c := range list {
		l := map[string]string{}
		for k, v := range c.Labels {
			l[k] = v
		}
		for k, v := range labels {
			l[k] = v
		}
		c.Labels = l
		out[i] = c
	}
	return out
}
