package githubfixture

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"path"
	"strings"
)

// GET /repos/{owner}/{repo}/contents/{path}?ref=: a file (base64 content), a directory listing
// (array), or 404. Accept: application/vnd.github.raw returns the file's bytes.

func (s *Server) getContents(r *request, owner, name, filePath string) {
	if _, ok := s.visibleRepo(r, owner, name); !ok {
		return
	}
	gitDir := s.repos.gitDir(owner, name)
	filePath = strings.Trim(filePath, "/")
	ref := r.URL.Query().Get("ref")
	if ref == "" {
		ref = headBranch(gitDir)
		if resolveCommit(gitDir, ref) == "" {
			writeError(r.w, http.StatusNotFound, "This repository is empty.")
			return
		}
	}
	commit := resolveCommit(gitDir, ref)
	if commit == "" || strings.HasPrefix(ref, "-") {
		writeError(r.w, http.StatusNotFound, "No commit found for the ref "+ref)
		return
	}
	obj, ok, err := lookupPath(gitDir, commit, filePath)
	if err != nil {
		s.cfg.Logger.Printf("contents %s/%s %s: %v", owner, name, filePath, err)
		writeError(r.w, http.StatusInternalServerError, "Server Error")
		return
	}
	if !ok {
		notFound(r.w)
		return
	}
	switch obj.Type {
	case "tree":
		s.writeDir(r, owner, name, ref, filePath, obj.SHA)
	case "blob":
		s.writeFile(r, owner, name, ref, filePath, obj)
	default:
		writeJSON(r.w, 200, s.content(owner, name, ref, filePath, "submodule", obj.SHA, 0))
	}
}

func (s *Server) writeFile(r *request, owner, name, ref, filePath string, obj object) {
	data, err := git(s.repos.gitDir(owner, name), nil, "cat-file", "blob", obj.SHA)
	if err != nil {
		writeError(r.w, http.StatusInternalServerError, "Server Error")
		return
	}
	if strings.Contains(r.Header.Get("Accept"), "vnd.github.raw") ||
		strings.Contains(r.Header.Get("Accept"), "vnd.github.v3.raw") {
		r.w.Header().Set("Content-Type", "application/vnd.github.raw")
		r.w.WriteHeader(200)
		_, _ = r.w.Write(data)
		return
	}
	c := s.content(owner, name, ref, filePath, "file", obj.SHA, obj.Size)
	c.Encoding = "base64"
	content := wrap60(base64.StdEncoding.EncodeToString(data))
	c.Content = &content
	writeJSON(r.w, 200, c)
}

func (s *Server) writeDir(r *request, owner, name, ref, dirPath, treeSHA string) {
	entries, err := listTree(s.repos.gitDir(owner, name), treeSHA)
	if err != nil {
		writeError(r.w, http.StatusInternalServerError, "Server Error")
		return
	}
	list := make([]contentJSON, 0, len(entries))
	for _, e := range entries {
		kind := map[string]string{"blob": "file", "tree": "dir", "commit": "submodule"}[e.Type]
		if e.Mode == "120000" {
			kind = "symlink"
		}
		list = append(list, s.content(owner, name, ref, path.Join(dirPath, e.Name), kind, e.SHA, e.Size))
	}
	writeJSON(r.w, 200, list)
}

func (s *Server) content(owner, name, ref, filePath, kind, sha string, size int64) contentJSON {
	full := owner + "/" + name
	self := s.cfg.APIBase + "/repos/" + full + "/contents/" + filePath + "?ref=" + url.QueryEscape(ref)
	gitKind := map[bool]string{true: "trees", false: "blobs"}[kind == "dir"]
	gitURL := s.cfg.APIBase + "/repos/" + full + "/git/" + gitKind + "/" + sha
	webKind := map[bool]string{true: "tree", false: "blob"}[kind == "dir"]
	htmlURL := s.htmlBase() + "/" + full + "/" + webKind + "/" + ref + "/" + filePath
	c := contentJSON{Type: kind, Size: size, Name: path.Base(filePath), Path: filePath, SHA: sha,
		URL: self, GitURL: gitURL, HTMLURL: htmlURL,
		Links: map[string]string{"self": self, "git": gitURL, "html": htmlURL}}
	if kind == "file" {
		d := s.htmlBase() + "/" + full + "/raw/" + ref + "/" + filePath
		c.DownloadURL = &d
	}
	return c
}

// wrap60 breaks base64 text into 60-character lines, as GitHub's content field is.
func wrap60(s string) string {
	var b strings.Builder
	for len(s) > 60 {
		b.WriteString(s[:60])
		b.WriteByte('\n')
		s = s[60:]
	}
	b.WriteString(s)
	b.WriteByte('\n')
	return b.String()
}
