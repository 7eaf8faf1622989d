package githubfixture

import (
	"bufio"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// Token is one personal access token the fixture accepts.
type Token struct {
	Login string
	// Scopes is what X-OAuth-Scopes reports, joined with ", ". FineGrained tokens send no header.
	Scopes      []string
	FineGrained bool
}

// Tokens reads a tokens file ("TOKEN SCOPES LOGIN" per line; SCOPES comma-separated, "-" for
// none, "*" for a fine-grained token; '#' starts a comment) and re-reads it when it changes, so
// tests can add tokens while the fixture runs.
type Tokens struct {
	path string

	mu      sync.Mutex
	modTime time.Time
	size    int64
	byToken map[string]Token
}

func NewTokens(path string) (*Tokens, error) {
	t := &Tokens{path: path}
	if err := t.reload(); err != nil {
		return nil, err
	}
	return t, nil
}

// Lookup returns the token's owner and scopes.
func (t *Tokens) Lookup(token string) (Token, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	_ = t.reloadLocked() // keep the last good set when the file is mid-write
	tok, ok := t.byToken[token]
	return tok, ok
}

// Logins returns every login that owns a token.
func (t *Tokens) Logins() map[string]bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	_ = t.reloadLocked()
	logins := map[string]bool{}
	for _, tok := range t.byToken {
		logins[tok.Login] = true
	}
	return logins
}

func (t *Tokens) reload() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.reloadLocked()
}

func (t *Tokens) reloadLocked() error {
	st, err := os.Stat(t.path)
	if err != nil {
		return err
	}
	if t.byToken != nil && st.ModTime().Equal(t.modTime) && st.Size() == t.size {
		return nil
	}
	f, err := os.Open(t.path)
	if err != nil {
		return err
	}
	defer f.Close()
	byToken := map[string]Token{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 3 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		tok := Token{Login: fields[2]}
		switch fields[1] {
		case "-":
		case "*":
			tok.FineGrained = true
		default:
			tok.Scopes = strings.Split(fields[1], ",")
		}
		byToken[fields[0]] = tok
	}
	if err := sc.Err(); err != nil {
		return err
	}
	t.byToken, t.modTime, t.size = byToken, st.ModTime(), st.Size()
	return nil
}

// requestToken extracts the token of "Authorization: token T", "Bearer T" or "Basic b64(user:T)".
// present is false when the request carries no Authorization header at all.
func requestToken(r *http.Request) (token string, present bool) {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	if h == "" {
		return "", false
	}
	scheme, value := h, ""
	if i := strings.IndexByte(h, ' '); i >= 0 {
		scheme, value = h[:i], strings.TrimSpace(h[i+1:])
	}
	switch strings.ToLower(scheme) {
	case "token", "bearer":
		return value, true
	case "basic":
		if _, pass, ok := r.BasicAuth(); ok {
			return pass, true
		}
	}
	return "", true
}
