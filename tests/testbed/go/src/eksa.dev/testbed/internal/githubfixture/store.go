package githubfixture

import (
	"encoding/json"
	"errors"
	"hash/fnv"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"time"
)

// The store keeps every repository as a bare git repository GitRoot/<owner>/<name>.git (what the
// git server serves) with GitHub's metadata beside the git data in <name>.git/github.json, so
// the state survives a fixture restart and shows on disk.

const metaFile = "github.json"

var (
	ownerRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$`)
	repoRE  = regexp.MustCompile(`^[A-Za-z0-9._-]{1,100}$`)

	errExists = errors.New("name already exists on this account")
)

// repoMeta is the part of a repository GitHub knows and git does not.
type repoMeta struct {
	ID          int64       `json:"id"`
	Owner       string      `json:"owner"`
	OwnerIsOrg  bool        `json:"owner_is_org"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Private     bool        `json:"private"`
	CreatedAt   time.Time   `json:"created_at"`
	Keys        []deployKey `json:"keys"`
}

type deployKey struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	Key       string    `json:"key"` // "<type> <base64>", comment dropped
	ReadOnly  bool      `json:"read_only"`
	CreatedAt time.Time `json:"created_at"`
}

// store serialises every change to the repositories with one lock.
type store struct {
	root string

	mu        sync.Mutex
	nextKeyID int64
}

func newStore(root string) *store {
	return &store{root: root, nextKeyID: time.Now().Unix() % 1000000 * 100}
}

func validNames(owner, name string) bool {
	return ownerRE.MatchString(owner) && repoRE.MatchString(name) && name != "." && name != ".."
}

func (s *store) gitDir(owner, name string) string {
	return filepath.Join(s.root, owner, name+".git")
}

func stableID(s string) int64 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(s))
	return int64(h.Sum32()&0x7fffffff) + 1
}

// get returns the repository's metadata; ok is false when it does not exist. A bare repository
// made without the fixture (plain `git init --bare` under the root) gets default metadata.
func (s *store) get(owner, name string) (repoMeta, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.getLocked(owner, name)
}

func (s *store) getLocked(owner, name string) (repoMeta, bool) {
	if !validNames(owner, name) {
		return repoMeta{}, false
	}
	dir := s.gitDir(owner, name)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return repoMeta{}, false
	}
	m := repoMeta{ID: stableID(owner + "/" + name), Owner: owner, Name: name, Private: true}
	if b, err := os.ReadFile(filepath.Join(dir, metaFile)); err == nil {
		_ = json.Unmarshal(b, &m)
	} else if st, err := os.Stat(dir); err == nil {
		m.CreatedAt = st.ModTime().UTC()
	}
	return m, true
}

func (s *store) saveLocked(m repoMeta) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(s.gitDir(m.Owner, m.Name), metaFile+".tmp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(s.gitDir(m.Owner, m.Name), metaFile))
}

// create makes the bare repository (HEAD -> refs/heads/main) and, with autoInit, a first commit
// holding README.md.
func (s *store) create(m repoMeta, autoInit bool, author string) (repoMeta, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.getLocked(m.Owner, m.Name); ok {
		return repoMeta{}, errExists
	}
	dir := s.gitDir(m.Owner, m.Name)
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return repoMeta{}, err
	}
	if err := initBare(dir, "main"); err != nil {
		_ = os.RemoveAll(dir)
		return repoMeta{}, err
	}
	m.ID = stableID(m.Owner + "/" + m.Name)
	m.CreatedAt = time.Now().UTC().Truncate(time.Second)
	if err := s.saveLocked(m); err != nil {
		_ = os.RemoveAll(dir)
		return repoMeta{}, err
	}
	if autoInit {
		readme := "# " + m.Name + "\n"
		if m.Description != "" {
			readme += "\n" + m.Description + "\n"
		}
		if err := commitFile(dir, "main", "README.md", []byte(readme), author); err != nil {
			_ = os.RemoveAll(dir)
			return repoMeta{}, err
		}
	}
	return m, nil
}

// remove deletes the repository; false when it did not exist.
func (s *store) remove(owner, name string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.getLocked(owner, name); !ok {
		return false, nil
	}
	return true, os.RemoveAll(s.gitDir(owner, name))
}

// keyInUse reports whether any repository already holds the key (GitHub: a deploy key is
// usable on one repository only).
func (s *store) keyInUseLocked(key string) bool {
	dirs, _ := filepath.Glob(filepath.Join(s.root, "*", "*.git", metaFile))
	for _, f := range dirs {
		var m repoMeta
		if b, err := os.ReadFile(f); err == nil && json.Unmarshal(b, &m) == nil {
			for _, k := range m.Keys {
				if k.Key == key {
					return true
				}
			}
		}
	}
	return false
}

// addKey stores a deploy key on the repository; errExists when the key is in use anywhere.
func (s *store) addKey(owner, name string, k deployKey) (deployKey, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.getLocked(owner, name)
	if !ok {
		return deployKey{}, false, nil
	}
	if s.keyInUseLocked(k.Key) {
		return deployKey{}, true, errExists
	}
	s.nextKeyID++
	k.ID = s.nextKeyID
	k.CreatedAt = time.Now().UTC().Truncate(time.Second)
	m.Keys = append(m.Keys, k)
	return k, true, s.saveLocked(m)
}

// removeKey deletes deploy key id; false when the repository or the key does not exist.
func (s *store) removeKey(owner, name string, id int64) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.getLocked(owner, name)
	if !ok {
		return false, nil
	}
	for i, k := range m.Keys {
		if k.ID == id {
			m.Keys = append(m.Keys[:i], m.Keys[i+1:]...)
			return true, s.saveLocked(m)
		}
	}
	return false, nil
}
