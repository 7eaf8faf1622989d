package githubfixture

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"net/http"
	"strconv"
	"strings"
)

// GET|POST /repos/{owner}/{repo}/keys, GET|DELETE /repos/{owner}/{repo}/keys/{id}: deploy keys.

type addKeyBody struct {
	Title    string  `json:"title"`
	Key      *string `json:"key"`
	ReadOnly bool    `json:"read_only"`
}

func (s *Server) addKey(r *request, owner, name string) {
	if r.login == "" {
		requiresAuth(r.w)
		return
	}
	if _, ok := s.visibleRepo(r, owner, name); !ok {
		return
	}
	var body addKeyBody
	if !decodeBody(r.w, r.Request, &body) {
		return
	}
	if body.Key == nil || strings.TrimSpace(*body.Key) == "" {
		validationFailed(r.w, "Validation Failed",
			fieldError{Resource: "PublicKey", Code: "missing_field", Field: "key"})
		return
	}
	key, ok := normalizeKey(*body.Key)
	if !ok {
		validationFailed(r.w, "Validation Failed", fieldError{Resource: "PublicKey", Code: "custom",
			Field: "key", Message: "key is invalid. You must supply a key in OpenSSH public key format"})
		return
	}
	k, found, err := s.repos.addKey(owner, name, deployKey{Title: body.Title, Key: key, ReadOnly: body.ReadOnly})
	switch {
	case err == errExists:
		validationFailed(r.w, "Validation Failed", fieldError{Resource: "PublicKey", Code: "custom",
			Field: "key", Message: "key is already in use"})
	case err != nil:
		s.cfg.Logger.Printf("add key %s/%s: %v", owner, name, err)
		writeError(r.w, http.StatusInternalServerError, "Server Error")
	case !found:
		notFound(r.w)
	default:
		writeJSON(r.w, http.StatusCreated, s.key(owner, name, k))
	}
}

func (s *Server) listKeys(r *request, owner, name string) {
	if r.login == "" {
		requiresAuth(r.w)
		return
	}
	m, ok := s.visibleRepo(r, owner, name)
	if !ok {
		return
	}
	list := make([]keyJSON, 0, len(m.Keys))
	for _, k := range m.Keys {
		list = append(list, s.key(owner, name, k))
	}
	writeJSON(r.w, 200, list)
}

func (s *Server) getKey(r *request, owner, name, id string) {
	if r.login == "" {
		requiresAuth(r.w)
		return
	}
	m, ok := s.visibleRepo(r, owner, name)
	if !ok {
		return
	}
	for _, k := range m.Keys {
		if strconv.FormatInt(k.ID, 10) == id {
			writeJSON(r.w, 200, s.key(owner, name, k))
			return
		}
	}
	notFound(r.w)
}

func (s *Server) deleteKey(r *request, owner, name, id string) {
	if r.login == "" {
		requiresAuth(r.w)
		return
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		notFound(r.w)
		return
	}
	found, err := s.repos.removeKey(owner, name, n)
	switch {
	case err != nil:
		writeError(r.w, http.StatusInternalServerError, "Server Error")
	case !found:
		notFound(r.w)
	default:
		r.w.WriteHeader(http.StatusNoContent)
	}
}

// normalizeKey checks an OpenSSH public key line ("<type> <base64> [comment]") and returns
// "<type> <base64>": the blob must decode and name the same type, as ssh-keygen writes it.
func normalizeKey(line string) (string, bool) {
	f := strings.Fields(line)
	if len(f) < 2 {
		return "", false
	}
	switch {
	case f[0] == "ssh-rsa", f[0] == "ssh-ed25519", f[0] == "ssh-dss",
		strings.HasPrefix(f[0], "ecdsa-sha2-"), strings.HasPrefix(f[0], "sk-"):
	default:
		return "", false
	}
	blob, err := base64.StdEncoding.DecodeString(f[1])
	if err != nil || len(blob) < 4 {
		return "", false
	}
	n := binary.BigEndian.Uint32(blob[:4])
	if int(n) > len(blob)-4 || !bytes.Equal(blob[4:4+n], []byte(f[0])) {
		return "", false
	}
	return f[0] + " " + f[1], true
}
