// Command clusterctl is the testbed's stand-in for sigs.k8s.io/cluster-api's clusterctl: the
// same argv, output and exit codes for the subset eksa uses (tests/testbed/docs/standins.md),
// acting on the kind stand-in's (or any) kube-apiserver over REST (internal/standin/capi).
//
// Like clusterctl, progress lines go to stderr, results (version, describe, get kubeconfig,
// generate) and the "initialized successfully" note to stdout, errors to stderr as
// "Error: ..." with exit 1.
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"time"

	"eksa.dev/testbed/internal/standin/capi"
	"eksa.dev/testbed/internal/standin/cli"
	"eksa.dev/testbed/internal/standin/k8s"
	"eksa.dev/testbed/internal/standin/kubecfg"
)

// Version is the clusterctl release the stand-in answers for.
const Version = "v1.5.2"

func main() { os.Exit(run(os.Args[1:])) }

func fail(format string, a ...interface{}) int {
	fmt.Fprintf(os.Stderr, "Error: "+format+"\n", a...)
	return 1
}

// common adds clusterctl's persistent flags.
func common(fs *cli.FlagSet) (config *string) {
	fs.Int("v", "v", 0)
	return fs.String("config", "", "")
}

func run(args []string) int {
	code, ok, words := cli.Dispatch(args, []cli.Command{
		cli.Cmd("init", initCmd), cli.Cmd("move", moveCmd), cli.Cmd("describe cluster", describeCmd),
		cli.Cmd("get kubeconfig", getKubeconfigCmd), cli.Cmd("generate provider", generateProviderCmd),
		cli.Cmd("version", versionCmd),
	})
	if ok {
		return code
	}
	if len(words) == 0 || words[0] == "help" {
		fmt.Print(`Get started with Cluster API using clusterctl (testbed stand-in)

Usage:
  clusterctl [command]

Available Commands:
  describe cluster   Describe workload clusters.
  generate provider  Generate templates for provider components.
  get kubeconfig     Gets the kubeconfig file for accessing a workload cluster
  init               Initialize a management cluster.
  move               Move Cluster API objects and all dependencies between management clusters.
  version            Print clusterctl version.
`)
		return 0
	}
	return fail("unknown command %q for %q", words[0], "clusterctl")
}

func ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 5*time.Minute)
}

// target is the management cluster a command works on: --kubeconfig, --kubeconfig-context and,
// where the command has one, -n/--namespace ("default" when empty).
type target struct{ kubeconfig, context, namespace *string }

func targetFlags(fs *cli.FlagSet, withNamespace bool) target {
	t := target{kubeconfig: fs.String("kubeconfig", "", ""), context: fs.String("kubeconfig-context", "", "")}
	if withNamespace {
		t.namespace = fs.String("namespace", "n", "")
	}
	return t
}

func (t target) cluster() (*k8s.Cluster, error) { return kubecfg.Open(*t.kubeconfig, *t.context) }

func (t target) ns() string {
	if t.namespace == nil || *t.namespace == "" {
		return "default"
	}
	return *t.namespace
}

func initCmd(args []string) int {
	fs := &cli.FlagSet{}
	config := common(fs)
	mgmt := targetFlags(fs, false)
	core := fs.String("core", "", "")
	bootstrap := fs.Slice("bootstrap", "b")
	controlPlane := fs.Slice("control-plane", "c")
	infra := fs.Slice("infrastructure", "i")
	fs.Slice("ipam", "")
	fs.Slice("runtime-extension", "")
	fs.Slice("addon", "")
	fs.String("target-namespace", "n", "")
	watching := fs.String("watching-namespace", "", "")
	fs.Bool("wait-providers", "", false)
	fs.Duration("wait-provider-timeout", "", 5*time.Minute)
	fs.Bool("validate", "", true)
	pos, err := fs.Parse(args)
	if err != nil {
		return fail("%v", err)
	}
	if len(pos) > 0 {
		return fail("unknown command %q for %q", pos[0], "clusterctl init")
	}
	cfg, err := capi.LoadConfig(*config)
	if err != nil {
		return fail("%v", err)
	}
	c, err := mgmt.cluster()
	if err != nil {
		return fail("invalid kubeconfig file; clusterctl requires a valid kubeconfig file to connect to the management cluster: %v", err)
	}
	cx, cancel := ctx()
	defer cancel()
	res, err := capi.Init(cx, c, capi.InitOptions{Core: *core, Bootstrap: *bootstrap, ControlPlane: *controlPlane,
		Infrastructure: *infra, Config: cfg, WatchingNamespace: *watching}, os.Stderr)
	if err != nil {
		return fail("%v", err)
	}
	if res.InstalledCore {
		fmt.Print("\nYour management cluster has been initialized successfully!\n\n" +
			"You can now create your first workload cluster by running the following:\n\n" +
			"  clusterctl generate cluster [name] --kubernetes-version [version] | kubectl apply -f -\n\n")
	}
	return 0
}

