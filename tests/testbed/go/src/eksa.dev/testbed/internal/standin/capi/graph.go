package capi

import (
	"context"
	"sort"
	"strings"

	"eksa.dev/testbed/internal/standin/crds"
	"eksa.dev/testbed/internal/standin/k8s"
)

// Labels that force objects (or whole types) into a move, as clusterctl honours them.
const (
	MoveLabel          = "clusterctl.cluster.x-k8s.io/move"
	MoveHierarchyLabel = "clusterctl.cluster.x-k8s.io/move-hierarchy"
	ClusterNameLabel   = "cluster.x-k8s.io/cluster-name"
)

// node is one object of the move graph.
type node struct {
	obj      k8s.Object
	res      k8s.Resource
	owners   []*node // hard (ownerReferences) and soft owners
	force    bool    // move regardless of a Cluster tenant
	tenant   bool    // reaches a Cluster or a forced object through owners
	visiting bool
}

// Graph is the set of objects clusterctl move would move out of one namespace.
type Graph struct {
	Nodes []*node // in creation order: owners before the objects they own
}

// Count returns how many cluster.x-k8s.io objects of kind the graph holds.
func (g *Graph) Count(kind string) int {
	n := 0
	for _, nd := range g.Nodes {
		if nd.obj.Kind() == kind && nd.obj.Group() == "cluster.x-k8s.io" {
			n++
		}
	}
	return n
}

// moveTypes are the namespaced resources clusterctl considers: every CRD labelled
// clusterctl.cluster.x-k8s.io but not .../core (cert-manager, inventory), plus Secrets and
// ConfigMaps. The second result marks types whose CRD carries a force-move label.
func moveTypes(ctx context.Context, c *k8s.Cluster) ([]k8s.Resource, map[string]bool, error) {
	list, err := c.ListObjects(ctx, k8s.CRDResource, "", crds.ClusterctlLabel)
	if err != nil {
		return nil, nil, err
	}
	types := []k8s.Resource{k8s.SecretResource, k8s.ConfigMapResource}
	force := map[string]bool{}
	for _, crd := range list {
		if _, core := crd.Labels()[crds.ClusterctlCoreLabel]; core {
			continue
		}
		if crd.PathString("spec", "scope") != "Namespaced" {
			continue
		}
		group := crd.PathString("spec", "group")
		kind := crd.PathString("spec", "names", "kind")
		plural := crd.PathString("spec", "names", "plural")
		version := storageVersion(crd)
		r := k8s.Resource{Group: group, Version: version, Kind: kind, Plural: plural, Namespaced: true}
		types = append(types, r)
		_, m1 := crd.Labels()[MoveLabel]
		_, m2 := crd.Labels()[MoveHierarchyLabel]
		if m1 || m2 {
			force[r.GroupVersion()+"/"+kind] = true
		}
	}
	return types, force, nil
}

func storageVersion(crd k8s.Object) string {
	vs, _ := crd.Path("spec", "versions").([]interface{})
	for _, v := range vs {
		m, _ := v.(map[string]interface{})
		if m["storage"] == true {
			s, _ := m["name"].(string)
			return s
		}
	}
	return ""
}

