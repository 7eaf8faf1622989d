// Package kubecfg reads and edits kubeconfig files the way kubectl, kind, clusterctl and flux
// do: the file from a flag, else the first existing path of $KUBECONFIG, else ~/.kube/config;
// a context chosen by name or current-context; entries merged or removed by name, other entries
// left as they were; writes under a "<file>.lock" lock file, mode 0600.
package kubecfg

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"eksa.dev/testbed/internal/kube"
	"eksa.dev/testbed/internal/standin/k8s"
	"gopkg.in/yaml.v3"
)

// Path returns the kubeconfig file to use: explicit, else $KUBECONFIG (first existing entry,
// else its first entry), else ~/.kube/config.
func Path(explicit string) string {
	if explicit != "" {
		return explicit
	}
	if env := os.Getenv("KUBECONFIG"); env != "" {
		parts := filepath.SplitList(env)
		for _, p := range parts {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
		return parts[0]
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".kube", "config")
}

// Config is a kubeconfig file as generic YAML.
type Config map[string]interface{}

// Read parses path; a missing file is an empty config.
func Read(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return Config{"apiVersion": "v1", "kind": "Config"}, nil
	}
	if err != nil {
		return nil, err
	}
	// Decode into the unnamed map type: yaml.v3 gives nested mappings the outer map's type.
	var raw map[string]interface{}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c := Config(raw)
	if c == nil {
		c = Config{"apiVersion": "v1", "kind": "Config"}
	}
	return c, nil
}

func (c Config) list(key string) []interface{} { l, _ := c[key].([]interface{}); return l }

func entryName(e interface{}) string {
	m, _ := e.(map[string]interface{})
	s, _ := m["name"].(string)
	return s
}

func (c Config) find(key, name string) map[string]interface{} {
	for _, e := range c.list(key) {
		if entryName(e) == name {
			m, _ := e.(map[string]interface{})
			return m
		}
	}
	return nil
}

// upsert replaces or appends the named entry of list key.
func (c Config) upsert(key string, entry map[string]interface{}) {
	l := c.list(key)
	for i, e := range l {
		if entryName(e) == entryName(entry) {
			l[i] = entry
			c[key] = l
			return
		}
	}
	c[key] = append(l, entry)
}

func (c Config) remove(key, name string) {
	var out []interface{}
	for _, e := range c.list(key) {
		if entryName(e) != name {
			out = append(out, e)
		}
	}
	if out == nil {
		out = []interface{}{}
	}
	c[key] = out
}

// MergeFrom copies every cluster, user and context of other into c (replacing same names) and,
// if setCurrent, makes other's current-context c's.
func (c Config) MergeFrom(other Config, setCurrent bool) {
	for _, key := range []string{"clusters", "users", "contexts"} {
		for _, e := range other.list(key) {
			if m, ok := e.(map[string]interface{}); ok {
				c.upsert(key, m)
			}
		}
	}
	if cur, _ := other["current-context"].(string); setCurrent && cur != "" {
		c["current-context"] = cur
	}
	if c["apiVersion"] == nil {
		c["apiVersion"] = "v1"
	}
	if c["kind"] == nil {
		c["kind"] = "Config"
	}
}

// RemoveNamed deletes the cluster, user and context called name; a current-context of name is
// cleared. It reports whether anything was removed.
func (c Config) RemoveNamed(name string) bool {
	found := c.find("clusters", name) != nil || c.find("users", name) != nil || c.find("contexts", name) != nil
	c.remove("clusters", name)
	c.remove("users", name)
	c.remove("contexts", name)
	if cur, _ := c["current-context"].(string); cur == name {
		c["current-context"] = ""
	}
	return found
}

// Bytes renders c as YAML (two-space indent, as kubectl writes).
func (c Config) Bytes() []byte {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	_ = enc.Encode(map[string]interface{}(c))
	_ = enc.Close()
	return buf.Bytes()
}

