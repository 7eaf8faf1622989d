package fluxboot

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"eksa.dev/testbed/internal/standin/k8s"
)

// HTTPURLAnnotation carries, on a GitRepository whose URL is ssh://, the HTTP(S) address the
// stand-in fetches instead: the testbed's git server speaks no SSH.
const HTTPURLAnnotation = "testbed.eksa.dev/http-url"

// RequestedAtAnnotation is what `flux reconcile` sets to ask for a reconciliation.
const RequestedAtAnnotation = "reconcile.fluxcd.io/requestedAt"

// sourceRemote builds the remote of a GitRepository from its URL and secretRef.
func sourceRemote(ctx context.Context, c *k8s.Cluster, repo k8s.Object) (Remote, func(), error) {
	r := Remote{URL: repo.PathString("spec", "url")}
	cleanup := func() {}
	if u, err := url.Parse(r.URL); err == nil && u.Scheme == "ssh" {
		alt := repo.Annotations()[HTTPURLAnnotation]
		s, _ := alt.(string)
		if s == "" {
			return r, cleanup, fmt.Errorf("ssh URL %s and no %s annotation: the testbed has no SSH git server", r.URL, HTTPURLAnnotation)
		}
		r.URL = s
	}
	secretName := repo.PathString("spec", "secretRef", "name")
	if secretName == "" {
		return r, cleanup, nil
	}
	sec, ok, err := c.GetObject(ctx, k8s.SecretResource, repo.Namespace(), secretName)
	if err != nil {
		return r, cleanup, err
	}
	if !ok {
		return r, cleanup, fmt.Errorf("failed to get secret '%s/%s': secrets %q not found", repo.Namespace(), secretName, secretName)
	}
	get := func(k string) string {
		b, _ := base64.StdEncoding.DecodeString(sec.PathString("data", k))
		return string(b)
	}
	r.Username, r.Password = get("username"), get("password")
	if ca := get("ca.crt"); ca != "" {
		f, err := os.CreateTemp("", "flux-ca-*.crt")
		if err != nil {
			return r, cleanup, err
		}
		f.WriteString(ca)
		f.Close()
		r.CAFile = f.Name()
		cleanup = func() { os.Remove(f.Name()) }
	}
	return r, cleanup, nil
}

func now() string { return time.Now().UTC().Format(time.RFC3339) }

func readyCondition(status bool, reason, message string) map[string]interface{} {
	s := "False"
	if status {
		s = "True"
	}
	return map[string]interface{}{"type": "Ready", "status": s, "reason": reason, "message": message,
		"lastTransitionTime": now()}
}

func baseStatus(o k8s.Object) map[string]interface{} {
	st := map[string]interface{}{"observedGeneration": o.Path("metadata", "generation")}
	if v, _ := o.Annotations()[RequestedAtAnnotation].(string); v != "" {
		st["lastHandledReconcileAt"] = v
	}
	return st
}

// ReconcileSource fetches the GitRepository's branch head from its remote and records it as
// the stored artifact (Ready=True), or records the failure (Ready=False) and returns it.
func ReconcileSource(ctx context.Context, c *k8s.Cluster, ns, name string) (string, error) {
	repo, ok, err := c.GetObject(ctx, GitRepositoryResource, ns, name)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", fmt.Errorf("GitRepository source '%s' not found", name)
	}
	path := GitRepositoryResource.Item(ns, name)
	st := baseStatus(repo)
	branch := repo.PathString("spec", "ref", "branch")
	if branch == "" {
		branch = "master"
	}
	remote, cleanup, err := sourceRemote(ctx, c, repo)
	defer cleanup()
	var sha string
	if err == nil {
		sha, err = remote.LsRemote(branch)
		if err == nil && sha == "" {
			err = fmt.Errorf("unable to clone '%s': couldn't find remote ref \"refs/heads/%s\"", repo.PathString("spec", "url"), branch)
		}
	}
	if err != nil {
		st["conditions"] = []interface{}{readyCondition(false, "GitOperationFailed", err.Error())}
		_ = c.PatchStatus(ctx, path, map[string]interface{}{"status": st}, nil)
		return "", err
	}
	rev := branch + "@sha1:" + sha
	msg := fmt.Sprintf("stored artifact for revision '%s'", rev)
	st["artifact"] = map[string]interface{}{"revision": rev, "lastUpdateTime": now(),
		"path": fmt.Sprintf("gitrepository/%s/%s/%s.tar.gz", ns, name, sha),
		"url":  fmt.Sprintf("http://source-controller.%s.svc.cluster.local./gitrepository/%s/%s/%s.tar.gz", ns, ns, name, sha)}
	st["conditions"] = []interface{}{readyCondition(true, "Succeeded", msg),
		map[string]interface{}{"type": "ArtifactInStorage", "status": "True", "reason": "Succeeded", "message": msg, "lastTransitionTime": now()}}
	return rev, c.PatchStatus(ctx, path, map[string]interface{}{"status": st}, nil)
}

