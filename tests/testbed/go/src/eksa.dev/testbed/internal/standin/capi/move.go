package capi

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"eksa.dev/testbed/internal/kube"
	"eksa.dev/testbed/internal/standin/k8s"
)

// MoveOptions are clusterctl move's inputs.
type MoveOptions struct {
	Namespace string
	DryRun    bool
}

// CheckManagementCluster fails unless c has the Cluster API core provider in its inventory.
func CheckManagementCluster(ctx context.Context, c *k8s.Cluster, which string) error {
	list, err := Installed(ctx, c)
	if err != nil {
		return err
	}
	for _, p := range list {
		if p.PathString("type") == CoreProvider {
			return nil
		}
	}
	return fmt.Errorf("the %s cluster is not a Cluster API management cluster: no %q provider in its inventory "+
		"(run clusterctl init first)", which, "cluster-api")
}

// Move moves the Cluster API objects of o.Namespace from `from` to `to` (or, with toDir, writes
// them as YAML files into a directory), printing clusterctl's lines to log.
func Move(ctx context.Context, from, to *k8s.Cluster, o MoveOptions, log io.Writer) error {
	fmt.Fprintln(log, "Performing move...")
	if o.DryRun {
		fmt.Fprintln(log, "********************************************************")
		fmt.Fprintln(log, "This is a dry-run move, will not perform any real action")
		fmt.Fprintln(log, "********************************************************")
	}
	fmt.Fprintln(log, "Discovering Cluster API objects")
	if err := CheckManagementCluster(ctx, from, "source"); err != nil {
		return err
	}
	if to != nil {
		if err := CheckManagementCluster(ctx, to, "target"); err != nil {
			return err
		}
	}
	g, err := Discover(ctx, from, o.Namespace)
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "Moving Cluster API objects Clusters=%d\n", g.Count("Cluster"))
	fmt.Fprintf(log, "Moving Cluster API objects ClusterClasses=%d\n", g.Count("ClusterClass"))
	fmt.Fprintln(log, "Waiting for all resources to be ready to move")
	if o.DryRun {
		fmt.Fprintln(log, "Creating objects in the target cluster")
		fmt.Fprintln(log, "Deleting objects from the source cluster")
		return nil
	}
	if err := setPaused(ctx, from, g, true); err != nil {
		return fmt.Errorf("error pausing the source cluster: %w", err)
	}
	fmt.Fprintln(log, "Creating objects in the target cluster")
	if err := to.EnsureNamespace(ctx, o.Namespace); err != nil {
		return err
	}
	uids := map[string]string{}
	for _, n := range g.Nodes {
		if err := createTarget(ctx, to, n, uids); err != nil {
			return fmt.Errorf("error creating %s %s/%s in the target cluster: %w", n.obj.Kind(), n.obj.Namespace(), n.obj.Name(), err)
		}
	}
	fmt.Fprintln(log, "Deleting objects from the source cluster")
	for i := len(g.Nodes) - 1; i >= 0; i-- {
		n := g.Nodes[i]
		if err := deleteSource(ctx, from, n); err != nil {
			return fmt.Errorf("error deleting %s %s/%s from the source cluster: %w", n.obj.Kind(), n.obj.Namespace(), n.obj.Name(), err)
		}
	}
	if err := setPaused(ctx, to, g, false); err != nil {
		return fmt.Errorf("error resuming the target cluster: %w", err)
	}
	return nil
}

// setPaused sets (or clears) spec.paused on every Cluster of g, and the paused annotation on
// ClusterClasses, as clusterctl does around a move.
func setPaused(ctx context.Context, c *k8s.Cluster, g *Graph, paused bool) error {
	for _, n := range g.Nodes {
		var patch map[string]interface{}
		switch {
		case isCluster(n.obj):
			var v interface{} // null removes the field
			if paused {
				v = true
			}
			patch = map[string]interface{}{"spec": map[string]interface{}{"paused": v}}
		case n.obj.Kind() == "ClusterClass" && n.obj.Group() == "cluster.x-k8s.io":
			var v interface{}
			if paused {
				v = ""
			}
			patch = map[string]interface{}{"metadata": map[string]interface{}{
				"annotations": map[string]interface{}{"cluster.x-k8s.io/paused": v}}}
		default:
			continue
		}
		if err := c.Patch(ctx, n.res.Item(n.obj.Namespace(), n.obj.Name()), patch, nil); err != nil {
			return err
		}
	}
	return nil
}

