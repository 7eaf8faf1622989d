// Package k8s is what the stand-ins need on top of internal/kube's REST client: unstructured
// objects, a discovery-backed kind→resource mapper, multi-document YAML, apply of object lists,
// and waits. It talks to the kube-apiserver over REST (no kubectl process per call), so a
// clusterctl move of dozens of objects takes well under a second.
package k8s

import (
	"encoding/json"
	"strings"
)

// Object is an unstructured Kubernetes object (decoded JSON).
type Object map[string]interface{}

// Meta returns metadata, creating it if missing.
func (o Object) Meta() map[string]interface{} {
	m, ok := o["metadata"].(map[string]interface{})
	if !ok {
		m = map[string]interface{}{}
		o["metadata"] = m
	}
	return m
}

func (o Object) str(k string) string { s, _ := o[k].(string); return s }

// APIVersion, Kind, Name, Namespace, UID: the usual accessors.
func (o Object) APIVersion() string { return o.str("apiVersion") }
func (o Object) Kind() string       { return o.str("kind") }
func (o Object) Name() string       { s, _ := o.Meta()["name"].(string); return s }
func (o Object) Namespace() string  { s, _ := o.Meta()["namespace"].(string); return s }
func (o Object) UID() string        { s, _ := o.Meta()["uid"].(string); return s }

// Group returns the API group of apiVersion ("" for core).
func (o Object) Group() string {
	g, _, found := strings.Cut(o.APIVersion(), "/")
	if !found {
		return ""
	}
	return g
}

// Labels returns metadata.labels (never nil; writes go to the object).
func (o Object) Labels() map[string]interface{} { return o.mapField("labels") }

// Annotations returns metadata.annotations (never nil; writes go to the object).
func (o Object) Annotations() map[string]interface{} { return o.mapField("annotations") }

func (o Object) mapField(k string) map[string]interface{} {
	m := o.Meta()
	l, ok := m[k].(map[string]interface{})
	if !ok {
		l = map[string]interface{}{}
		m[k] = l
	}
	return l
}

// Label returns one label's value.
func (o Object) Label(k string) string {
	l, _ := o.Meta()["labels"].(map[string]interface{})
	s, _ := l[k].(string)
	return s
}

// OwnerRef is one metadata.ownerReferences entry.
type OwnerRef struct {
	APIVersion string
	Kind       string
	Name       string
	UID        string
}

// OwnerRefs returns metadata.ownerReferences.
func (o Object) OwnerRefs() []OwnerRef {
	list, _ := o.Meta()["ownerReferences"].([]interface{})
	var out []OwnerRef
	for _, e := range list {
		m, _ := e.(map[string]interface{})
		s := func(k string) string { v, _ := m[k].(string); return v }
		out = append(out, OwnerRef{s("apiVersion"), s("kind"), s("name"), s("uid")})
	}
	return out
}

// Path returns a nested field (nil if any step is missing).
func (o Object) Path(keys ...string) interface{} {
	var cur interface{} = map[string]interface{}(o)
	for _, k := range keys {
		m, ok := cur.(map[string]interface{})
		if !ok {
			return nil
		}
		cur = m[k]
	}
	return cur
}

// PathString returns a nested string field ("" if missing).
func (o Object) PathString(keys ...string) string { s, _ := o.Path(keys...).(string); return s }

// Clone deep-copies o.
func (o Object) Clone() Object {
	b, _ := json.Marshal(o)
	var c Object
	_ = json.Unmarshal(b, &c)
	return c
}

// List is a decoded list answer.
type List struct {
	Items []Object `json:"items"`
}
