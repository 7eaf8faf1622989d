// Command flux is the testbed's stand-in for the Flux CLI: the same argv, output and exit codes
// for the subset eksa uses (tests/testbed/docs/standins.md). bootstrap pushes flux-system/ to
// the testbed's git server (creating the repository through the GitHub fixture for
// `bootstrap github`) and installs Flux's namespace, CRDs, source Secret, GitRepository and
// Kustomization; reconcile reads the remote and applies the path (internal/standin/fluxboot).
//
// Like flux, progress lines (► ✔ ◎) and errors ("✗ ...", exit 1) go to stderr; version goes
// to stdout.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"eksa.dev/testbed/internal/standin/cli"
	"eksa.dev/testbed/internal/standin/crds"
	"eksa.dev/testbed/internal/standin/fluxboot"
	"eksa.dev/testbed/internal/standin/k8s"
	"eksa.dev/testbed/internal/standin/kubecfg"
)

func main() { os.Exit(run(os.Args[1:])) }

func fail(format string, a ...interface{}) int {
	fmt.Fprintf(os.Stderr, "✗ "+format+"\n", a...)
	return 1
}

// globals are flux's persistent flags.
type globals struct {
	kubeconfig, context, namespace *string
	timeout                        *time.Duration
}

func newFlags() (*cli.FlagSet, globals) {
	fs := &cli.FlagSet{}
	g := globals{
		kubeconfig: fs.String("kubeconfig", "", ""),
		context:    fs.String("context", "", ""),
		namespace:  fs.String("namespace", "n", "flux-system"),
		timeout:    fs.Duration("timeout", "", 5*time.Minute),
	}
	fs.Bool("verbose", "", false)
	fs.String("cache-dir", "", "")
	fs.Bool("insecure-skip-tls-verify", "", false)
	fs.String("server", "", "")
	fs.String("token", "", "")
	fs.String("as", "", "")
	return fs, g
}

func (g globals) cluster() (*k8s.Cluster, error) { return kubecfg.Open(*g.kubeconfig, *g.context) }

func (g globals) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), *g.timeout)
}

func run(args []string) int {
	code, ok, words := cli.Dispatch(args, []cli.Command{
		cli.Cmd("bootstrap github", bootstrapGitHub), cli.Cmd("bootstrap git", bootstrapGit),
		cli.Cmd("reconcile source git", reconcileSource), cli.Cmd("reconcile kustomization", reconcileKs),
		cli.Cmd("reconcile ks", reconcileKs), cli.Cmd("suspend kustomization", suspendKs(true)), cli.Cmd("suspend ks", suspendKs(true)),
		cli.Cmd("resume kustomization", suspendKs(false)), cli.Cmd("resume ks", suspendKs(false)),
		cli.Cmd("check", check), cli.Cmd("install", install), cli.Cmd("uninstall", uninstall), cli.Cmd("version", version),
	})
	if ok {
		return code
	}
	if len(words) == 0 || words[0] == "help" {
		fmt.Print("Command line utility for assembling Kubernetes CD pipelines the GitOps way (testbed stand-in).\n\n" +
			"Available Commands: bootstrap github|git, check, install, reconcile source git|kustomization,\n" +
			"suspend|resume kustomization, uninstall, version\n")
		return 0
	}
	return fail("unknown command %q for %q", words[0], "flux")
}

func version(args []string) int {
	fs, g := newFlags()
	client := fs.Bool("client", "", false)
	if _, err := fs.Parse(args); err != nil {
		return fail("%v", err)
	}
	fmt.Printf("flux: %s\n", crds.FluxVersion)
	if *client {
		return 0
	}
	c, err := g.cluster()
	if err != nil {
		return fail("%v", err)
	}
	cx, cancel := g.ctx()
	defer cancel()
	comps, ns, err := fluxboot.Installed(cx, c, *g.namespace)
	if err != nil {
		return fail("%v", err)
	}
	if ns == nil {
		return fail("could not find flux deployments in %s namespace", *g.namespace)
	}
	fmt.Printf("distribution: flux-%s\n", crds.FluxVersion)
	for _, comp := range comps {
		fmt.Printf("%s: stand-in\n", comp)
	}
	return 0
}

