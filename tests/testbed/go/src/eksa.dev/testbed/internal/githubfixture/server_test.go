package githubfixture

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const (
	repoToken   = "ghp_repo"
	noRepoToken = "ghp_norepo"
	edKey       = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0dgmpvDU7ihI6Ws2l1ls0lVKJsDHOoqbPGbGKqTj9 t@x"
)

func newTestServer(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens")
	body := repoToken + " repo,workflow alice\n" + noRepoToken + " read:org alice\nghp_fine * bob\n"
	if err := os.WriteFile(tokens, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	orgs := filepath.Join(dir, "orgs")
	_ = os.WriteFile(orgs, []byte("acme\n"), 0o644)
	srv, err := New(Config{GitRoot: filepath.Join(dir, "srv"), CloneBase: "http://127.0.0.1:1/git",
		APIBase: "https://127.0.0.1", TokensFile: tokens, OrgsFile: orgs,
		Logger: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return hs, filepath.Join(dir, "srv")
}

func call(t *testing.T, hs *httptest.Server, method, path, auth, body string) (*http.Response, map[string]interface{}) {
	t.Helper()
	req, _ := http.NewRequest(method, hs.URL+path, strings.NewReader(body))
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]interface{}
	_ = json.Unmarshal(raw, &m)
	return resp, m
}

func expect(t *testing.T, resp *http.Response, code int) {
	t.Helper()
	if resp.StatusCode != code {
		t.Fatalf("%s %s: got %d, want %d", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, code)
	}
}

func TestScopesAndCredentials(t *testing.T) {
	hs, _ := newTestServer(t)
	resp, _ := call(t, hs, "HEAD", "/users/codertocat", "token "+repoToken, "")
	expect(t, resp, 200)
	if got := resp.Header.Get("X-OAuth-Scopes"); got != "repo, workflow" {
		t.Errorf("scopes %q", got)
	}
	resp, _ = call(t, hs, "HEAD", "/api/v3/users/codertocat", "Bearer "+noRepoToken, "")
	if got := resp.Header.Get("X-OAuth-Scopes"); got != "read:org" {
		t.Errorf("scopes %q", got)
	}
	resp, _ = call(t, hs, "GET", "/user", "token ghp_fine", "")
	if _, ok := resp.Header["X-Oauth-Scopes"]; ok {
		t.Error("fine-grained token sent X-OAuth-Scopes")
	}
	resp, body := call(t, hs, "GET", "/user", "token nope", "")
	expect(t, resp, 401)
	if body["message"] != "Bad credentials" {
		t.Errorf("body %v", body)
	}
	resp, body = call(t, hs, "GET", "/user", "Bearer "+repoToken, "")
	expect(t, resp, 200)
	if body["login"] != "alice" || body["type"] != "User" {
		t.Errorf("body %v", body)
	}
	resp, _ = call(t, hs, "GET", "/user", "", "")
	expect(t, resp, 401)
	resp, _ = call(t, hs, "GET", "/orgs/acme", "token "+repoToken, "")
	expect(t, resp, 200)
	resp, _ = call(t, hs, "GET", "/orgs/nope", "token "+repoToken, "")
	expect(t, resp, 404)
}

func TestRepoLifecycle(t *testing.T) {
	hs, root := newTestServer(t)
	auth := "token " + repoToken
	resp, _ := call(t, hs, "GET", "/repos/alice/demo", auth, "")
	expect(t, resp, 404)
	resp, body := call(t, hs, "POST", "/user/repos", auth, `{"name":"demo","private":true,"auto_init":true}`)
	expect(t, resp, 201)
	if body["clone_url"] != "http://127.0.0.1:1/git/alice/demo.git" || body["default_branch"] != "main" {
		t.Errorf("body %v", body)
	}
	resp, body = call(t, hs, "POST", "/user/repos", auth, `{"name":"demo"}`)
	expect(t, resp, 422)
	errs, _ := body["errors"].([]interface{})
	if len(errs) != 1 || errs[0].(map[string]interface{})["message"] != "name already exists on this account" {
		t.Errorf("body %v", body)
	}
	resp, _ = call(t, hs, "POST", "/orgs/acme/repos", auth, `{"name":"infra"}`)
	expect(t, resp, 201)
	resp, _ = call(t, hs, "POST", "/user/repos", auth, `{}`)
	expect(t, resp, 422)
	resp, _ = call(t, hs, "GET", "/repos/alice/demo", "", "")
	expect(t, resp, 404) // private, anonymous

	resp, body = call(t, hs, "GET", "/repos/alice/demo/contents/README.md?ref=main", auth, "")
	expect(t, resp, 200)
	raw, _ := base64.StdEncoding.DecodeString(strings.ReplaceAll(body["content"].(string), "\n", ""))
	if string(raw) != "# demo\n" || body["encoding"] != "base64" || body["type"] != "file" {
		t.Errorf("body %v", body)
	}
	resp, _ = call(t, hs, "GET", "/repos/alice/demo/contents/missing.yaml", auth, "")
	expect(t, resp, 404)
	resp, _ = call(t, hs, "GET", "/repos/alice/demo/contents/README.md?ref=nope", auth, "")
	expect(t, resp, 404)
	resp, _ = call(t, hs, "GET", "/repos/acme/infra/contents/x", auth, "")
	expect(t, resp, 404)

	resp, _ = call(t, hs, "POST", "/repos/alice/demo/keys", auth, `{"title":"flux","key":"`+edKey+`","read_only":false}`)
	expect(t, resp, 201)
	resp, _ = call(t, hs, "POST", "/repos/acme/infra/keys", auth, `{"title":"again","key":"`+edKey+`"}`)
	expect(t, resp, 422)
	resp, _ = call(t, hs, "POST", "/repos/alice/demo/keys", auth, `{"title":"bad","key":"ssh-rsa AAAA"}`)
	expect(t, resp, 422)

	resp, _ = call(t, hs, "DELETE", "/repos/alice/demo", auth, "")
	expect(t, resp, 204)
	if _, err := os.Stat(filepath.Join(root, "alice", "demo.git")); !os.IsNotExist(err) {
		t.Errorf("bare repository still there: %v", err)
	}
	resp, _ = call(t, hs, "GET", "/repos/alice/demo", auth, "")
	expect(t, resp, 404)
}

func TestDirectoryListing(t *testing.T) {
	hs, root := newTestServer(t)
	auth := "token " + repoToken
	resp, _ := call(t, hs, "POST", "/user/repos", auth, `{"name":"tree"}`)
	expect(t, resp, 201)
	resp, body := call(t, hs, "GET", "/repos/alice/tree/contents/", auth, "")
	expect(t, resp, 404)
	if body["message"] != "This repository is empty." {
		t.Errorf("body %v", body)
	}
	wc := t.TempDir()
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "."},
		{"-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "m"},
		{"push", "-q", filepath.Join(root, "alice", "tree.git"), "main"}} {
		if args[0] == "add" {
			_ = os.MkdirAll(filepath.Join(wc, "clusters", "c1"), 0o755)
			_ = os.WriteFile(filepath.Join(wc, "clusters", "c1", "a.yaml"), []byte("a: 1\n"), 0o644)
		}
		cmd := exec.Command("git", args...)
		cmd.Dir = wc
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	req, _ := http.NewRequest("GET", hs.URL+"/repos/alice/tree/contents/clusters", nil)
	req.Header.Set("Authorization", auth)
	r2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Body.Close()
	var list []map[string]interface{}
	if err := json.NewDecoder(r2.Body).Decode(&list); err != nil || len(list) != 1 ||
		list[0]["type"] != "dir" || list[0]["path"] != "clusters/c1" {
		t.Errorf("listing %v %v", list, err)
	}
}

func TestRawContentAndBasicAuth(t *testing.T) {
	hs, _ := newTestServer(t)
	resp, _ := call(t, hs, "POST", "/user/repos", "token "+repoToken, `{"name":"raw","auto_init":true,"description":"d"}`)
	expect(t, resp, 201)
	req, _ := http.NewRequest("GET", hs.URL+"/repos/alice/raw/contents/README.md", nil)
	req.SetBasicAuth("x-access-token", repoToken)
	req.Header.Set("Accept", "application/vnd.github.raw")
	r2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Body.Close()
	body, _ := io.ReadAll(r2.Body)
	if r2.StatusCode != 200 || string(body) != "# raw\n\nd\n" {
		t.Errorf("raw: %d %q", r2.StatusCode, body)
	}
	if got := r2.Header.Get("X-OAuth-Scopes"); got != "repo, workflow" {
		t.Errorf("basic auth scopes %q", got)
	}
}

func TestRedactedURI(t *testing.T) {
	req, _ := http.NewRequest("GET", "https://x/user?access_token=ghp_secret&ref=main", nil)
	if got := redactedURI(req.URL); strings.Contains(got, "ghp_secret") || !strings.Contains(got, "ref=main") {
		t.Errorf("redactedURI = %q", got)
	}
}
