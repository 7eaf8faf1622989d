package k8s

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"eksa.dev/testbed/internal/kube"
	"gopkg.in/yaml.v3"
)

// DecodeYAML splits a multi-document YAML stream into objects (empty documents skipped; a
// document of kind List contributes its items).
func DecodeYAML(data []byte) ([]Object, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var out []Object
	for {
		var doc map[string]interface{}
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if len(doc) == 0 {
			continue
		}
		o := Object(normalize(doc).(map[string]interface{}))
		if o.Kind() == "List" {
			items, _ := o["items"].([]interface{})
			for _, it := range items {
				if m, ok := it.(map[string]interface{}); ok {
					out = append(out, Object(m))
				}
			}
			continue
		}
		out = append(out, o)
	}
}

// normalize turns yaml.v3's map[string]interface{} trees into JSON-compatible ones (it already
// decodes mappings with string keys into map[string]interface{}; ints stay ints, which
// encoding/json marshals fine).
func normalize(v interface{}) interface{} {
	switch t := v.(type) {
	case map[string]interface{}:
		for k, e := range t {
			t[k] = normalize(e)
		}
		return t
	case map[interface{}]interface{}:
		m := map[string]interface{}{}
		for k, e := range t {
			m[fmt.Sprint(k)] = normalize(e)
		}
		return m
	case []interface{}:
		for i, e := range t {
			t[i] = normalize(e)
		}
		return t
	}
	return v
}

// EncodeYAML renders objects as a multi-document YAML stream.
func EncodeYAML(objs []Object) []byte {
	var b bytes.Buffer
	for _, o := range objs {
		b.WriteString("---\n")
		enc := yaml.NewEncoder(&b)
		enc.SetIndent(2)
		_ = enc.Encode(map[string]interface{}(o))
		_ = enc.Close()
	}
	return b.Bytes()
}

// Get reads one object; ok is false when it does not exist.
func (c *Cluster) GetObject(ctx context.Context, r Resource, ns, name string) (Object, bool, error) {
	var o Object
	err := c.Get(ctx, r.Item(ns, name), &o)
	if kube.IsNotFound(err) {
		return nil, false, nil
	}
	return o, err == nil, err
}

// ListObjects lists a resource in ns ("" = all namespaces), optionally by label selector.
func (c *Cluster) ListObjects(ctx context.Context, r Resource, ns, selector string) ([]Object, error) {
	path := r.Collection(ns)
	if selector != "" {
		path += "?labelSelector=" + url.QueryEscape(selector)
	}
	var l List
	if err := c.Get(ctx, path, &l); err != nil {
		return nil, err
	}
	for _, o := range l.Items { // list items carry no apiVersion/kind
		o["apiVersion"], o["kind"] = r.GroupVersion(), r.Kind
	}
	return l.Items, nil
}

// ApplyObject creates o, or replaces the existing object of its name (internal/kube's Apply).
func (c *Cluster) ApplyObject(ctx context.Context, o Object) (Object, error) {
	r, err := c.ResourceOf(ctx, o)
	if err != nil {
		return nil, err
	}
	var out Object
	err = c.Apply(ctx, r.Collection(o.Namespace()), map[string]interface{}(o), &out)
	return out, err
}

// ApplyAll applies objects in order: namespaces and CRDs first (then waits for the CRDs to be
// established and refreshes discovery), then the rest.
func (c *Cluster) ApplyAll(ctx context.Context, objs []Object) error {
	var first, rest []Object
	for _, o := range objs {
		if o.Kind() == "Namespace" || o.Kind() == "CustomResourceDefinition" {
			first = append(first, o)
		} else {
			rest = append(rest, o)
		}
	}
	var crds []string
	for _, o := range first {
		if _, err := c.ApplyObject(ctx, o); err != nil {
			return fmt.Errorf("applying %s %s: %w", o.Kind(), o.Name(), err)
		}
		if o.Kind() == "CustomResourceDefinition" {
			crds = append(crds, o.Name())
		}
	}
	if len(crds) > 0 {
		if err := c.WaitEstablished(ctx, crds); err != nil {
			return err
		}
		c.Forget()
	}
	for _, o := range rest {
		if _, err := c.ApplyObject(ctx, o); err != nil {
			return fmt.Errorf("applying %s %s/%s: %w", o.Kind(), o.Namespace(), o.Name(), err)
		}
	}
	return nil
}

// CRDResource is the CustomResourceDefinition resource.
var CRDResource = Resource{"apiextensions.k8s.io", "v1", "CustomResourceDefinition",
	"customresourcedefinitions", false}

// NamespaceResource, SecretResource, ConfigMapResource: core resources the stand-ins use.
var (
	NamespaceResource = Resource{"", "v1", "Namespace", "namespaces", false}
	SecretResource    = Resource{"", "v1", "Secret", "secrets", true}
	ConfigMapResource = Resource{"", "v1", "ConfigMap", "configmaps", true}
)

// WaitEstablished waits until every named CRD has condition Established=True (and its
// versions are served by discovery).
func (c *Cluster) WaitEstablished(ctx context.Context, names []string) error {
	for _, n := range names {
		for {
			o, ok, err := c.GetObject(ctx, CRDResource, "", n)
			if err != nil {
				return err
			}
			if ok && HasCondition(o, "Established", "True") {
				break
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for CRD %s to be established: %w", n, ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	return nil
}

// HasCondition reports whether status.conditions holds type=status.
func HasCondition(o Object, typ, status string) bool {
	conds, _ := o.Path("status", "conditions").([]interface{})
	for _, e := range conds {
		m, _ := e.(map[string]interface{})
		if m["type"] == typ && m["status"] == status {
			return true
		}
	}
	return false
}

// Condition returns the condition of type typ (nil if absent).
func Condition(o Object, typ string) map[string]interface{} {
	conds, _ := o.Path("status", "conditions").([]interface{})
	for _, e := range conds {
		if m, _ := e.(map[string]interface{}); m != nil && m["type"] == typ {
			return m
		}
	}
	return nil
}

// EnsureNamespace creates namespace ns if it does not exist.
func (c *Cluster) EnsureNamespace(ctx context.Context, ns string) error {
	_, ok, err := c.GetObject(ctx, NamespaceResource, "", ns)
	if err != nil || ok {
		return err
	}
	err = c.Create(ctx, NamespaceResource.Collection(""), Object{"apiVersion": "v1", "kind": "Namespace",
		"metadata": map[string]interface{}{"name": ns}}, nil)
	if kube.IsConflict(err) {
		return nil
	}
	return err
}

// ServerVersion returns /version's gitVersion (e.g. "v1.20.2").
func (c *Cluster) ServerVersion(ctx context.Context) (string, error) {
	var v struct {
		GitVersion string `json:"gitVersion"`
	}
	err := c.Get(ctx, "/version", &v)
	return v.GitVersion, err
}

// ServerSideApply applies o with server-side apply (field manager manager, conflicts forced),
// as Flux's kustomize-controller does.
func (c *Cluster) ServerSideApply(ctx context.Context, o Object, manager string) (Object, error) {
	r, err := c.ResourceOf(ctx, o)
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(o)
	if err != nil {
		return nil, err
	}
	var out Object
	path := r.Item(o.Namespace(), o.Name()) + "?fieldManager=" + url.QueryEscape(manager) + "&force=true"
	err = c.Do(ctx, http.MethodPatch, path, "application/apply-patch+yaml", body, &out)
	return out, err
}