func check(args []string) int {
	fs, g := newFlags()
	pre := fs.Bool("pre", "", false)
	fs.Slice("components", "")
	fs.Slice("components-extra", "")
	fs.Duration("poll-interval", "", 5*time.Second)
	if _, err := fs.Parse(args); err != nil {
		return fail("%v", err)
	}
	c, err := g.cluster()
	if err != nil {
		return fail("%v", err)
	}
	cx, cancel := g.ctx()
	defer cancel()
	ok, err := fluxboot.Check(cx, c, *g.namespace, *pre, os.Stderr)
	if err != nil {
		return fail("%v", err)
	}
	if !ok {
		return 1
	}
	return 0
}

func reconcileSource(args []string) int {
	fs, g := newFlags()
	if pos, err := fs.Parse(args); err != nil || len(pos) != 1 {
		if err != nil {
			return fail("%v", err)
		}
		return fail("source name is required")
	} else {
		return reconcile(g, "GitRepository", fluxboot.GitRepositoryResource, pos[0], false)
	}
}

func reconcileKs(args []string) int {
	fs, g := newFlags()
	withSource := fs.Bool("with-source", "", false)
	pos, err := fs.Parse(args)
	if err != nil {
		return fail("%v", err)
	}
	if len(pos) != 1 {
		return fail("Kustomization name is required")
	}
	return reconcile(g, "Kustomization", fluxboot.KustomizationResource, pos[0], *withSource)
}

// reconcile annotates the object with reconcile.fluxcd.io/requestedAt and reconciles it, as
// `flux reconcile` asks the controllers to and waits for them.
func reconcile(g globals, kind string, r k8s.Resource, name string, withSource bool) int {
	c, err := g.cluster()
	if err != nil {
		return fail("%v", err)
	}
	cx, cancel := g.ctx()
	defer cancel()
	ns := *g.namespace
	obj, ok, err := c.GetObject(cx, r, ns, name)
	if err != nil {
		return fail("%v", err)
	}
	if !ok {
		return fail("%s.%s %q not found", r.Plural, r.Group, name)
	}
	if obj.Path("spec", "suspend") == true {
		return fail("resource is suspended")
	}
	if withSource {
		src := obj.PathString("spec", "sourceRef", "name")
		srcNS := obj.PathString("spec", "sourceRef", "namespace")
		if srcNS == "" {
			srcNS = ns
		}
		if code := reconcile(globals{g.kubeconfig, g.context, &srcNS, g.timeout}, "GitRepository",
			fluxboot.GitRepositoryResource, src, false); code != 0 {
			return code
		}
	}
	fmt.Fprintf(os.Stderr, "► annotating %s %s in %s namespace\n", kind, name, ns)
	patch := map[string]interface{}{"metadata": map[string]interface{}{"annotations": map[string]interface{}{
		fluxboot.RequestedAtAnnotation: time.Now().Format(time.RFC3339Nano)}}}
	if err := c.Patch(cx, r.Item(ns, name), patch, nil); err != nil {
		return fail("%v", err)
	}
	fmt.Fprintf(os.Stderr, "✔ %s annotated\n", kind)
	fmt.Fprintf(os.Stderr, "◎ waiting for %s reconciliation\n", kind)
	if kind == "GitRepository" {
		rev, err := fluxboot.ReconcileSource(cx, c, ns, name)
		if err != nil {
			return fail("%v", err)
		}
		fmt.Fprintf(os.Stderr, "✔ fetched revision %s\n", rev)
		return 0
	}
	rev, err := fluxboot.ReconcileKustomization(cx, c, ns, name)
	if err != nil {
		return fail("%v", err)
	}
	fmt.Fprintf(os.Stderr, "✔ applied revision %s\n", rev)
	return 0
}

