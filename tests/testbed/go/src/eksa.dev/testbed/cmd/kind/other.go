package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"eksa.dev/testbed/internal/standin/cli"
	"eksa.dev/testbed/internal/standin/kindstate"
	"eksa.dev/testbed/internal/standin/kubecfg"
)

func noSuchCluster(name string) int {
	return fail("could not locate any control plane nodes for cluster named '%s'. Use the --name option to select a different cluster", name)
}

func parse(args []string, fs *cli.FlagSet, cmd string) ([]string, bool) {
	pos, err := fs.Parse(args)
	if err != nil {
		fail("%v", err)
		return nil, false
	}
	return pos, true
}

func getClusters(args []string) int {
	fs := &cli.FlagSet{}
	globalFlags(fs)
	if _, ok := parse(args, fs, "get clusters"); !ok {
		return 1
	}
	names, err := kindstate.List()
	if err != nil {
		return fail("failed to list clusters: %v", err)
	}
	if len(names) == 0 {
		fmt.Fprintln(os.Stderr, "No kind clusters found.")
		return 0
	}
	for _, n := range names {
		fmt.Println(n)
	}
	return 0
}

func getNodes(args []string) int {
	fs := &cli.FlagSet{}
	globalFlags(fs)
	name := fs.String("name", "n", "kind")
	fs.Bool("all-clusters", "A", false)
	if _, ok := parse(args, fs, "get nodes"); !ok {
		return 1
	}
	rec, err := kindstate.Read(*name)
	if err != nil {
		fmt.Fprintf(os.Stderr, "No kind nodes found for cluster %q.\n", *name)
		return 0
	}
	for _, n := range rec.Nodes {
		fmt.Println(n)
	}
	return 0
}

// kubeconfigFor renders a cluster's kubeconfig; internal keeps the loopback server (there is
// no node container hostname to point at; see docs/standins.md).
func kubeconfigFor(name string) (kubecfg.Config, bool, error) {
	rec, err := kindstate.Read(name)
	if err != nil {
		return nil, false, nil
	}
	kc, err := kindstate.Kubeconfig(rec)
	return kc, true, err
}

func getKubeconfig(args []string) int {
	fs := &cli.FlagSet{}
	globalFlags(fs)
	name := fs.String("name", "n", "kind")
	fs.Bool("internal", "", false)
	if _, ok := parse(args, fs, "get kubeconfig"); !ok {
		return 1
	}
	kc, ok, err := kubeconfigFor(*name)
	if !ok {
		return noSuchCluster(*name)
	}
	if err != nil {
		return fail("failed to get cluster kubeconfig: %v", err)
	}
	os.Stdout.Write(kc.Bytes())
	return 0
}

func exportKubeconfig(args []string) int {
	fs := &cli.FlagSet{}
	quiet := globalFlags(fs)
	name := fs.String("name", "n", "kind")
	kubeconfig := fs.String("kubeconfig", "", "")
	fs.Bool("internal", "", false)
	if _, ok := parse(args, fs, "export kubeconfig"); !ok {
		return 1
	}
	rec, err := kindstate.Read(*name)
	if err != nil {
		return noSuchCluster(*name)
	}
	out := io.Writer(os.Stderr)
	if *quiet {
		out = io.Discard
	}
	if err := exportTo(out, rec, *kubeconfig); err != nil {
		return fail("failed to export kubeconfig: %v", err)
	}
	return 0
}

// deleteOne stops a cluster's processes, removes its kubeconfig entries from path and its state.
func deleteOne(name, kubeconfigPath string) (bool, error) {
	rec, err := kindstate.Read(name)
	existed := err == nil
	if _, statErr := os.Stat(kindstate.Dir(name)); statErr == nil {
		if err := kindstate.Stop(name); err != nil {
			return existed, err
		}
	}
	path := kubecfg.Path(kubeconfigPath)
	if _, err := os.Stat(path); err == nil {
		if err := kubecfg.Update(path, func(c kubecfg.Config) error {
			c.RemoveNamed(kindstate.ContextName(name))
			return nil
		}); err != nil {
			return existed, err
		}
	}
	if err := kindstate.Release(name); err != nil {
		return existed, err
	}
	_ = rec
	return existed, nil
}

func deleteCluster(args []string) int {
	fs := &cli.FlagSet{}
	quiet := globalFlags(fs)
	name := fs.String("name", "n", "kind")
	kubeconfig := fs.String("kubeconfig", "", "")
	if _, ok := parse(args, fs, "delete cluster"); !ok {
		return 1
	}
	out := io.Writer(os.Stderr)
	if *quiet {
		out = io.Discard
	}
	fmt.Fprintf(out, "Deleting cluster %q ...\n", *name)
	rec, recErr := kindstate.Read(*name)
	existed, err := deleteOne(*name, *kubeconfig)
	if err != nil {
		return fail("failed to delete cluster %q: %v", *name, err)
	}
	if existed && recErr == nil {
		fmt.Fprintf(out, "Deleted nodes: %s\n", quoteList(rec.Nodes))
	}
	return 0
}

func deleteClusters(args []string) int {
	fs := &cli.FlagSet{}
	globalFlags(fs)
	all := fs.Bool("all", "A", false)
	kubeconfig := fs.String("kubeconfig", "", "")
	names, ok := parse(args, fs, "delete clusters")
	if !ok {
		return 1
	}
	if *all {
		var err error
		if names, err = kindstate.List(); err != nil {
			return fail("failed to list clusters: %v", err)
		}
	}
	if len(names) == 0 && !*all {
		return fail("no cluster names provided (use --all to delete all clusters)")
	}
	var deleted []string
	for _, n := range names {
		existed, err := deleteOne(n, *kubeconfig)
		if err != nil {
			return fail("failed to delete cluster %q: %v", n, err)
		}
		if existed {
			deleted = append(deleted, n)
		}
	}
	fmt.Fprintf(os.Stderr, "Deleted clusters: %s\n", quoteList(deleted))
	return 0
}

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return "[" + strings.Join(q, " ") + "]"
}

func version(args []string) int {
	fmt.Printf("kind %s %s %s/%s\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return 0
}