// ReconcileKustomization renders the Kustomization's path at its source's revision (kubectl
// kustomize; a kustomization.yaml listing every YAML file is generated where none exists, as
// kustomize-controller does) and server-side applies the result. Objects are not pruned.
func ReconcileKustomization(ctx context.Context, c *k8s.Cluster, ns, name string) (string, error) {
	ks, ok, err := c.GetObject(ctx, KustomizationResource, ns, name)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", fmt.Errorf("Kustomization '%s' not found", name)
	}
	if ks.Path("spec", "suspend") == true {
		return "", fmt.Errorf("resource is suspended")
	}
	path := KustomizationResource.Item(ns, name)
	st := baseStatus(ks)
	rev, err := applyKustomization(ctx, c, ks)
	if rev != "" {
		st["lastAttemptedRevision"] = rev
	}
	if err != nil {
		st["conditions"] = []interface{}{readyCondition(false, "ReconciliationFailed", err.Error())}
		_ = c.PatchStatus(ctx, path, map[string]interface{}{"status": st}, nil)
		return rev, err
	}
	st["lastAppliedRevision"] = rev
	st["conditions"] = []interface{}{readyCondition(true, "ReconciliationSucceeded", "Applied revision: "+rev)}
	return rev, c.PatchStatus(ctx, path, map[string]interface{}{"status": st}, nil)
}

func applyKustomization(ctx context.Context, c *k8s.Cluster, ks k8s.Object) (string, error) {
	srcNS := ks.PathString("spec", "sourceRef", "namespace")
	if srcNS == "" {
		srcNS = ks.Namespace()
	}
	srcName := ks.PathString("spec", "sourceRef", "name")
	repo, ok, err := c.GetObject(ctx, GitRepositoryResource, srcNS, srcName)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", fmt.Errorf("Source 'GitRepository/%s/%s' not found", srcNS, srcName)
	}
	rev := repo.PathString("status", "artifact", "revision")
	if rev == "" || !k8s.HasCondition(repo, "Ready", "True") {
		return "", fmt.Errorf("Source 'GitRepository/%s/%s' is not ready", srcNS, srcName)
	}
	_, sha, _ := strings.Cut(rev, "@sha1:")
	remote, cleanup, err := sourceRemote(ctx, c, repo)
	defer cleanup()
	if err != nil {
		return rev, err
	}
	tmp, err := os.MkdirTemp("", "flux-ks-")
	if err != nil {
		return rev, err
	}
	defer os.RemoveAll(tmp)
	wc := filepath.Join(tmp, "src")
	if _, err := remote.git("", "clone", "--quiet", "--no-checkout", remote.URL, wc); err != nil {
		return rev, err
	}
	if _, err := remote.git(wc, "checkout", "--quiet", sha); err != nil {
		return rev, err
	}
	dir := filepath.Join(wc, strings.TrimPrefix(ks.PathString("spec", "path"), "./"))
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return rev, fmt.Errorf("kustomization path not found: stat %s: no such file or directory", ks.PathString("spec", "path"))
	}
	if err := generateKustomization(dir); err != nil {
		return rev, err
	}
	out, err := exec.CommandContext(ctx, "kubectl", "kustomize", dir).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return rev, fmt.Errorf("kustomize build failed: %s", strings.TrimSpace(string(ee.Stderr)))
		}
		return rev, fmt.Errorf("kustomize build failed: %v", err)
	}
	objs, err := k8s.DecodeYAML(out)
	if err != nil {
		return rev, err
	}
	return rev, applySSA(ctx, c, objs, ks.PathString("spec", "targetNamespace"))
}

// generateKustomization writes dir/kustomization.yaml when missing, listing every YAML file and
// every subdirectory holding a kustomization.yaml (those subtrees are not descended).
func generateKustomization(dir string) error {
	for _, n := range []string{"kustomization.yaml", "kustomization.yml", "Kustomization"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			return nil
		}
	}
	var res []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && p != dir {
				return filepath.SkipDir
			}
			if p != dir {
				if _, err := os.Stat(filepath.Join(p, "kustomization.yaml")); err == nil {
					res = append(res, rel)
					return filepath.SkipDir
				}
			}
			return nil
		}
		if ext := filepath.Ext(p); ext == ".yaml" || ext == ".yml" {
			res = append(res, rel)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(res)
	body := "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
	for _, r := range res {
		body += "- " + r + "\n"
	}
	return os.WriteFile(filepath.Join(dir, "kustomization.yaml"), []byte(body), 0o644)
}

// applySSA server-side applies objects: namespaces and CRDs first (then waits for the CRDs).
func applySSA(ctx context.Context, c *k8s.Cluster, objs []k8s.Object, targetNS string) error {
	var crdNames []string
	var firstObjs, restObjs []k8s.Object
	for _, o := range objs {
		if o.Kind() == "Namespace" || o.Kind() == "CustomResourceDefinition" {
			firstObjs = append(firstObjs, o)
			if o.Kind() == "CustomResourceDefinition" {
				crdNames = append(crdNames, o.Name())
			}
		} else {
			restObjs = append(restObjs, o)
		}
	}
	apply := func(o k8s.Object) error {
		if targetNS != "" {
			if r, err := c.ResourceOf(ctx, o); err == nil && r.Namespaced {
				o.Meta()["namespace"] = targetNS
			}
		}
		if _, err := c.ServerSideApply(ctx, o, "kustomize-controller"); err != nil {
			id := o.Kind() + "/" + o.Name()
			if o.Namespace() != "" {
				id = o.Kind() + "/" + o.Namespace() + "/" + o.Name()
			}
			return fmt.Errorf("%s dry-run failed: %v", id, err)
		}
		return nil
	}
	for _, o := range firstObjs {
		if err := apply(o); err != nil {
			return err
		}
	}
	if len(crdNames) > 0 {
		if err := c.WaitEstablished(ctx, crdNames); err != nil {
			return err
		}
		c.Forget()
	}
	for _, o := range restObjs {
		if err := apply(o); err != nil {
			return err
		}
	}
	return nil
}
