package capi

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"eksa.dev/testbed/internal/standin/k8s"
)

// treeNode is one row of `clusterctl describe cluster`.
type treeNode struct {
	label    string // e.g. "Cluster/c1", "ControlPlane - KubeadmControlPlane/c1"
	obj      k8s.Object
	children []*treeNode
}

var (
	clusterRes = k8s.Resource{Group: "cluster.x-k8s.io", Version: "v1beta1", Kind: "Cluster", Plural: "clusters", Namespaced: true}
	machineRes = k8s.Resource{Group: "cluster.x-k8s.io", Version: "v1beta1", Kind: "Machine", Plural: "machines", Namespaced: true}
	mdRes      = k8s.Resource{Group: "cluster.x-k8s.io", Version: "v1beta1", Kind: "MachineDeployment", Plural: "machinedeployments", Namespaced: true}
)

// Describe prints the object tree of Cluster ns/name to w, as clusterctl describe cluster does
// (NAME READY SEVERITY REASON SINCE MESSAGE, Ready conditions of each object).
func Describe(ctx context.Context, c *k8s.Cluster, ns, name string, w io.Writer) error {
	cl, ok, err := c.GetObject(ctx, clusterRes, ns, name)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("clusters.cluster.x-k8s.io %q not found", name)
	}
	root := &treeNode{label: "Cluster/" + name, obj: cl}
	sel := ClusterNameLabel + "=" + name
	machines, err := c.ListObjects(ctx, machineRes, ns, sel)
	if err != nil {
		return err
	}
	used := map[string]bool{}
	if ref := refOf(cl, "infrastructureRef"); ref != nil {
		root.children = append(root.children, &treeNode{label: "ClusterInfrastructure - " + ref.Kind() + "/" + ref.Name(),
			obj: fetchRef(ctx, c, ref, ns)})
	}
	if ref := refOf(cl, "controlPlaneRef"); ref != nil {
		cp := &treeNode{label: "ControlPlane - " + ref.Kind() + "/" + ref.Name(), obj: fetchRef(ctx, c, ref, ns)}
		for _, m := range machines {
			if _, isCP := m.Labels()["cluster.x-k8s.io/control-plane"]; isCP {
				cp.children = append(cp.children, &treeNode{label: "Machine/" + m.Name(), obj: m})
				used[m.Name()] = true
			}
		}
		root.children = append(root.children, cp)
	}
	mds, err := c.ListObjects(ctx, mdRes, ns, sel)
	if err != nil {
		return err
	}
	if len(mds) > 0 {
		workers := &treeNode{label: "Workers"}
		for _, md := range mds {
			mdn := &treeNode{label: "MachineDeployment/" + md.Name(), obj: md}
			for _, m := range machines {
				if m.Label("cluster.x-k8s.io/deployment-name") == md.Name() {
					mdn.children = append(mdn.children, &treeNode{label: "Machine/" + m.Name(), obj: m})
					used[m.Name()] = true
				}
			}
			workers.children = append(workers.children, mdn)
		}
		root.children = append(root.children, workers)
	}
	for _, m := range machines {
		if !used[m.Name()] {
			root.children = append(root.children, &treeNode{label: "Machine/" + m.Name(), obj: m})
		}
	}
	var rows [][]string
	var walk func(n *treeNode, prefix, childPrefix string)
	walk = func(n *treeNode, prefix, childPrefix string) {
		rows = append(rows, append([]string{prefix + n.label}, readyColumns(n.obj)...))
		for i, ch := range n.children {
			if i == len(n.children)-1 {
				walk(ch, childPrefix+"└─", childPrefix+"  ")
			} else {
				walk(ch, childPrefix+"├─", childPrefix+"│ ")
			}
		}
	}
	walk(root, "", "")
	printTable(w, []string{"NAME", "READY", "SEVERITY", "REASON", "SINCE", "MESSAGE"}, rows)
	return nil
}

func refOf(o k8s.Object, field string) k8s.Object {
	m, ok := o.Path("spec", field).(map[string]interface{})
	if !ok {
		return nil
	}
	kind, _ := m["kind"].(string)
	name, _ := m["name"].(string)
	apiVersion, _ := m["apiVersion"].(string)
	if kind == "" || name == "" {
		return nil
	}
	return k8s.Object{"apiVersion": apiVersion, "kind": kind, "metadata": map[string]interface{}{"name": name}}
}

func fetchRef(ctx context.Context, c *k8s.Cluster, ref k8s.Object, ns string) k8s.Object {
	r, err := c.ResourceOf(ctx, ref)
	if err != nil {
		return nil
	}
	o, ok, err := c.GetObject(ctx, r, ns, ref.Name())
	if err != nil || !ok {
		return nil
	}
	return o
}

// readyColumns: READY SEVERITY REASON SINCE MESSAGE from the Ready condition.
func readyColumns(o k8s.Object) []string {
	if o == nil {
		return []string{"", "", "", "", ""}
	}
	cond := k8s.Condition(o, "Ready")
	if cond == nil {
		return []string{"", "", "", "", ""}
	}
	s := func(k string) string { v, _ := cond[k].(string); return v }
	since := ""
	if t, err := time.Parse(time.RFC3339, s("lastTransitionTime")); err == nil {
		since = humanDuration(time.Since(t))
	}
	return []string{s("status"), s("severity"), s("reason"), since, s("message")}
}

func humanDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}

// printTable pads columns with two spaces between them (rune widths, so the tree glyphs align).
func printTable(w io.Writer, header []string, rows [][]string) {
	all := append([][]string{header}, rows...)
	width := make([]int, len(header))
	for _, r := range all {
		for i, c := range r {
			if n := len([]rune(c)); n > width[i] {
				width[i] = n
			}
		}
	}
	for _, r := range all {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", width[i]-len([]rune(c))+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}
