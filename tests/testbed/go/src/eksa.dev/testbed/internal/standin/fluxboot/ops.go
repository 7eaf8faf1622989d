package fluxboot

import (
	"context"
	"io"
	"sort"
	"strings"

	"eksa.dev/testbed/internal/standin/crds"
	"eksa.dev/testbed/internal/standin/k8s"
)

const fluxPartOf = "app.kubernetes.io/part-of=flux"

// Installed returns the components recorded on the Flux namespace (nil if it is missing).
func Installed(ctx context.Context, c *k8s.Cluster, namespace string) ([]string, k8s.Object, error) {
	ns, ok, err := c.GetObject(ctx, k8s.NamespaceResource, "", namespace)
	if err != nil || !ok {
		return nil, nil, err
	}
	list, _ := ns.Annotations()["fluxcd.io/components"].(string)
	if list == "" {
		return nil, ns, nil
	}
	return strings.Split(list, ","), ns, nil
}

// Check prints flux check's report; it returns false when a check failed.
func Check(ctx context.Context, c *k8s.Cluster, namespace string, pre bool, log io.Writer) (bool, error) {
	logf(log, "►", "checking prerequisites")
	v, err := c.ServerVersion(ctx)
	if err != nil {
		logf(log, "✗", "Kubernetes version check failed: %v", err)
		return false, nil
	}
	logf(log, "✔", "Kubernetes %s >=1.20.0-0", strings.TrimPrefix(v, "v"))
	logf(log, "✔", "prerequisites checks passed")
	if pre {
		return true, nil
	}
	comps, ns, err := Installed(ctx, c, namespace)
	if err != nil {
		return false, err
	}
	logf(log, "►", "checking version in cluster")
	if ns == nil {
		logf(log, "✗", "namespaces %q not found", namespace)
		logf(log, "✗", "check failed")
		return false, nil
	}
	logf(log, "✔", "distribution: flux-%s", crds.FluxVersion)
	_, bootstrapped, _ := c.GetObject(ctx, GitRepositoryResource, namespace, namespace)
	logf(log, "✔", "bootstrapped: %t", bootstrapped)
	logf(log, "►", "checking controllers")
	for _, comp := range comps {
		logf(log, "✔", "%s: deployment ready", comp)
		logf(log, "►", "ghcr.io/fluxcd/%s (testbed stand-in: CRDs only, no controller)", comp)
	}
	logf(log, "►", "checking crds")
	ok := true
	list, err := c.ListObjects(ctx, k8s.CRDResource, "", fluxPartOf)
	if err != nil {
		return false, err
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Name() < list[j].Name() })
	for _, d := range list {
		vs, _ := d.Path("spec", "versions").([]interface{})
		stored := ""
		for _, v := range vs {
			if m, _ := v.(map[string]interface{}); m["storage"] == true {
				stored, _ = m["name"].(string)
			}
		}
		if k8s.HasCondition(d, "Established", "True") {
			logf(log, "✔", "%s/%s", d.Name(), stored)
		} else {
			logf(log, "✗", "%s/%s: not established", d.Name(), stored)
			ok = false
		}
	}
	if ok {
		logf(log, "✔", "all checks passed")
	} else {
		logf(log, "✗", "check failed")
	}
	return ok, nil
}

// SetSuspend sets spec.suspend of a Kustomization (or GitRepository) r/ns/name.
func SetSuspend(ctx context.Context, c *k8s.Cluster, r k8s.Resource, ns, name string, suspend bool) error {
	var v interface{}
	if suspend {
		v = true
	}
	return c.Patch(ctx, r.Item(ns, name), map[string]interface{}{"spec": map[string]interface{}{"suspend": v}}, nil)
}

// Uninstall removes Flux's custom resources (finalizers first), CRDs and namespace.
func Uninstall(ctx context.Context, c *k8s.Cluster, namespace string, keepNamespace bool, log io.Writer) error {
	logf(log, "►", "deleting components in %s namespace", namespace)
	logf(log, "►", "deleting toolkit.fluxcd.io finalizers in all namespaces")
	crdList, err := c.ListObjects(ctx, k8s.CRDResource, "", fluxPartOf)
	if err != nil {
		return err
	}
	for _, d := range crdList {
		r := k8s.Resource{Group: d.PathString("spec", "group"), Kind: d.PathString("spec", "names", "kind"),
			Plural: d.PathString("spec", "names", "plural"), Namespaced: d.PathString("spec", "scope") == "Namespaced"}
		vs, _ := d.Path("spec", "versions").([]interface{})
		for _, v := range vs {
			if m, _ := v.(map[string]interface{}); m["storage"] == true {
				r.Version, _ = m["name"].(string)
			}
		}
		objs, err := c.ListObjects(ctx, r, "", "")
		if err != nil {
			continue
		}
		for _, o := range objs {
			path := r.Item(o.Namespace(), o.Name())
			if err := c.Patch(ctx, path, map[string]interface{}{"metadata": map[string]interface{}{"finalizers": nil}}, nil); err == nil {
				logf(log, "✔", "%s/%s/%s finalizers deleted", r.Kind, o.Namespace(), o.Name())
			}
			_ = c.Delete(ctx, path)
		}
	}
	logf(log, "►", "deleting toolkit.fluxcd.io custom resource definitions")
	for _, d := range crdList {
		if err := c.Delete(ctx, k8s.CRDResource.Item("", d.Name())); err != nil {
			return err
		}
		logf(log, "✔", "CustomResourceDefinition/%s deleted", d.Name())
	}
	if !keepNamespace {
		if err := c.Delete(ctx, k8s.NamespaceResource.Item("", namespace)); err != nil {
			return err
		}
		logf(log, "✔", "Namespace/%s deleted", namespace)
	}
	logf(log, "✔", "uninstall finished")
	return nil
}
