// Command kind is the testbed's stand-in for sigs.k8s.io/kind: the same argv, output and exit
// codes for the subset eksa uses (tests/testbed/docs/standins.md), with each "cluster" an etcd +
// kube-apiserver pair run as detached host processes on its own loopback address
// (internal/standin/kindstate) instead of node containers.
//
// Like kind, progress and errors go to stderr ("ERROR: ..." and exit 1); `get clusters`,
// `get kubeconfig`, `get nodes` and `version` answer on stdout.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"eksa.dev/testbed/internal/standin/cli"
)

// Version is the kind release the stand-in answers for.
const Version = "v0.20.0"

var stderr io.Writer = os.Stderr

func main() {
	os.Exit(run(os.Args[1:]))
}

func fail(format string, a ...interface{}) int {
	fmt.Fprintf(os.Stderr, "ERROR: "+format+"\n", a...)
	return 1
}

// globalFlags adds kind's persistent flags to fs.
func globalFlags(fs *cli.FlagSet) (quiet *bool) {
	fs.Int("verbosity", "v", 0)
	fs.String("loglevel", "", "")
	return fs.Bool("quiet", "q", false)
}

func run(args []string) int {
	code, ok, words := cli.Dispatch(args, []cli.Command{
		cli.Cmd("create cluster", createCluster),
		cli.Cmd("delete cluster", deleteCluster),
		cli.Cmd("delete clusters", deleteClusters),
		cli.Cmd("get clusters", getClusters),
		cli.Cmd("get kubeconfig", getKubeconfig),
		cli.Cmd("get nodes", getNodes),
		cli.Cmd("export kubeconfig", exportKubeconfig),
		cli.Cmd("version", version),
	})
	if ok {
		return code
	}
	if len(words) == 0 {
		for _, a := range args {
			if a == "--version" {
				return version(nil)
			}
		}
		usage(os.Stdout)
		return 0
	}
	if words[0] == "help" {
		usage(os.Stdout)
		return 0
	}
	return fail("unknown command %q for %q", strings.Join(words, " "), "kind")
}

func usage(w io.Writer) {
	fmt.Fprint(w, `kind creates and manages local Kubernetes clusters (testbed stand-in: etcd + kube-apiserver
processes on loopback addresses instead of node containers)

Usage:
  kind [command]

Available Commands:
  create cluster     Creates a local Kubernetes cluster
  delete cluster     Deletes a cluster
  delete clusters    Deletes one or more clusters
  export kubeconfig  Exports cluster kubeconfig
  get clusters       Lists existing kind clusters by their name
  get kubeconfig     Prints cluster kubeconfig
  get nodes          Lists existing kind nodes by their name
  version            Prints the kind CLI version
`)
}
