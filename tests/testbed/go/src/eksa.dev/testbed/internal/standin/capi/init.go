package capi

import (
	"context"
	"fmt"
	"io"

	"eksa.dev/testbed/internal/standin/crds"
	"eksa.dev/testbed/internal/standin/k8s"
)

// ProviderResource is clusterctl's inventory (providers.clusterctl.cluster.x-k8s.io).
var ProviderResource = k8s.Resource{Group: "clusterctl.cluster.x-k8s.io", Version: "v1alpha3",
	Kind: "Provider", Plural: "providers", Namespaced: true}

// Installed lists the Provider inventory objects (none when the inventory CRD is missing).
func Installed(ctx context.Context, c *k8s.Cluster) ([]k8s.Object, error) {
	_, ok, err := c.GetObject(ctx, k8s.CRDResource, "", ProviderResource.Plural+"."+ProviderResource.Group)
	if err != nil || !ok {
		return nil, err
	}
	return c.ListObjects(ctx, ProviderResource, "", "")
}

// InitOptions are clusterctl init's inputs after flag parsing.
type InitOptions struct {
	Core               string   // "" = default on first run
	Bootstrap          []string // flag values
	ControlPlane       []string
	Infrastructure     []string
	Config             Config
	WatchingNamespace  string
	CertManagerVersion string
}

// InitResult says what Init did.
type InitResult struct {
	InstalledCore bool
}

// Init installs the requested providers into c, printing clusterctl's lines to log. It fails,
// before changing anything, when a requested provider already has an instance (as clusterctl's
// installer validation does).
func Init(ctx context.Context, c *k8s.Cluster, o InitOptions, log io.Writer) (InitResult, error) {
	var res InitResult
	fmt.Fprintln(log, "Fetching providers")
	existing, err := Installed(ctx, c)
	if err != nil {
		return res, err
	}
	firstRun := true
	for _, e := range existing {
		if e.PathString("type") == CoreProvider {
			firstRun = false
		}
	}
	var queue []Provider
	add := func(values []string, typ, def string) error {
		if len(values) == 0 && firstRun && def != "" {
			values = []string{def}
		}
		for _, v := range values {
			p, err := Parse(v, typ, o.Config)
			if err != nil {
				return err
			}
			queue = append(queue, p)
		}
		return nil
	}
	var core []string
	if o.Core != "" {
		core = []string{o.Core}
	}
	if err := add(core, CoreProvider, "cluster-api"); err != nil {
		return res, err
	}
	if err := add(o.Bootstrap, BootstrapProvider, "kubeadm"); err != nil {
		return res, err
	}
	if err := add(o.ControlPlane, ControlPlaneProvider, "kubeadm"); err != nil {
		return res, err
	}
	if err := add(o.Infrastructure, InfrastructureProvider, ""); err != nil {
		return res, err
	}
	// Validation, as clusterctl's installer: components known, one instance per provider.
	for _, p := range queue {
		if crds.CAPI(p.Label()) == nil {
			return res, fmt.Errorf("failed to get provider components for the %q provider: failed to get repository client for the %s with name %s: "+
				"error creating the local filesystem repository client: the stand-in has no components for %q",
				p.Label()+":"+p.Version, p.Type, p.Name, p.Label())
		}
		for _, e := range existing {
			if e.Name() == p.Label() {
				return res, fmt.Errorf("installing provider %q can lead to a non functioning management cluster: "+
					"there is already an instance of the %q provider installed in the %q namespace",
					p.Label(), p.Label(), e.Namespace())
			}
		}
	}
	if err := installCertManager(ctx, c, o, log); err != nil {
		return res, err
	}
	if err := c.ApplyAll(ctx, crdObjects(crds.Inventory())); err != nil {
		return res, err
	}
	for _, p := range queue {
		fmt.Fprintf(log, "Installing Provider=%q Version=%q TargetNamespace=%q\n", p.Label(), p.Version, p.Namespace())
		if err := install(ctx, c, p, o.WatchingNamespace); err != nil {
			return res, fmt.Errorf("failed to install provider %q: %w", p.Label(), err)
		}
		if p.Type == CoreProvider {
			res.InstalledCore = true
		}
	}
	return res, nil
}

func crdObjects(list []crds.CRD) []k8s.Object {
	out := make([]k8s.Object, 0, len(list))
	for _, d := range list {
		out = append(out, d.Object())
	}
	return out
}

// Components renders a provider's components as the stand-in installs them: its namespace and
// CRDs (what `clusterctl generate provider --raw` prints).
func Components(p Provider) []k8s.Object {
	ns := k8s.Object{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]interface{}{
		"name": p.Namespace(), "labels": map[string]interface{}{
			"cluster.x-k8s.io/provider": p.Label(), "clusterctl.cluster.x-k8s.io": ""}}}
	return append([]k8s.Object{ns}, crdObjects(crds.CAPI(p.Label()))...)
}

func install(ctx context.Context, c *k8s.Cluster, p Provider, watching string) error {
	if err := c.ApplyAll(ctx, Components(p)); err != nil {
		return err
	}
	inv := k8s.Object{
		"apiVersion": ProviderResource.GroupVersion(), "kind": "Provider",
		"metadata": map[string]interface{}{"name": p.Label(), "namespace": p.Namespace(),
			"labels": map[string]interface{}{"cluster.x-k8s.io/provider": p.Label(),
				"clusterctl.cluster.x-k8s.io": "", "clusterctl.cluster.x-k8s.io/core": "inventory"}},
		"providerName": p.Name, "type": p.Type, "version": p.Version,
	}
	if watching != "" {
		inv["watchedNamespace"] = watching
	}
	_, err := c.ApplyObject(ctx, inv)
	return err
}

func installCertManager(ctx context.Context, c *k8s.Cluster, o InitOptions, log io.Writer) error {
	_, ok, err := c.GetObject(ctx, k8s.CRDResource, "", "certificates.cert-manager.io")
	if err != nil {
		return err
	}
	if ok {
		fmt.Fprintln(log, "Skipping installing cert-manager as it is already installed")
		return nil
	}
	v := o.CertManagerVersion
	if v == "" {
		v = o.Config.CertManager.Version
	}
	if v == "" {
		v = DefaultCertManagerVersion
	}
	fmt.Fprintf(log, "Installing cert-manager Version=%q\n", v)
	objs := []k8s.Object{{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]interface{}{
		"name": "cert-manager", "labels": map[string]interface{}{"clusterctl.cluster.x-k8s.io/core": "cert-manager"},
		"annotations": map[string]interface{}{"cert-manager.clusterctl.cluster.x-k8s.io/version": v}}}}
	objs = append(objs, crdObjects(crds.CertManager())...)
	fmt.Fprintln(log, "Waiting for cert-manager to be available...")
	return c.ApplyAll(ctx, objs)
}
