package fluxboot

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"eksa.dev/testbed/internal/standin/crds"
	"eksa.dev/testbed/internal/standin/k8s"
)

// BootstrapOptions are the inputs common to bootstrap git and bootstrap github.
type BootstrapOptions struct {
	Remote      Remote            // where the manifests are pushed (with credentials)
	Sync        Sync              // the GitRepository/Kustomization written to the repo and cluster
	Components  []string          // Flux components (CRDs installed)
	SecretData  map[string]string // the source Secret's data (Sync.Name in Sync.Namespace)
	Annotations map[string]string // extra annotations on the GitRepository
	AuthorName  string
	AuthorEmail string
	Appendix    string // --commit-message-appendix
	// DeployKey, when set, runs after the Secret is applied (flux github's deploy-key step).
	DeployKey func() error
}

func logf(w io.Writer, sym, format string, a ...interface{}) {
	fmt.Fprintf(w, sym+" "+format+"\n", a...)
}

// Bootstrap pushes flux-system/ to the repository and installs Flux's objects in c, printing
// flux's progress lines to log. It is idempotent: unchanged manifests are not committed again.
func Bootstrap(ctx context.Context, c *k8s.Cluster, o BootstrapOptions, log io.Writer) error {
	tmp, err := os.MkdirTemp("", "flux-bootstrap-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	s := o.Sync
	logf(log, "►", "cloning branch %q from Git repository %q", s.Branch, o.Remote.URL)
	wc, err := Clone(o.Remote, filepath.Join(tmp, "repo"), s.Branch)
	if err != nil {
		return fmt.Errorf("failed to clone repository: %w", err)
	}
	logf(log, "✔", "cloned repository")

	rel := filepath.Join(CleanPath(s.Path)[2:], s.Namespace)
	dir := filepath.Join(wc.Dir, rel)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	logf(log, "►", "generating component manifests")
	comp := filepath.Join(rel, "gotk-components.yaml")
	if err := os.WriteFile(filepath.Join(wc.Dir, comp), ComponentsYAML(s.Namespace, o.Components), 0o644); err != nil {
		return err
	}
	logf(log, "✔", "generated component manifests")
	if err := commitPush(wc, o, log, "component", fmt.Sprintf("Add Flux %s component manifests", crds.FluxVersion), comp); err != nil {
		return err
	}

	logf(log, "►", "installing components in %q namespace", s.Namespace)
	if err := c.ApplyAll(ctx, Components(s.Namespace, o.Components)); err != nil {
		return fmt.Errorf("install failed: %w", err)
	}
	logf(log, "✔", "installed components")
	logf(log, "✔", "reconciled components")

	secretID := s.Namespace + "/" + s.SecretName
	logf(log, "►", "determining if source secret %q exists", secretID)
	logf(log, "►", "generating source secret")
	logf(log, "►", "applying source secret %q", secretID)
	if _, err := c.ApplyObject(ctx, secret(s, o.SecretData)); err != nil {
		return fmt.Errorf("failed to apply source secret: %w", err)
	}
	logf(log, "✔", "reconciled source secret")
	if o.DeployKey != nil {
		if err := o.DeployKey(); err != nil {
			return err
		}
	}

	logf(log, "►", "generating sync manifests")
	syncFile := filepath.Join(rel, "gotk-sync.yaml")
	ksFile := filepath.Join(rel, "kustomization.yaml")
	if err := os.WriteFile(filepath.Join(wc.Dir, syncFile), s.SyncYAML(), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(wc.Dir, ksFile), KustomizationYAML(), 0o644); err != nil {
		return err
	}
	logf(log, "✔", "generated sync manifests")
	if err := commitPush(wc, o, log, "sync", "Add Flux sync manifests", syncFile, ksFile); err != nil {
		return err
	}

	logf(log, "►", "applying sync manifests")
	for _, obj := range s.Objects() {
		for k, v := range o.Annotations {
			obj.Annotations()[k] = v
		}
		if _, err := c.ApplyObject(ctx, obj); err != nil {
			return fmt.Errorf("failed to apply sync manifests: %w", err)
		}
	}
	logf(log, "✔", "reconciled sync configuration")
	logf(log, "◎", "waiting for GitRepository %q to be reconciled", s.Namespace+"/"+s.Name)
	if _, err := ReconcileSource(ctx, c, s.Namespace, s.Name); err != nil {
		return fmt.Errorf("gitrepository '%s/%s' not ready: %w", s.Namespace, s.Name, err)
	}
	logf(log, "✔", "GitRepository reconciled successfully")
	logf(log, "◎", "waiting for Kustomization %q to be reconciled", s.Namespace+"/"+s.Name)
	if _, err := ReconcileKustomization(ctx, c, s.Namespace, s.Name); err != nil {
		return fmt.Errorf("kustomization '%s/%s' not ready: %w", s.Namespace, s.Name, err)
	}
	logf(log, "✔", "Kustomization reconciled successfully")
	logf(log, "►", "confirming components are healthy")
	for _, comp := range o.Components {
		logf(log, "✔", "%s: deployment ready", comp)
	}
	logf(log, "✔", "all components are healthy")
	return nil
}

func commitPush(wc *Checkout, o BootstrapOptions, log io.Writer, what, msg string, files ...string) error {
	if o.Appendix != "" {
		msg += "\n\n" + o.Appendix
	}
	sha, err := wc.CommitAll(msg, o.AuthorName, o.AuthorEmail, files...)
	if err != nil {
		return fmt.Errorf("failed to commit %s manifests: %w", what, err)
	}
	if sha == "" {
		logf(log, "✔", "%s manifests are up to date", what)
		return nil
	}
	logf(log, "✔", "committed %s manifests to %q (%q)", what, wc.Branch, sha)
	logf(log, "►", "pushing %s manifests to %q", what, o.Remote.URL)
	if err := wc.Push(); err != nil {
		return fmt.Errorf("failed to push %s manifests: %w", what, err)
	}
	return nil
}

func secret(s Sync, data map[string]string) k8s.Object {
	sd := map[string]interface{}{}
	for k, v := range data {
		sd[k] = v
	}
	return k8s.Object{"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
		"metadata":   map[string]interface{}{"name": s.SecretName, "namespace": s.Namespace},
		"stringData": sd}
}
