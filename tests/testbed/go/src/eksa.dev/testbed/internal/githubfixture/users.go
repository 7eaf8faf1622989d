package githubfixture

// GET /user, GET|HEAD /users/{login}, GET /orgs/{org}.

// getAuthenticatedUser answers GET /user with the token's owner.
func (s *Server) getAuthenticatedUser(r *request) {
	if r.login == "" {
		requiresAuth(r.w)
		return
	}
	writeJSON(r.w, 200, s.user(r.login, false))
}

// getUser answers for any well-formed login (EKS-A's token check asks HEAD /users/codertocat and
// reads only X-OAuth-Scopes); an organisation of the orgs file answers as one.
func (s *Server) getUser(r *request, login string) {
	if !ownerRE.MatchString(login) {
		notFound(r.w)
		return
	}
	writeJSON(r.w, 200, s.user(login, s.orgs()[login]))
}

// getOrg answers 200 for the organisations of the orgs file, 404 otherwise.
func (s *Server) getOrg(r *request, org string) {
	if !s.orgs()[org] {
		notFound(r.w)
		return
	}
	writeJSON(r.w, 200, s.user(org, true))
}
