// Package fluxboot is the flux stand-in's behaviour: bootstrap (GitHub repository through the
// REST API, clone/commit/push with the git CLI, Flux's namespace, CRDs, source Secret,
// GitRepository and Kustomization applied over REST), reconcile (the GitRepository's revision
// from the remote, the Kustomization's path rendered with `kubectl kustomize` and server-side
// applied), check, suspend/resume and uninstall.
package fluxboot

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// Remote is a git remote with its HTTP credentials (never put on a command line: they reach
// git through GIT_CONFIG_* environment variables).
type Remote struct {
	URL      string
	Username string
	Password string
	CAFile   string
}

func (r Remote) env() []string {
	var kv [][2]string
	if r.Password != "" {
		user := r.Username
		if user == "" {
			user = "git"
		}
		auth := base64.StdEncoding.EncodeToString([]byte(user + ":" + r.Password))
		kv = append(kv, [2]string{"http.extraHeader", "Authorization: Basic " + auth})
	}
	env := append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_ASKPASS=true",
		fmt.Sprintf("GIT_CONFIG_COUNT=%d", len(kv)))
	if r.CAFile != "" { // GIT_SSL_CAINFO (if the caller's environment has one) beats http.sslCAInfo
		env = append(env, "GIT_SSL_CAINFO="+r.CAFile)
	}
	for i, p := range kv {
		env = append(env, fmt.Sprintf("GIT_CONFIG_KEY_%d=%s", i, p[0]), fmt.Sprintf("GIT_CONFIG_VALUE_%d=%s", i, p[1]))
	}
	return env
}

// git runs git in dir with r's credentials; the error carries git's stderr.
func (r Remote) git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = r.env()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		if msg == "" {
			msg = err.Error()
		}
		return out.String(), fmt.Errorf("git %s: %s", args[0], msg)
	}
	return strings.TrimSpace(out.String()), nil
}

// LsRemote returns the commit of refs/heads/branch ("" if the branch does not exist).
func (r Remote) LsRemote(branch string) (string, error) {
	out, err := r.git("", "ls-remote", r.URL, "refs/heads/"+branch)
	if err != nil {
		return "", err
	}
	f := strings.Fields(out)
	if len(f) == 0 {
		return "", nil
	}
	return f[0], nil
}

// Checkout is a working copy.
type Checkout struct {
	Remote Remote
	Dir    string
	Branch string
}

// Clone clones r into dir on branch (created as an orphan branch when the remote lacks it).
func Clone(r Remote, dir, branch string) (*Checkout, error) {
	if _, err := r.git("", "clone", "--quiet", "--no-checkout", r.URL, dir); err != nil {
		return nil, err
	}
	c := &Checkout{Remote: r, Dir: dir, Branch: branch}
	head, err := r.LsRemote(branch)
	if err != nil {
		return nil, err
	}
	if head != "" {
		_, err = r.git(dir, "checkout", "--quiet", "-B", branch, "origin/"+branch)
	} else {
		_, err = r.git(dir, "checkout", "--quiet", "--orphan", branch)
		if err == nil {
			_, _ = r.git(dir, "rm", "-rq", "--cached", "--ignore-unmatch", ".")
		}
	}
	return c, err
}

// CommitAll stages paths and commits them; it returns "" when nothing changed.
func (c *Checkout) CommitAll(message, authorName, authorEmail string, paths ...string) (string, error) {
	args := append([]string{"add", "--"}, paths...)
	if _, err := c.Remote.git(c.Dir, args...); err != nil {
		return "", err
	}
	if _, err := c.Remote.git(c.Dir, "diff", "--cached", "--quiet"); err == nil {
		return "", nil // nothing staged
	}
	if _, err := c.Remote.git(c.Dir, "-c", "user.name="+authorName, "-c", "user.email="+authorEmail,
		"commit", "--quiet", "--no-verify", "-m", message); err != nil {
		return "", err
	}
	return c.Remote.git(c.Dir, "rev-parse", "HEAD")
}

// Push pushes the branch.
func (c *Checkout) Push() error {
	_, err := c.Remote.git(c.Dir, "push", "--quiet", "origin", "HEAD:refs/heads/"+c.Branch)
	return err
}
