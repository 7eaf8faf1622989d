package main

import (
	"fmt"
	"net/url"
	"os"
	"strings"

	"eksa.dev/testbed/internal/standin/cli"
	"eksa.dev/testbed/internal/standin/fluxboot"
)

// bootstrapFlags are flux bootstrap's shared flags.
type bootstrapFlags struct {
	g                             globals
	branch, path, authorName      *string
	authorEmail, appendix, caFile *string
	secretName, interval          *string
	sshAlgo, sshCurve             *string
	sshBits                       *int
	components, extra             *[]string
	privateKeyFile                *string
}

func newBootstrapFlags() (*cli.FlagSet, bootstrapFlags) {
	fs, g := newFlags()
	b := bootstrapFlags{g: g,
		branch: fs.String("branch", "", "main"), path: fs.String("path", "", ""),
		authorName: fs.String("author-name", "", "Flux"), authorEmail: fs.String("author-email", "", ""),
		appendix: fs.String("commit-message-appendix", "", ""), caFile: fs.String("ca-file", "", ""),
		secretName: fs.String("secret-name", "", "flux-system"), interval: fs.String("interval", "", "1m0s"),
		sshAlgo: fs.String("ssh-key-algorithm", "", "ecdsa"), sshCurve: fs.String("ssh-ecdsa-curve", "", "p384"),
		sshBits:    fs.Int("ssh-rsa-bits", "", 2048),
		components: fs.Slice("components", ""), extra: fs.Slice("components-extra", ""),
		privateKeyFile: fs.String("private-key-file", "", ""),
	}
	for _, f := range []string{"cluster-domain", "gpg-key-id", "gpg-key-ring", "gpg-passphrase", "image-pull-secret",
		"log-level", "registry", "registry-creds", "ssh-hostname", "kustomization-file"} {
		fs.String(f, "", "")
	}
	for _, f := range []string{"force", "network-policy", "recurse-submodules", "watch-all-namespaces"} {
		fs.Bool(f, "", false)
	}
	fs.Slice("toleration-keys", "")
	return fs, b
}

// caFileOrEnv is --ca-file, else the testbed run's CA ($EKSA_TESTBED_CA).
func (b bootstrapFlags) caFileOrEnv() string {
	if *b.caFile != "" {
		return *b.caFile
	}
	return os.Getenv("EKSA_TESTBED_CA")
}

func (b bootstrapFlags) options(remote fluxboot.Remote, syncURL string) (fluxboot.BootstrapOptions, error) {
	if *b.privateKeyFile != "" {
		return fluxboot.BootstrapOptions{}, fmt.Errorf("--private-key-file is not supported by the testbed's flux (it makes the deploy key itself; the git server speaks smart HTTP only)")
	}
	comps, err := componentList(*b.components, *b.extra)
	if err != nil {
		return fluxboot.BootstrapOptions{}, err
	}
	ns := *b.g.namespace
	return fluxboot.BootstrapOptions{
		Remote: remote, Components: comps, AuthorName: *b.authorName, AuthorEmail: *b.authorEmail,
		Appendix: *b.appendix,
		Sync: fluxboot.Sync{Namespace: ns, Name: ns, SecretName: *b.secretName, URL: syncURL,
			Branch: *b.branch, Path: *b.path, Interval: *b.interval},
	}, nil
}

func (b bootstrapFlags) run(o fluxboot.BootstrapOptions) int {
	c, err := b.g.cluster()
	if err != nil {
		return fail("%v", err)
	}
	cx, cancel := b.g.ctx()
	defer cancel()
	if err := fluxboot.Bootstrap(cx, c, o, os.Stderr); err != nil {
		return fail("%v", err)
	}
	return 0
}

