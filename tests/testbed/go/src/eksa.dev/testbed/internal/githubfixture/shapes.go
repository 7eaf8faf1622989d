package githubfixture

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// JSON bodies with GitHub's field names; only the fields clients read.

type userJSON struct {
	Login     string `json:"login"`
	ID        int64  `json:"id"`
	NodeID    string `json:"node_id"`
	Type      string `json:"type"` // User or Organization
	SiteAdmin bool   `json:"site_admin"`
	URL       string `json:"url"`
	HTMLURL   string `json:"html_url"`
	ReposURL  string `json:"repos_url"`
}

type repoJSON struct {
	ID            int64           `json:"id"`
	NodeID        string          `json:"node_id"`
	Name          string          `json:"name"`
	FullName      string          `json:"full_name"`
	Private       bool            `json:"private"`
	Visibility    string          `json:"visibility"`
	Owner         userJSON        `json:"owner"`
	HTMLURL       string          `json:"html_url"`
	Description   *string         `json:"description"`
	Fork          bool            `json:"fork"`
	URL           string          `json:"url"`
	CloneURL      string          `json:"clone_url"`
	GitURL        string          `json:"git_url"`
	SSHURL        string          `json:"ssh_url"`
	DefaultBranch string          `json:"default_branch"`
	Archived      bool            `json:"archived"`
	Disabled      bool            `json:"disabled"`
	Size          int             `json:"size"`
	CreatedAt     string          `json:"created_at"`
	UpdatedAt     string          `json:"updated_at"`
	PushedAt      string          `json:"pushed_at"`
	Permissions   map[string]bool `json:"permissions,omitempty"`
}

type contentJSON struct {
	Type        string            `json:"type"` // file, dir, symlink, submodule
	Encoding    string            `json:"encoding,omitempty"`
	Size        int64             `json:"size"`
	Name        string            `json:"name"`
	Path        string            `json:"path"`
	Content     *string           `json:"content,omitempty"`
	SHA         string            `json:"sha"`
	URL         string            `json:"url"`
	GitURL      string            `json:"git_url"`
	HTMLURL     string            `json:"html_url"`
	DownloadURL *string           `json:"download_url"`
	Links       map[string]string `json:"_links"`
}

type keyJSON struct {
	ID        int64   `json:"id"`
	Key       string  `json:"key"`
	URL       string  `json:"url"`
	Title     string  `json:"title"`
	Verified  bool    `json:"verified"`
	CreatedAt string  `json:"created_at"`
	ReadOnly  bool    `json:"read_only"`
	AddedBy   string  `json:"added_by"`
	LastUsed  *string `json:"last_used"`
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// htmlBase is the web address matching APIBase (https://host/api/v3 -> https://host).
func (s *Server) htmlBase() string { return strings.TrimSuffix(s.cfg.APIBase, "/api/v3") }

func (s *Server) user(login string, org bool) userJSON {
	u := userJSON{Login: login, ID: stableID("user/" + login), Type: "User",
		URL: s.cfg.APIBase + "/users/" + login, HTMLURL: s.htmlBase() + "/" + login,
		ReposURL: s.cfg.APIBase + "/users/" + login + "/repos"}
	if org {
		u.Type = "Organization"
		u.URL = s.cfg.APIBase + "/orgs/" + login
		u.ReposURL = s.cfg.APIBase + "/orgs/" + login + "/repos"
	}
	u.NodeID = "U_" + strconv.FormatInt(u.ID, 36)
	return u
}

func (s *Server) repo(m repoMeta, authed bool) repoJSON {
	full := m.Owner + "/" + m.Name
	gitDir := s.repos.gitDir(m.Owner, m.Name)
	host := "localhost"
	if u, err := url.Parse(s.cfg.CloneBase); err == nil {
		host = u.Hostname()
	}
	j := repoJSON{
		ID: m.ID, NodeID: "R_" + strconv.FormatInt(m.ID, 36), Name: m.Name, FullName: full,
		Private: m.Private, Visibility: "public",
		Owner:   s.user(m.Owner, m.OwnerIsOrg || s.orgs()[m.Owner]),
		HTMLURL: s.htmlBase() + "/" + full, URL: s.cfg.APIBase + "/repos/" + full,
		CloneURL:      s.cfg.CloneBase + "/" + full + ".git",
		GitURL:        "git://" + host + "/" + full + ".git",
		SSHURL:        "git@" + host + ":" + full + ".git",
		DefaultBranch: headBranch(gitDir),
		CreatedAt:     ts(m.CreatedAt), UpdatedAt: ts(m.CreatedAt), PushedAt: ts(m.CreatedAt),
	}
	if m.Private {
		j.Visibility = "private"
	}
	if m.Description != "" {
		d := m.Description
		j.Description = &d
	}
	if authed {
		j.Permissions = map[string]bool{"admin": true, "maintain": true, "push": true, "triage": true, "pull": true}
	}
	return j
}

func (s *Server) key(owner, name string, k deployKey) keyJSON {
	return keyJSON{ID: k.ID, Key: k.Key, Title: k.Title, Verified: true, ReadOnly: k.ReadOnly,
		URL:       s.cfg.APIBase + "/repos/" + owner + "/" + name + "/keys/" + strconv.FormatInt(k.ID, 10),
		CreatedAt: ts(k.CreatedAt), AddedBy: owner}
}
