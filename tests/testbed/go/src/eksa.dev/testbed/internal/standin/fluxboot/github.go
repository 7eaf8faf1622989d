package fluxboot

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// GitHub is the few GitHub REST calls flux bootstrap github makes.
type GitHub struct {
	Base  string // API base, e.g. https://api.github.com or https://<host>/api/v3
	Token string
	HTTP  *http.Client
}

// APIBase resolves the API base URL: --hostname other than github.com is a GitHub Enterprise
// host (https://<hostname>/api/v3, as flux does); otherwise the testbed's fixture
// ($EKSA_TESTBED_GITHUB_URL) when set, else https://api.github.com.
func APIBase(hostname string) string {
	if hostname != "" && hostname != "github.com" {
		return "https://" + hostname + "/api/v3"
	}
	if u := os.Getenv("EKSA_TESTBED_GITHUB_URL"); u != "" {
		return strings.TrimRight(u, "/")
	}
	return "https://api.github.com"
}

// NewGitHub makes a client; caFile ("" = system roots) verifies the server.
func NewGitHub(base, token, caFile string) (*GitHub, error) {
	conf := &tls.Config{MinVersion: tls.VersionTLS12}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, err
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("%s: no certificates", caFile)
		}
		conf.RootCAs = pool
	}
	return &GitHub{Base: base, Token: token, HTTP: &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{TLSClientConfig: conf, Proxy: nil}}}, nil
}

// APIError is a non-2xx answer.
type APIError struct {
	Method, Path string
	Code         int
	Message      string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%s %s: %d %s", e.Method, e.Path, e.Code, e.Message)
}

func (g *GitHub) do(method, path string, body, out interface{}) error {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, g.Base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("Authorization", "Bearer "+g.Token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := g.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode/100 != 2 {
		var m struct {
			Message string `json:"message"`
		}
		_ = json.Unmarshal(data, &m)
		return &APIError{method, path, resp.StatusCode, m.Message}
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// Repo is the part of a repository answer flux uses.
type Repo struct {
	FullName      string `json:"full_name"`
	CloneURL      string `json:"clone_url"`
	HTMLURL       string `json:"html_url"`
	DefaultBranch string `json:"default_branch"`
	Private       bool   `json:"private"`
}

// User returns the authenticated user's login.
func (g *GitHub) User() (string, error) {
	var u struct {
		Login string `json:"login"`
	}
	err := g.do(http.MethodGet, "/user", nil, &u)
	return u.Login, err
}

// GetRepo returns the repository; ok is false on 404.
func (g *GitHub) GetRepo(owner, name string) (Repo, bool, error) {
	var r Repo
	err := g.do(http.MethodGet, "/repos/"+owner+"/"+name, nil, &r)
	if e, isAPI := err.(*APIError); isAPI && e.Code == http.StatusNotFound {
		return r, false, nil
	}
	return r, err == nil, err
}

// CreateRepo creates owner/name: under the user when personal, else under the organization.
func (g *GitHub) CreateRepo(owner, name string, personal, private bool) (Repo, error) {
	path := "/orgs/" + owner + "/repos"
	if personal {
		path = "/user/repos"
	}
	var r Repo
	err := g.do(http.MethodPost, path, map[string]interface{}{"name": name, "private": private,
		"auto_init": false, "description": ""}, &r)
	return r, err
}

// AddDeployKey registers a deploy key; an existing key with the same title is replaced.
func (g *GitHub) AddDeployKey(owner, name, title, key string, readOnly bool) error {
	var keys []struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
		Key   string `json:"key"`
	}
	if err := g.do(http.MethodGet, "/repos/"+owner+"/"+name+"/keys", nil, &keys); err != nil {
		return err
	}
	for _, k := range keys {
		if k.Title == title {
			if strings.TrimSpace(k.Key) == strings.TrimSpace(key) {
				return nil
			}
			if err := g.do(http.MethodDelete, fmt.Sprintf("/repos/%s/%s/keys/%d", owner, name, k.ID), nil, nil); err != nil {
				return err
			}
		}
	}
	return g.do(http.MethodPost, "/repos/"+owner+"/"+name+"/keys",
		map[string]interface{}{"title": title, "key": key, "read_only": readOnly}, nil)
}