func moveCmd(args []string) int {
	fs := &cli.FlagSet{}
	common(fs)
	mgmt := targetFlags(fs, true)
	toKubeconfig := fs.String("to-kubeconfig", "", "")
	toKctx := fs.String("to-kubeconfig-context", "", "")
	dryRun := fs.Bool("dry-run", "", false)
	toDir := fs.String("to-directory", "", "")
	fromDir := fs.String("from-directory", "", "")
	pos, err := fs.Parse(args)
	if err != nil {
		return fail("%v", err)
	}
	if len(pos) > 0 {
		return fail("unknown command %q for %q", pos[0], "clusterctl move")
	}
	set := 0
	for _, s := range []string{*toKubeconfig, *toDir, *fromDir} {
		if s != "" {
			set++
		}
	}
	if set != 1 && !*dryRun {
		return fail("please specify a target cluster using the --to-kubeconfig flag, or a directory with --to-directory or --from-directory")
	}
	c, err := mgmt.cluster()
	if err != nil {
		return fail("%v", err)
	}
	cx, cancel := ctx()
	defer cancel()
	start := time.Now()
	switch {
	case *fromDir != "":
		err = capi.FromDirectory(cx, c, *fromDir, os.Stderr)
	case *toDir != "":
		err = capi.ToDirectory(cx, c, mgmt.ns(), *toDir, os.Stderr)
	default:
		var to *k8s.Cluster
		if *toKubeconfig != "" {
			if to, err = kubecfg.Open(*toKubeconfig, *toKctx); err != nil {
				return fail("%v", err)
			}
		}
		err = capi.Move(cx, c, to, capi.MoveOptions{Namespace: mgmt.ns(), DryRun: *dryRun}, os.Stderr)
	}
	if err != nil {
		return fail("%v", err)
	}
	if os.Getenv("EKSA_TESTBED_STANDIN_TIMING") != "" {
		fmt.Fprintf(os.Stderr, "move took %s\n", time.Since(start).Round(time.Millisecond))
	}
	return 0
}

func describeCmd(args []string) int {
	fs := &cli.FlagSet{}
	common(fs)
	mgmt := targetFlags(fs, true)
	fs.String("show-conditions", "", "")
	fs.Bool("echo", "", false)
	fs.Bool("grouping", "", true)
	fs.Bool("disable-no-echo", "", false)
	fs.Bool("disable-grouping", "", false)
	fs.String("show-machinesets", "", "")
	fs.String("show-resources", "", "")
	fs.Bool("show-templates", "", false)
	fs.Bool("color", "c", false)
	pos, err := fs.Parse(args)
	if err != nil {
		return fail("%v", err)
	}
	if len(pos) != 1 {
		return fail("please specify a cluster name")
	}
	c, err := mgmt.cluster()
	if err != nil {
		return fail("%v", err)
	}
	cx, cancel := ctx()
	defer cancel()
	if err := capi.Describe(cx, c, mgmt.ns(), pos[0], os.Stdout); err != nil {
		return fail("%v", err)
	}
	return 0
}

