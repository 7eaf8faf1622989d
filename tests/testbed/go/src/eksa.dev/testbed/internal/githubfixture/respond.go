package githubfixture

import (
	"encoding/json"
	"net/http"
	"strconv"
)

const docsURL = "https://docs.github.com/rest"

// apiError is GitHub's error body: message, documentation_url and, for 422, errors.
type apiError struct {
	Message          string       `json:"message"`
	Errors           []fieldError `json:"errors,omitempty"`
	DocumentationURL string       `json:"documentation_url"`
	Status           string       `json:"status"`
}

// fieldError is one entry of a 422's "errors" array.
type fieldError struct {
	Resource string `json:"resource"`
	Code     string `json:"code"` // missing_field, invalid, already_exists, custom
	Field    string `json:"field"`
	Message  string `json:"message,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v interface{}) {
	body, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)+1))
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

func writeError(w http.ResponseWriter, status int, message string, errs ...fieldError) {
	writeJSON(w, status, apiError{
		Message: message, Errors: errs, DocumentationURL: docsURL, Status: strconv.Itoa(status),
	})
}

func notFound(w http.ResponseWriter) { writeError(w, http.StatusNotFound, "Not Found") }

func badCredentials(w http.ResponseWriter) {
	writeError(w, http.StatusUnauthorized, "Bad credentials")
}

func requiresAuth(w http.ResponseWriter) {
	writeError(w, http.StatusUnauthorized, "Requires authentication")
}

func validationFailed(w http.ResponseWriter, message string, errs ...fieldError) {
	writeError(w, http.StatusUnprocessableEntity, message, errs...)
}

// decodeBody reads a JSON request body into v; it answers 400 itself and returns false on error.
func decodeBody(w http.ResponseWriter, r *http.Request, v interface{}) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	if err := dec.Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "Problems parsing JSON")
		return false
	}
	return true
}