func bootstrapGitHub(args []string) int {
	fs, b := newBootstrapFlags()
	owner := fs.String("owner", "", "")
	repo := fs.String("repository", "", "")
	personal := fs.Bool("personal", "", false)
	private := fs.Bool("private", "", true)
	hostname := fs.String("hostname", "", "github.com")
	tokenAuth := fs.Bool("token-auth", "", false)
	readWrite := fs.Bool("read-write-key", "", false)
	fs.Slice("team", "")
	fs.Bool("reconcile", "", false)
	fs.String("visibility", "", "")
	fs.Bool("silent", "s", false)
	if pos, err := fs.Parse(args); err != nil {
		return fail("%v", err)
	} else if len(pos) > 0 {
		return fail("unknown command %q for %q", pos[0], "flux bootstrap github")
	}
	token := os.Getenv("GITHUB_TOKEN")
	if token == "" {
		return fail("could not read token: the GITHUB_TOKEN environment variable is not set")
	}
	if *owner == "" || *repo == "" {
		return fail("required flag(s) \"owner\", \"repository\" not set")
	}
	ca := b.caFileOrEnv()
	gh, err := fluxboot.NewGitHub(fluxboot.APIBase(*hostname), token, ca)
	if err != nil {
		return fail("%v", err)
	}
	fmt.Fprintf(os.Stderr, "► connecting to %s\n", *hostname)
	r, exists, err := gh.GetRepo(*owner, *repo)
	if err != nil {
		return fail("failed to get Git repository \"https://%s/%s/%s\": %v", *hostname, *owner, *repo, err)
	}
	if !exists {
		if r, err = gh.CreateRepo(*owner, *repo, *personal, *private); err != nil {
			return fail("failed to create repository \"https://%s/%s/%s\": %v", *hostname, *owner, *repo, err)
		}
		fmt.Fprintf(os.Stderr, "✔ repository %q created\n", fmt.Sprintf("https://%s/%s/%s", *hostname, *owner, *repo))
	}
	remote := fluxboot.Remote{URL: r.CloneURL, Username: "git", Password: token}
	if strings.HasPrefix(r.CloneURL, "https://") {
		remote.CAFile = ca
	}
	syncURL := r.CloneURL
	if !*tokenAuth {
		syncURL = fmt.Sprintf("ssh://git@%s/%s/%s", *hostname, *owner, *repo)
	}
	o, err := b.options(remote, syncURL)
	if err != nil {
		return fail("%v", err)
	}
	o.SecretData = map[string]string{"username": "git", "password": token}
	if remote.CAFile != "" {
		if pem, err := os.ReadFile(remote.CAFile); err == nil {
			o.SecretData["ca.crt"] = string(pem)
		}
	}
	if !*tokenAuth {
		kp, err := fluxboot.NewKeyPair(*b.sshAlgo, *b.sshCurve, *b.sshBits)
		if err != nil {
			return fail("%v", err)
		}
		o.SecretData["identity"] = string(kp.PrivatePEM)
		o.SecretData["identity.pub"] = kp.Public + "\n"
		o.SecretData["known_hosts"] = "# testbed: no SSH server to scan for " + *hostname + "\n"
		o.Annotations = map[string]string{fluxboot.HTTPURLAnnotation: r.CloneURL}
		title := fmt.Sprintf("flux-system-%s-%s-%s", *b.branch, *b.g.namespace, fluxboot.CleanPath(*b.path))
		o.DeployKey = func() error {
			fmt.Fprintf(os.Stderr, "✔ public key: %s\n", kp.Public)
			if err := gh.AddDeployKey(*owner, *repo, title, kp.Public, !*readWrite); err != nil {
				return fmt.Errorf("failed to configure deploy key: %w", err)
			}
			fmt.Fprintf(os.Stderr, "✔ configured deploy key %q for %q\n", title, fmt.Sprintf("https://%s/%s/%s", *hostname, *owner, *repo))
			return nil
		}
	}
	return b.run(o)
}

func bootstrapGit(args []string) int {
	fs, b := newBootstrapFlags()
	rawURL := fs.String("url", "", "")
	username := fs.String("username", "u", "git")
	password := fs.String("password", "p", "")
	tokenAuth := fs.Bool("token-auth", "", false)
	insecureHTTP := fs.Bool("allow-insecure-http", "", false)
	fs.Bool("silent", "s", false)
	fs.Bool("with-bearer-token", "", false)
	if pos, err := fs.Parse(args); err != nil {
		return fail("%v", err)
	} else if len(pos) > 0 {
		return fail("unknown command %q for %q", pos[0], "flux bootstrap git")
	}
	if *rawURL == "" {
		return fail("required flag(s) \"url\" not set")
	}
	u, err := url.Parse(*rawURL)
	if err != nil {
		return fail("invalid Git URL: %v", err)
	}
	if *password == "" {
		*password = os.Getenv("GIT_PASSWORD")
	}
	switch u.Scheme {
	case "http":
		if !*insecureHTTP {
			return fail("scheme http is insecure, pass --allow-insecure-http=true to allow it")
		}
	case "https":
	case "ssh":
		return fail("ssh:// Git URLs are not supported by the testbed's git server (smart HTTP only); use an http(s) URL")
	default:
		return fail("scheme %s is not supported", u.Scheme)
	}
	if *password == "" && !*tokenAuth {
		return fail("password is required for HTTP(S) authentication (--password or GIT_PASSWORD)")
	}
	if *tokenAuth && *password == "" {
		*password = os.Getenv("GITHUB_TOKEN")
	}
	remote := fluxboot.Remote{URL: *rawURL, Username: *username, Password: *password}
	if u.Scheme == "https" {
		remote.CAFile = b.caFileOrEnv()
	}
	o, err := b.options(remote, *rawURL)
	if err != nil {
		return fail("%v", err)
	}
	o.SecretData = map[string]string{"username": *username, "password": *password}
	if remote.CAFile != "" {
		if pem, err := os.ReadFile(remote.CAFile); err == nil {
			o.SecretData["ca.crt"] = string(pem)
		}
	}
	return b.run(o)
}
