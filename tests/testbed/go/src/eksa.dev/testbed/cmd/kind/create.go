package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"

	"eksa.dev/testbed/internal/standin/cli"
	"eksa.dev/testbed/internal/standin/k8s"
	"eksa.dev/testbed/internal/standin/kindstate"
	"eksa.dev/testbed/internal/standin/kubecfg"
)

const defaultImage = "kindest/node:v1.27.3"

// status prints kind's non-TTY progress lines: " • step ..." then " ✓ step" or " ✗ step".
type status struct{ w io.Writer }

func (s status) run(msg string, fn func() error) error {
	fmt.Fprintf(s.w, " • %s  ...\n", msg)
	if err := fn(); err != nil {
		fmt.Fprintf(s.w, " ✗ %s\n", msg)
		return err
	}
	fmt.Fprintf(s.w, " ✓ %s\n", msg)
	return nil
}

func createCluster(args []string) int {
	fs := &cli.FlagSet{}
	quiet := globalFlags(fs)
	name := fs.String("name", "n", "")
	configPath := fs.String("config", "", "")
	image := fs.String("image", "", "")
	kubeconfig := fs.String("kubeconfig", "", "")
	retain := fs.Bool("retain", "", false)
	wait := fs.Duration("wait", "", 0)
	pos, err := fs.Parse(args)
	if err != nil {
		return fail("%v", err)
	}
	if len(pos) > 0 {
		return fail("unknown command %q for %q", pos[0], "kind create cluster")
	}
	out := io.Writer(os.Stderr)
	if *quiet {
		out = io.Discard
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return fail("failed to create cluster: %v", err)
	}
	if *name == "" {
		*name = cfg.Name
	}
	if *name == "" {
		*name = "kind"
	}
	if !validName.MatchString(*name) {
		return fail("failed to create cluster: '%s' is not a valid cluster name, cluster names must match `%s`",
			*name, validName.String())
	}
	img := *image
	if img == "" && len(cfg.Nodes) > 0 && cfg.Nodes[0].Image != "" {
		img = cfg.Nodes[0].Image
	}
	if img == "" {
		img = defaultImage
	}
	port := 6443
	if cfg.Networking.APIServerPort > 0 {
		port = cfg.Networking.APIServerPort
	}
	nodes := nodeNames(*name, cfg)
	rec, err := kindstate.Claim(*name, img, port, nodes)
	if errors.Is(err, kindstate.ErrExists) {
		return fail("failed to create cluster: node(s) already exist for a cluster with the name %q", *name)
	}
	if err != nil {
		return fail("failed to create cluster: %v", err)
	}

	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	fmt.Fprintf(out, "Creating cluster %q ...\n", *name)
	st := status{out}
	err = provision(ctx, st, rec, cfg)
	if err == nil && *wait > 0 {
		fmt.Fprintf(out, " ✓ Waiting ≤ %s for control-plane = Ready ⏳\n", *wait)
		fmt.Fprintf(out, " • Ready after %s 💚\n", time.Since(start).Round(time.Second))
	}
	if err == nil {
		err = exportTo(out, rec, *kubeconfig)
	}
	if err != nil {
		if !*retain {
			_ = kindstate.Stop(rec.Name)
			_ = kindstate.Release(rec.Name)
		}
		return fail("failed to create cluster: %v", err)
	}
	ctxName := kindstate.ContextName(rec.Name)
	fmt.Fprintf(out, "You can now use your cluster with:\n\nkubectl cluster-info --context %s", ctxName)
	if *kubeconfig != "" {
		fmt.Fprintf(out, " --kubeconfig %s", *kubeconfig)
	}
	fmt.Fprint(out, "\n\nHave a nice day! 👋\n")
	return 0
}

// provision runs kind's create steps against the peers.
func provision(ctx context.Context, st status, rec kindstate.Record, cfg kindConfig) error {
	if err := st.run(fmt.Sprintf("Ensuring node image (%s) 🖼", rec.Image), checkBinaries); err != nil {
		return err
	}
	if err := st.run("Preparing nodes 📦", func() error { return kindstate.WritePKI(rec) }); err != nil {
		return err
	}
	if err := st.run("Writing configuration 📜", func() error { return kindstate.Write(rec) }); err != nil {
		return err
	}
	if err := st.run("Starting control-plane 🕹️", func() error {
		if err := kindstate.StartEtcd(ctx, rec); err != nil {
			return err
		}
		if err := kindstate.StartAPIServer(ctx, rec); err != nil {
			return err
		}
		return kindstate.RegisterNodes(ctx, rec)
	}); err != nil {
		return err
	}
	if !cfg.Networking.DisableDefaultCNI {
		if err := st.run("Installing CNI 🔌", func() error { return nil }); err != nil {
			return err
		}
	}
	if err := st.run("Installing StorageClass 💾", func() error { return storageClass(ctx, rec) }); err != nil {
		return err
	}
	cp, w := 0, 0
	for _, n := range rec.Nodes {
		if isWorker(rec.Name, n) {
			w++
		} else {
			cp++
		}
	}
	if cp > 1 {
		_ = st.run("Joining more control-plane nodes 🎮", func() error { return nil })
	}
	if w > 0 {
		_ = st.run("Joining worker nodes 🚜", func() error { return nil })
	}
	rec.State = "running"
	return kindstate.Write(rec)
}

func isWorker(cluster, node string) bool {
	p := cluster + "-worker"
	return len(node) >= len(p) && node[:len(p)] == p
}

// checkBinaries stands for pulling the node image: the pair's binaries must exist.
func checkBinaries() error {
	for _, b := range []struct{ env, name string }{
		{"EKSA_TESTBED_ETCD", "etcd"}, {"EKSA_TESTBED_KUBE_APISERVER", "kube-apiserver"}} {
		if p := os.Getenv(b.env); p != "" {
			if _, err := os.Stat(p); err != nil {
				return fmt.Errorf("%s=%s: %v", b.env, p, err)
			}
			continue
		}
		if _, err := exec.LookPath(b.name); err != nil {
			return fmt.Errorf("%s not found (set %s or put it on PATH)", b.name, b.env)
		}
	}
	return nil
}

// storageClass creates kind's default StorageClass "standard".
func storageClass(ctx context.Context, rec kindstate.Record) error {
	c, err := kindstate.Client(rec)
	if err != nil {
		return err
	}
	_, err = c.ApplyObject(ctx, k8s.Object{
		"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
		"metadata": map[string]interface{}{"name": "standard", "annotations": map[string]interface{}{
			"storageclass.kubernetes.io/is-default-class": "true"}},
		"provisioner": "rancher.io/local-path", "reclaimPolicy": "Delete",
		"volumeBindingMode": "WaitForFirstConsumer",
	})
	return err
}

// exportTo writes the cluster's kubeconfig to its state dir and merges it into the kubeconfig
// file kind would use (flag, $KUBECONFIG, ~/.kube/config), printing kind's line.
func exportTo(out io.Writer, rec kindstate.Record, explicit string) error {
	kc, err := kindstate.Kubeconfig(rec)
	if err != nil {
		return err
	}
	if err := kc.Write(kindstate.Path(rec.Name, "kubeconfig")); err != nil {
		return err
	}
	path := kubecfg.Path(explicit)
	if err := kubecfg.Update(path, func(c kubecfg.Config) error { c.MergeFrom(kc, true); return nil }); err != nil {
		return err
	}
	fmt.Fprintf(out, "Set kubectl context to %q\n", kindstate.ContextName(rec.Name))
	return nil
}
