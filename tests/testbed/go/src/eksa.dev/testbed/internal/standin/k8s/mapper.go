package k8s

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"eksa.dev/testbed/internal/kube"
)

// Resource is where objects of one kind live in the API.
type Resource struct {
	Group, Version, Kind, Plural string
	Namespaced                   bool
}

// GroupVersion is "v1" or "group/version".
func (r Resource) GroupVersion() string {
	if r.Group == "" {
		return r.Version
	}
	return r.Group + "/" + r.Version
}

// Collection is the list/create path, in namespace ns when namespaced ("" lists all namespaces).
func (r Resource) Collection(ns string) string {
	base := "/apis/" + r.GroupVersion()
	if r.Group == "" {
		base = "/api/" + r.Version
	}
	if r.Namespaced && ns != "" {
		base += "/namespaces/" + ns
	}
	return base + "/" + r.Plural
}

// Item is the path of one object.
func (r Resource) Item(ns, name string) string { return r.Collection(ns) + "/" + name }

// Cluster is a REST client plus a discovery cache.
type Cluster struct {
	*kube.Client
	mu    sync.Mutex
	cache map[string][]Resource // groupVersion → resources
}

// NewCluster wraps c.
func NewCluster(c *kube.Client) *Cluster { return &Cluster{Client: c, cache: map[string][]Resource{}} }

// Open reads a kubeconfig file (current context) and returns a Cluster for it.
func Open(kubeconfigPath string) (*Cluster, error) {
	c, err := kube.ClientFromKubeconfigFile(kubeconfigPath)
	if err != nil {
		return nil, err
	}
	return NewCluster(c), nil
}

// Resources lists the resources of one group/version (cached; Forget drops the cache).
func (c *Cluster) Resources(ctx context.Context, gv string) ([]Resource, error) {
	c.mu.Lock()
	if r, ok := c.cache[gv]; ok {
		c.mu.Unlock()
		return r, nil
	}
	c.mu.Unlock()
	path := "/apis/" + gv
	group, version, found := strings.Cut(gv, "/")
	if !found {
		path, group, version = "/api/"+gv, "", gv
	}
	var doc struct {
		Resources []struct {
			Name       string `json:"name"`
			Kind       string `json:"kind"`
			Namespaced bool   `json:"namespaced"`
		} `json:"resources"`
	}
	if err := c.Get(ctx, path, &doc); err != nil {
		return nil, err
	}
	var out []Resource
	for _, r := range doc.Resources {
		if strings.Contains(r.Name, "/") {
			continue // subresource
		}
		out = append(out, Resource{group, version, r.Kind, r.Name, r.Namespaced})
	}
	c.mu.Lock()
	c.cache[gv] = out
	c.mu.Unlock()
	return out, nil
}

// Forget drops the discovery cache (after CRDs were created).
func (c *Cluster) Forget() {
	c.mu.Lock()
	c.cache = map[string][]Resource{}
	c.mu.Unlock()
}

// NoMatchError says the server does not serve a kind, as kubectl's "no matches for kind".
type NoMatchError struct{ APIVersion, Kind string }

func (e *NoMatchError) Error() string {
	return fmt.Sprintf("no matches for kind %q in version %q", e.Kind, e.APIVersion)
}

// Mapping finds the resource for apiVersion + kind.
func (c *Cluster) Mapping(ctx context.Context, apiVersion, kind string) (Resource, error) {
	rs, err := c.Resources(ctx, apiVersion)
	if err != nil {
		if kube.IsNotFound(err) {
			return Resource{}, &NoMatchError{apiVersion, kind}
		}
		return Resource{}, err
	}
	for _, r := range rs {
		if r.Kind == kind {
			return r, nil
		}
	}
	return Resource{}, &NoMatchError{apiVersion, kind}
}

// ResourceOf maps an object.
func (c *Cluster) ResourceOf(ctx context.Context, o Object) (Resource, error) {
	return c.Mapping(ctx, o.APIVersion(), o.Kind())
}