// Write saves c to path (0600, directory created).
func (c Config) Write(path string) error {
	data := c.Bytes()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Update runs fn on the config at path under path's lock file and writes the result.
func Update(path string, fn func(Config) error) error {
	unlock, err := lock(path)
	if err != nil {
		return err
	}
	defer unlock()
	c, err := Read(path)
	if err != nil {
		return err
	}
	if err := fn(c); err != nil {
		return err
	}
	return c.Write(path)
}

// lock takes "<path>.lock" (O_EXCL), retrying for 10 s; a lock older than 30 s is stale.
func lock(path string) (func(), error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	lp := path + ".lock"
	deadline := time.Now().Add(10 * time.Second)
	for {
		f, err := os.OpenFile(lp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			f.Close()
			return func() { os.Remove(lp) }, nil
		}
		if st, serr := os.Stat(lp); serr == nil && time.Since(st.ModTime()) > 30*time.Second {
			os.Remove(lp)
			continue
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("failed to lock config file: %s: %v", lp, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Load reads the kubeconfig at path (see Path) for context ctxName (""= current-context) and
// returns a REST client config. File references (certificate-authority, client-certificate,
// client-key) resolve relative to the file.
func Load(path, ctxName string) (kube.Kubeconfig, bool, error) {
	c, err := Read(path)
	if err != nil {
		return kube.Kubeconfig{}, false, err
	}
	if _, err := os.Stat(path); err != nil {
		return kube.Kubeconfig{}, false, fmt.Errorf("kubeconfig %s: %w", path, err)
	}
	if ctxName == "" {
		ctxName, _ = c["current-context"].(string)
	}
	if ctxName == "" {
		return kube.Kubeconfig{}, false, fmt.Errorf("kubeconfig %s: no current context", path)
	}
	cx := c.find("contexts", ctxName)
	if cx == nil {
		return kube.Kubeconfig{}, false, fmt.Errorf("kubeconfig %s: context %q does not exist", path, ctxName)
	}
	inner, _ := cx["context"].(map[string]interface{})
	clusterName, _ := inner["cluster"].(string)
	userName, _ := inner["user"].(string)
	cl := c.find("clusters", clusterName)
	if cl == nil {
		return kube.Kubeconfig{}, false, fmt.Errorf("kubeconfig %s: cluster %q does not exist", path, clusterName)
	}
	dir := filepath.Dir(path)
	clc, _ := cl["cluster"].(map[string]interface{})
	k := kube.Kubeconfig{ClusterName: clusterName, UserName: userName}
	k.Server, _ = clc["server"].(string)
	insecure, _ := clc["insecure-skip-tls-verify"].(bool)
	if k.CAPEM, err = data(clc, "certificate-authority-data", "certificate-authority", dir); err != nil {
		return k, false, err
	}
	if u := c.find("users", userName); u != nil {
		uc, _ := u["user"].(map[string]interface{})
		k.Token, _ = uc["token"].(string)
		if k.CertPEM, err = data(uc, "client-certificate-data", "client-certificate", dir); err != nil {
			return k, false, err
		}
		if k.KeyPEM, err = data(uc, "client-key-data", "client-key", dir); err != nil {
			return k, false, err
		}
	}
	return k, insecure, nil
}

func data(m map[string]interface{}, inline, file, dir string) ([]byte, error) {
	if s, _ := m[inline].(string); s != "" {
		return base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	}
	if f, _ := m[file].(string); f != "" {
		if !filepath.IsAbs(f) {
			f = filepath.Join(dir, f)
		}
		return os.ReadFile(f)
	}
	return nil, nil
}

// Open returns a k8s.Cluster for the kubeconfig at Path(explicit), context ctxName.
func Open(explicit, ctxName string) (*k8s.Cluster, error) {
	path := Path(explicit)
	k, insecure, err := Load(path, ctxName)
	if err != nil {
		return nil, err
	}
	c, err := kube.NewClient(k.Server, kube.ClientOptions{CAPEM: k.CAPEM, CertPEM: k.CertPEM,
		KeyPEM: k.KeyPEM, Token: k.Token, Insecure: insecure})
	if err != nil {
		return nil, err
	}
	return k8s.NewCluster(c), nil
}