func suspendKs(suspend bool) func([]string) int {
	return func(args []string) int {
		fs, g := newFlags()
		fs.Bool("all", "", false)
		pos, err := fs.Parse(args)
		if err != nil {
			return fail("%v", err)
		}
		if len(pos) != 1 {
			return fail("Kustomization name is required")
		}
		c, err := g.cluster()
		if err != nil {
			return fail("%v", err)
		}
		cx, cancel := g.ctx()
		defer cancel()
		verb, done := "suspending", "suspended"
		if !suspend {
			verb, done = "resuming", "resumed"
		}
		fmt.Fprintf(os.Stderr, "► %s kustomization %s in %s namespace\n", verb, pos[0], *g.namespace)
		if err := fluxboot.SetSuspend(cx, c, fluxboot.KustomizationResource, *g.namespace, pos[0], suspend); err != nil {
			return fail("%v", err)
		}
		fmt.Fprintf(os.Stderr, "✔ kustomization %s\n", done)
		if suspend {
			return 0
		}
		fmt.Fprintln(os.Stderr, "◎ waiting for Kustomization reconciliation")
		rev, err := fluxboot.ReconcileKustomization(cx, c, *g.namespace, pos[0])
		if err != nil {
			return fail("%v", err)
		}
		fmt.Fprintln(os.Stderr, "✔ Kustomization reconciliation completed")
		fmt.Fprintf(os.Stderr, "✔ applied revision %s\n", rev)
		return 0
	}
}

func install(args []string) int {
	fs, g := newFlags()
	export := fs.Bool("export", "", false)
	components := fs.Slice("components", "")
	extra := fs.Slice("components-extra", "")
	if _, err := fs.Parse(args); err != nil {
		return fail("%v", err)
	}
	comps, err := componentList(*components, *extra)
	if err != nil {
		return fail("%v", err)
	}
	if *export {
		os.Stdout.Write(fluxboot.ComponentsYAML(*g.namespace, comps))
		return 0
	}
	c, err := g.cluster()
	if err != nil {
		return fail("%v", err)
	}
	cx, cancel := g.ctx()
	defer cancel()
	fmt.Fprintf(os.Stderr, "► installing components in %s namespace\n", *g.namespace)
	if err := c.ApplyAll(cx, fluxboot.Components(*g.namespace, comps)); err != nil {
		return fail("install failed: %v", err)
	}
	fmt.Fprintln(os.Stderr, "✔ install finished")
	return 0
}

func uninstall(args []string) int {
	fs, g := newFlags()
	silent := fs.Bool("silent", "s", false)
	keepNS := fs.Bool("keep-namespace", "", false)
	fs.Bool("dry-run", "", false)
	if _, err := fs.Parse(args); err != nil {
		return fail("%v", err)
	}
	if !*silent {
		fmt.Fprint(os.Stderr, "Are you sure you want to delete Flux and its custom resource definitions? [y/N] ")
		var answer string
		fmt.Fscanln(os.Stdin, &answer)
		if answer != "y" && answer != "Y" {
			return fail("aborting")
		}
	}
	c, err := g.cluster()
	if err != nil {
		return fail("%v", err)
	}
	cx, cancel := g.ctx()
	defer cancel()
	if err := fluxboot.Uninstall(cx, c, *g.namespace, *keepNS, os.Stderr); err != nil {
		return fail("%v", err)
	}
	return 0
}

// componentList is --components (default flux's four) plus --components-extra, validated.
func componentList(components, extra []string) ([]string, error) {
	if len(components) == 0 {
		components = crds.DefaultFluxComponents
	}
	out := append(append([]string{}, components...), extra...)
	for _, c := range out {
		if !crds.FluxComponentKnown(c) {
			return nil, fmt.Errorf("component %s is not supported", c)
		}
	}
	return out, nil
}