func getKubeconfigCmd(args []string) int {
	fs := &cli.FlagSet{}
	common(fs)
	mgmt := targetFlags(fs, true)
	pos, err := fs.Parse(args)
	if err != nil {
		return fail("%v", err)
	}
	if len(pos) != 1 {
		return fail("please specify a workload cluster name")
	}
	c, err := mgmt.cluster()
	if err != nil {
		return fail("%v", err)
	}
	cx, cancel := ctx()
	defer cancel()
	name := pos[0] + "-kubeconfig"
	s, ok, err := c.GetObject(cx, k8s.SecretResource, mgmt.ns(), name)
	if err != nil {
		return fail("%v", err)
	}
	if !ok {
		return fail("failed to get kubeconfig for cluster %q: secrets %q not found", pos[0], name)
	}
	raw, err := base64.StdEncoding.DecodeString(s.PathString("data", "value"))
	if err != nil {
		return fail("failed to decode secret %q: %v", name, err)
	}
	os.Stdout.Write(raw)
	return 0
}

func generateProviderCmd(args []string) int {
	fs := &cli.FlagSet{}
	config := common(fs)
	core := fs.String("core", "", "")
	bootstrap := fs.String("bootstrap", "b", "")
	cp := fs.String("control-plane", "c", "")
	infra := fs.String("infrastructure", "i", "")
	fs.Bool("raw", "", false)
	fs.Bool("describe", "", false)
	fs.String("target-namespace", "n", "")
	if _, err := fs.Parse(args); err != nil {
		return fail("%v", err)
	}
	cfg, err := capi.LoadConfig(*config)
	if err != nil {
		return fail("%v", err)
	}
	var value, typ string
	for _, c := range []struct{ v, t string }{{*core, capi.CoreProvider}, {*bootstrap, capi.BootstrapProvider},
		{*cp, capi.ControlPlaneProvider}, {*infra, capi.InfrastructureProvider}} {
		if c.v != "" {
			value, typ = c.v, c.t
		}
	}
	if value == "" {
		return fail("at least one of --core, --bootstrap, --control-plane, --infrastructure should be specified")
	}
	p, err := capi.Parse(value, typ, cfg)
	if err != nil {
		return fail("%v", err)
	}
	objs := capi.Components(p)
	if len(objs) == 1 {
		return fail("failed to get provider components for the %q provider", p.Label())
	}
	os.Stdout.Write(k8s.EncodeYAML(objs))
	return 0
}

func versionCmd(args []string) int {
	fs := &cli.FlagSet{}
	common(fs)
	output := fs.String("output", "o", "")
	if _, err := fs.Parse(args); err != nil {
		return fail("%v", err)
	}
	info := map[string]string{"major": "1", "minor": "5", "gitVersion": Version, "gitCommit": "testbed-stand-in",
		"gitTreeState": "clean", "buildDate": "1970-01-01T00:00:00Z", "goVersion": runtime.Version(),
		"compiler": runtime.Compiler, "platform": runtime.GOOS + "/" + runtime.GOARCH}
	switch *output {
	case "":
		fmt.Printf("clusterctl version: &version.Info{Major:%q, Minor:%q, GitVersion:%q, GitCommit:%q, GitTreeState:%q, BuildDate:%q, GoVersion:%q, Compiler:%q, Platform:%q}\n",
			info["major"], info["minor"], info["gitVersion"], info["gitCommit"], info["gitTreeState"],
			info["buildDate"], info["goVersion"], info["compiler"], info["platform"])
	case "short":
		fmt.Println(Version)
	case "json":
		b, _ := json.MarshalIndent(map[string]interface{}{"clusterctl": info}, "", "  ")
		fmt.Println(string(b))
	case "yaml":
		fmt.Println("clusterctl:")
		for _, k := range []string{"buildDate", "compiler", "gitCommit", "gitTreeState", "gitVersion", "goVersion", "major", "minor", "platform"} {
			fmt.Printf("  %s: %s\n", k, info[k])
		}
	default:
		return fail("invalid output format: %s", *output)
	}
	return 0
}
