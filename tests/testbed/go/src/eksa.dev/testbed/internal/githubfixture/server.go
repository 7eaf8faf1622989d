// Package githubfixture is a small stateful stand-in for the part of GitHub's REST API that
// EKS-A and flux use: token scopes, users, orgs, repositories backed by bare git repositories
// that the testbed's git server serves, file contents and deploy keys. tests/testbed/docs/github.md
// lists every endpoint and shape.
package githubfixture

import (
	"bufio"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config says where the fixture keeps state and how it names things in its answers.
type Config struct {
	GitRoot    string // bare repositories: GitRoot/<owner>/<repo>.git
	CloneBase  string // clone_url prefix: CloneBase/<owner>/<repo>.git (the git server)
	APIBase    string // this fixture's base URL, for the "url" fields (no trailing slash)
	TokensFile string // "TOKEN SCOPES LOGIN" lines
	OrgsFile   string // one organisation login per line
	Logger     *log.Logger
}

// Server answers the GitHub REST calls; mount it at "/" (it also strips an "/api/v3" prefix,
// so GitHub Enterprise-style base URLs work).
type Server struct {
	cfg    Config
	tokens *Tokens
	repos  *store
}

func New(cfg Config) (*Server, error) {
	tokens, err := NewTokens(cfg.TokensFile)
	if err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(os.Stderr, "", log.LstdFlags)
	}
	cfg.APIBase = strings.TrimSuffix(cfg.APIBase, "/")
	cfg.CloneBase = strings.TrimSuffix(cfg.CloneBase, "/")
	return &Server{cfg: cfg, tokens: tokens, repos: newStore(cfg.GitRoot)}, nil
}

// request is one call after authentication.
type request struct {
	*http.Request
	w     http.ResponseWriter
	login string // "" when anonymous
	parts []string
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	login := s.serve(rec, r)
	if login == "" {
		login = "-"
	}
	s.cfg.Logger.Printf("%s %s %d %dB %s user=%s", r.Method, redactedURI(r.URL), rec.status,
		rec.bytes, time.Since(start).Round(time.Microsecond), login)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) string {
	w.Header().Set("X-GitHub-Media-Type", "github.v3; format=json")
	w.Header().Set("X-GitHub-Api-Version-Selected", "2022-11-28")
	req := &request{Request: r, w: w}
	if token, present := requestToken(r); present {
		tok, ok := s.tokens.Lookup(token)
		if !ok || token == "" {
			badCredentials(w)
			return ""
		}
		req.login = tok.Login
		if !tok.FineGrained {
			w.Header()["X-Oauth-Scopes"] = []string{strings.Join(tok.Scopes, ", ")}
		}
		setRateLimit(w.Header())
	}
	path := strings.TrimPrefix(r.URL.Path, "/api/v3")
	req.parts = strings.Split(strings.Trim(path, "/"), "/")
	s.route(req)
	return req.login
}

func (s *Server) route(r *request) {
	p, m := r.parts, r.Method
	get := m == http.MethodGet || m == http.MethodHead
	switch {
	case len(p) == 1 && p[0] == "user" && get:
		s.getAuthenticatedUser(r)
	case len(p) == 2 && p[0] == "users" && get:
		s.getUser(r, p[1])
	case len(p) == 2 && p[0] == "orgs" && get:
		s.getOrg(r, p[1])
	case len(p) == 2 && p[0] == "user" && p[1] == "repos" && m == http.MethodPost:
		s.createRepo(r, "")
	case len(p) == 3 && p[0] == "orgs" && p[2] == "repos" && m == http.MethodPost:
		s.createRepo(r, p[1])
	case len(p) == 3 && p[0] == "repos" && get:
		s.getRepo(r, p[1], p[2])
	case len(p) == 3 && p[0] == "repos" && m == http.MethodDelete:
		s.deleteRepo(r, p[1], p[2])
	case len(p) >= 4 && p[0] == "repos" && p[3] == "contents" && get:
		s.getContents(r, p[1], p[2], strings.Join(p[4:], "/"))
	case len(p) == 4 && p[0] == "repos" && p[3] == "keys" && get:
		s.listKeys(r, p[1], p[2])
	case len(p) == 4 && p[0] == "repos" && p[3] == "keys" && m == http.MethodPost:
		s.addKey(r, p[1], p[2])
	case len(p) == 5 && p[0] == "repos" && p[3] == "keys" && get:
		s.getKey(r, p[1], p[2], p[4])
	case len(p) == 5 && p[0] == "repos" && p[3] == "keys" && m == http.MethodDelete:
		s.deleteKey(r, p[1], p[2], p[4])
	default:
		notFound(r.w)
	}
}

// orgs returns the organisations of the orgs file (every token's login is a member of each).
func (s *Server) orgs() map[string]bool {
	orgs := map[string]bool{}
	f, err := os.Open(s.cfg.OrgsFile)
	if err != nil {
		return orgs
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if name := strings.TrimSpace(sc.Text()); name != "" && !strings.HasPrefix(name, "#") {
			orgs[name] = true
		}
	}
	return orgs
}

func setRateLimit(h http.Header) {
	h.Set("X-RateLimit-Limit", "5000")
	h.Set("X-RateLimit-Remaining", "4999")
	h.Set("X-RateLimit-Used", "1")
	h.Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
}

// redactedURI is the request path and query with the value of any token-like parameter hidden.
func redactedURI(u *url.URL) string {
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.Contains(lk, "token") || strings.Contains(lk, "secret") {
			q.Set(k, "REDACTED")
		}
	}
	if len(q) == 0 {
		return u.Path
	}
	return fmt.Sprintf("%s?%s", u.Path, q.Encode())
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}