// cleanForCreate drops server-set metadata and rewrites ownerReferences to the target's UIDs.
func cleanForCreate(o k8s.Object, uids map[string]string) k8s.Object {
	c := o.Clone()
	m := c.Meta()
	for _, k := range []string{"uid", "resourceVersion", "creationTimestamp", "managedFields", "generation",
		"selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"} {
		delete(m, k)
	}
	if refs, ok := m["ownerReferences"].([]interface{}); ok {
		for _, r := range refs {
			ref, _ := r.(map[string]interface{})
			if uid, _ := ref["uid"].(string); uids[uid] != "" {
				ref["uid"] = uids[uid]
			}
		}
	}
	return c
}

func createTarget(ctx context.Context, to *k8s.Cluster, n *node, uids map[string]string) error {
	obj := cleanForCreate(n.obj, uids)
	status, hasStatus := obj["status"]
	var created k8s.Object
	err := to.Create(ctx, n.res.Collection(obj.Namespace()), map[string]interface{}(obj), &created)
	if kube.IsConflict(err) { // already there (a retried move): replace it, as clusterctl updates
		created, err = to.ApplyObject(ctx, obj)
	}
	if err != nil {
		return err
	}
	uids[n.obj.UID()] = created.UID()
	if hasStatus && n.obj.Kind() != "Secret" && n.obj.Kind() != "ConfigMap" {
		if err := to.PatchStatus(ctx, n.res.Item(obj.Namespace(), obj.Name()),
			map[string]interface{}{"status": status}, nil); err != nil {
			return fmt.Errorf("restoring status: %w", err)
		}
	}
	return nil
}

func deleteSource(ctx context.Context, from *k8s.Cluster, n *node) error {
	path := n.res.Item(n.obj.Namespace(), n.obj.Name())
	if fins, _ := n.obj.Meta()["finalizers"].([]interface{}); len(fins) > 0 {
		if err := from.Patch(ctx, path, map[string]interface{}{"metadata": map[string]interface{}{"finalizers": nil}}, nil); err != nil && !kube.IsNotFound(err) {
			return err
		}
	}
	return from.Delete(ctx, path)
}

// ToDirectory writes the graph's objects as <Kind>_<namespace>_<name>.yaml files (clusterctl
// move --to-directory); the source is left as it was (clusterctl backup semantics).
func ToDirectory(ctx context.Context, from *k8s.Cluster, ns, dir string, log io.Writer) error {
	fmt.Fprintln(log, "Performing move...")
	fmt.Fprintln(log, "Discovering Cluster API objects")
	if err := CheckManagementCluster(ctx, from, "source"); err != nil {
		return err
	}
	g, err := Discover(ctx, from, ns)
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "Moving Cluster API objects Clusters=%d\n", g.Count("Cluster"))
	fmt.Fprintf(log, "Moving Cluster API objects ClusterClasses=%d\n", g.Count("ClusterClass"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	fmt.Fprintf(log, "Saving files to %s\n", dir)
	for _, n := range g.Nodes {
		name := fmt.Sprintf("%s_%s_%s.yaml", n.obj.Kind(), n.obj.Namespace(), n.obj.Name())
		if err := os.WriteFile(filepath.Join(dir, name), k8s.EncodeYAML([]k8s.Object{n.obj}), 0o600); err != nil {
			return err
		}
	}
	return nil
}

// FromDirectory creates the objects saved by ToDirectory in c (owners first, UIDs remapped).
func FromDirectory(ctx context.Context, to *k8s.Cluster, dir string, log io.Writer) error {
	fmt.Fprintln(log, "Performing move...")
	if err := CheckManagementCluster(ctx, to, "target"); err != nil {
		return err
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var nodes []*node
	byUID := map[string]*node{}
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		objs, err := k8s.DecodeYAML(data)
		if err != nil {
			return fmt.Errorf("%s: %w", e.Name(), err)
		}
		for _, o := range objs {
			r, err := to.ResourceOf(ctx, o)
			if err != nil {
				return err
			}
			n := &node{obj: o, res: r}
			nodes = append(nodes, n)
			byUID[o.UID()] = n
		}
	}
	for _, n := range nodes {
		for _, ref := range n.obj.OwnerRefs() {
			if o, ok := byUID[ref.UID]; ok {
				n.owners = append(n.owners, o)
			}
		}
	}
	g := &Graph{Nodes: order(nodes)}
	fmt.Fprintf(log, "Moving Cluster API objects Clusters=%d\n", g.Count("Cluster"))
	fmt.Fprintln(log, "Creating objects in the target cluster")
	uids := map[string]string{}
	for _, n := range g.Nodes {
		if err := to.EnsureNamespace(ctx, n.obj.Namespace()); err != nil {
			return err
		}
		if err := createTarget(ctx, to, n, uids); err != nil {
			return fmt.Errorf("error creating %s %s/%s: %w", n.obj.Kind(), n.obj.Namespace(), n.obj.Name(), err)
		}
	}
	return setPaused(ctx, to, g, false)
}
