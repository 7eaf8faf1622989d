package githubfixture

import (
	"net/http"
	"strings"
)

// POST /user/repos, POST /orgs/{org}/repos, GET|DELETE /repos/{owner}/{repo}.

type createRepoBody struct {
	Name        *string `json:"name"`
	Description string  `json:"description"`
	Private     bool    `json:"private"`
	Visibility  string  `json:"visibility"`
	AutoInit    bool    `json:"auto_init"`
}

// createRepo creates a repository for the token's owner (org == "") or for org: 201 with the
// repository, 422 when the name is missing, malformed or taken.
func (s *Server) createRepo(r *request, org string) {
	if r.login == "" {
		requiresAuth(r.w)
		return
	}
	if org != "" && !s.orgs()[org] {
		notFound(r.w)
		return
	}
	var body createRepoBody
	if !decodeBody(r.w, r.Request, &body) {
		return
	}
	if body.Name == nil || strings.TrimSpace(*body.Name) == "" {
		validationFailed(r.w, "Repository creation failed.",
			fieldError{Resource: "Repository", Code: "missing_field", Field: "name"})
		return
	}
	owner := r.login
	if org != "" {
		owner = org
	}
	name := *body.Name
	if !validNames(owner, name) || strings.HasSuffix(name, ".git") {
		validationFailed(r.w, "Repository creation failed.",
			fieldError{Resource: "Repository", Code: "custom", Field: "name", Message: "name is invalid"})
		return
	}
	private := body.Private
	if body.Visibility != "" {
		private = body.Visibility != "public"
	}
	m, err := s.repos.create(repoMeta{Owner: owner, OwnerIsOrg: org != "", Name: name,
		Description: body.Description, Private: private}, body.AutoInit, r.login)
	if err == errExists {
		validationFailed(r.w, "Repository creation failed.",
			fieldError{Resource: "Repository", Code: "custom", Field: "name", Message: errExists.Error()})
		return
	}
	if err != nil {
		s.cfg.Logger.Printf("create %s/%s: %v", owner, name, err)
		writeError(r.w, http.StatusInternalServerError, "Server Error")
		return
	}
	r.w.Header().Set("Location", s.cfg.APIBase+"/repos/"+owner+"/"+name)
	writeJSON(r.w, http.StatusCreated, s.repo(m, true))
}

// visibleRepo returns the repository when it exists and the caller may see it (private
// repositories need a token); otherwise it answers 404 itself.
func (s *Server) visibleRepo(r *request, owner, name string) (repoMeta, bool) {
	m, ok := s.repos.get(owner, name)
	if !ok || (m.Private && r.login == "") {
		notFound(r.w)
		return repoMeta{}, false
	}
	return m, true
}

func (s *Server) getRepo(r *request, owner, name string) {
	if m, ok := s.visibleRepo(r, owner, name); ok {
		writeJSON(r.w, 200, s.repo(m, r.login != ""))
	}
}

// deleteRepo removes the bare repository: 204, 404 when missing, 401 without a token.
func (s *Server) deleteRepo(r *request, owner, name string) {
	if r.login == "" {
		requiresAuth(r.w)
		return
	}
	found, err := s.repos.remove(owner, name)
	switch {
	case err != nil:
		s.cfg.Logger.Printf("delete %s/%s: %v", owner, name, err)
		writeError(r.w, http.StatusInternalServerError, "Server Error")
	case !found:
		notFound(r.w)
	default:
		r.w.WriteHeader(http.StatusNoContent)
	}
}