// Discover builds the move graph of namespace ns in c.
func Discover(ctx context.Context, c *k8s.Cluster, ns string) (*Graph, error) {
	types, forceTypes, err := moveTypes(ctx, c)
	if err != nil {
		return nil, err
	}
	var all []*node
	byUID := map[string]*node{}
	for _, r := range types {
		objs, err := c.ListObjects(ctx, r, ns, "")
		if err != nil {
			return nil, err
		}
		for _, o := range objs {
			if o.Kind() == "Secret" && strings.HasPrefix(o.PathString("type"), "kubernetes.io/service-account-token") {
				continue
			}
			n := &node{obj: o, res: r, force: forceTypes[r.GroupVersion()+"/"+r.Kind]}
			if _, ok := o.Labels()[MoveLabel]; ok {
				n.force = true
			}
			if _, ok := o.Labels()[MoveHierarchyLabel]; ok {
				n.force = true
			}
			all = append(all, n)
			byUID[o.UID()] = n
		}
	}
	clusters := map[string]*node{}
	for _, n := range all {
		if isCluster(n.obj) {
			clusters[n.obj.Name()] = n
		}
	}
	byKey := map[string]*node{}
	for _, n := range all {
		byKey[n.obj.Kind()+"/"+n.obj.Name()] = n
	}
	for _, n := range all {
		for _, ref := range n.obj.OwnerRefs() {
			if o, ok := byUID[ref.UID]; ok {
				n.owners = append(n.owners, o)
			}
		}
	}
	// Template/infrastructure references stand in for the ownerReferences controllers would
	// have added (nothing reconciles in the testbed): a referenced object without owners is
	// owned by the object that references it.
	for _, n := range all {
		for _, ref := range specRefs(n.obj) {
			if o, ok := byKey[ref]; ok && o != n && len(o.obj.OwnerRefs()) == 0 {
				o.owners = append(o.owners, n)
			}
		}
	}
	for _, n := range all {
		if len(n.owners) > 0 || isCluster(n.obj) {
			continue
		}
		// Soft ownership: a cluster-name label, or (Secrets/ConfigMaps) a "<cluster>-" prefix.
		if cl, ok := clusters[n.obj.Label(ClusterNameLabel)]; ok {
			n.owners = append(n.owners, cl)
			continue
		}
		if k := n.obj.Kind(); k == "Secret" || k == "ConfigMap" {
			for name, cl := range clusters {
				if strings.HasPrefix(n.obj.Name(), name+"-") {
					n.owners = append(n.owners, cl)
					break
				}
			}
		}
	}
	var moved []*node
	for _, n := range all {
		if belongs(n) {
			moved = append(moved, n)
		}
	}
	return &Graph{Nodes: order(moved)}, nil
}

func isCluster(o k8s.Object) bool {
	return o.Kind() == "Cluster" && o.Group() == "cluster.x-k8s.io"
}

// belongs reports whether n reaches a Cluster or a force-moved object through its owners.
func belongs(n *node) bool {
	if n.tenant || n.force || isCluster(n.obj) {
		return true
	}
	if n.visiting {
		return false
	}
	n.visiting = true
	defer func() { n.visiting = false }()
	for _, o := range n.owners {
		if belongs(o) {
			n.tenant = true
			return true
		}
	}
	return false
}

// order sorts nodes so owners come first (depth in the ownership graph, then kind/name for a
// stable result).
func order(nodes []*node) []*node {
	in := map[*node]bool{}
	for _, n := range nodes {
		in[n] = true
	}
	depth := map[*node]int{}
	var d func(n *node, seen map[*node]bool) int
	d = func(n *node, seen map[*node]bool) int {
		if v, ok := depth[n]; ok {
			return v
		}
		if seen[n] {
			return 0
		}
		seen[n] = true
		best := 0
		for _, o := range n.owners {
			if in[o] {
				if v := d(o, seen) + 1; v > best {
					best = v
				}
			}
		}
		depth[n] = best
		return best
	}
	for _, n := range nodes {
		d(n, map[*node]bool{})
	}
	sort.SliceStable(nodes, func(i, j int) bool {
		a, b := nodes[i], nodes[j]
		if depth[a] != depth[b] {
			return depth[a] < depth[b]
		}
		if a.obj.Kind() != b.obj.Kind() {
			return a.obj.Kind() < b.obj.Kind()
		}
		return a.obj.Name() < b.obj.Name()
	})
	return nodes
}

// refPaths are the object references Cluster API types carry in their specs.
var refPaths = [][]string{
	{"spec", "infrastructureRef"}, {"spec", "controlPlaneRef"}, {"spec", "bootstrap", "configRef"},
	{"spec", "machineTemplate", "infrastructureRef"}, {"spec", "template", "spec", "infrastructureRef"},
	{"spec", "template", "spec", "bootstrap", "configRef"}, {"spec", "infrastructureTemplate"},
}

// specRefs returns "Kind/name" of every same-namespace object n's spec references.
func specRefs(o k8s.Object) []string {
	var out []string
	for _, p := range refPaths {
		m, ok := o.Path(p...).(map[string]interface{})
		if !ok {
			continue
		}
		kind, _ := m["kind"].(string)
		name, _ := m["name"].(string)
		if ns, _ := m["namespace"].(string); kind != "" && name != "" && (ns == "" || ns == o.Namespace()) {
			out = append(out, kind+"/"+name)
		}
	}
	return out
}
