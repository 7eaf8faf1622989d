// github-fixture serves the testbed's stand-in for GitHub's REST API over https on a loopback
// address (tests/testbed/docs/github.md). It refuses to listen anywhere but 127.0.0.0/8 and ::1.
package main

import (
	"context"
	"crypto/tls"
	"flag"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"eksa.dev/testbed/internal/githubfixture"
)

func main() {
	listen := flag.String("listen", "127.0.10.3:443", "loopback address:port to serve https on")
	certFile := flag.String("tls-cert", "", "server certificate (PEM)")
	keyFile := flag.String("tls-key", "", "server key (PEM)")
	gitRoot := flag.String("git-root", "", "directory of the bare repositories (<owner>/<repo>.git)")
	cloneBase := flag.String("clone-base", "", "git server URL prefix for clone_url, e.g. http://127.0.10.2:8080/git")
	apiBase := flag.String("api-base", "", "this server's base URL for url fields (default https://<listen>)")
	tokens := flag.String("tokens", "", `tokens file: "TOKEN SCOPES LOGIN" per line`)
	orgs := flag.String("orgs", "", "organisations file: one login per line")
	flag.Parse()
	logger := log.New(os.Stderr, "github-fixture: ", log.LstdFlags|log.Lmicroseconds)

	if *certFile == "" || *keyFile == "" || *gitRoot == "" || *cloneBase == "" || *tokens == "" {
		logger.Fatal("-tls-cert, -tls-key, -git-root, -clone-base and -tokens are required")
	}
	host, _, err := net.SplitHostPort(*listen)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		logger.Fatalf("-listen %q: not a loopback address:port", *listen)
	}
	if *apiBase == "" {
		*apiBase = "https://" + host
		if _, port, _ := net.SplitHostPort(*listen); port != "443" {
			*apiBase = "https://" + *listen
		}
	}
	srv, err := githubfixture.New(githubfixture.Config{GitRoot: *gitRoot, CloneBase: *cloneBase,
		APIBase: *apiBase, TokensFile: *tokens, OrgsFile: *orgs, Logger: logger})
	if err != nil {
		logger.Fatal(err)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		logger.Fatal(err)
	}
	// up's port probe connects without TLS: keep those handshake errors out of the log.
	errLog := log.New(dropWriter{logger.Writer(), "TLS handshake error"}, logger.Prefix(), logger.Flags())
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ErrorLog: errLog,
		TLSConfig: &tls.Config{MinVersion: tls.VersionTLS12}}
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
		<-sig
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		_ = hs.Shutdown(ctx)
	}()
	logger.Printf("serving %s on https://%s (git root %s)", *apiBase, *listen, *gitRoot)
	if err := hs.ServeTLS(ln, *certFile, *keyFile); err != http.ErrServerClosed {
		logger.Fatal(err)
	}
}

// dropWriter passes log lines through except those containing drop.
type dropWriter struct {
	w    io.Writer
	drop string
}

func (d dropWriter) Write(p []byte) (int, error) {
	if strings.Contains(string(p), d.drop) {
		return len(p), nil
	}
	return d.w.Write(p)
}
