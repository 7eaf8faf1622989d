// Package kindstate is the kind stand-in's persistent state: one directory per cluster under
// the state root, so `kind get clusters` and `kind delete cluster` work across invocations and
// the testbed's `down` finds every process.
//
// Root: $EKSA_TESTBED_KIND_STATE, else $EKSA_TESTBED_DIR/standins/kind, else
// ${XDG_STATE_HOME:-~/.local/state}/eksa-testbed/kind.
//
//	<root>/alloc.lock             flock(2) held while a name and an address are claimed
//	<root>/clusters/<name>/
//	    cluster.json              Record (written when claimed, updated when up)
//	    pki/                      per-cluster CA, apiserver serving cert, admin client cert, SA keys
//	    etcd/ apiserver/          data and cert dirs
//	    logs/etcd.log logs/kube-apiserver.log
//	    etcd.pid kube-apiserver.pid
//	    kubeconfig                the cluster's kubeconfig (context kind-<name>)
//
// Addresses: cluster index N (1..254, lowest free) listens on <subnet>.N, subnet from
// $EKSA_TESTBED_KIND_SUBNET (default 127.0.20, i.e. $(tb_ip 20.N) with TB_NET=127.0).
package kindstate

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

// Root returns the state root directory.
func Root() string {
	if d := os.Getenv("EKSA_TESTBED_KIND_STATE"); d != "" {
		return d
	}
	if d := os.Getenv("EKSA_TESTBED_DIR"); d != "" {
		return filepath.Join(d, "standins", "kind")
	}
	base := os.Getenv("XDG_STATE_HOME")
	if base == "" {
		home, _ := os.UserHomeDir()
		base = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(base, "eksa-testbed", "kind")
}

// Subnet returns the first three octets of cluster addresses.
func Subnet() string {
	if s := os.Getenv("EKSA_TESTBED_KIND_SUBNET"); s != "" {
		return strings.TrimSuffix(s, ".")
	}
	return "127.0.20"
}

// Record is cluster.json.
type Record struct {
	Name      string    `json:"name"`
	Index     int       `json:"index"`
	Address   string    `json:"address"`
	Port      int       `json:"port"`
	Image     string    `json:"image"`
	Nodes     []string  `json:"nodes"`
	State     string    `json:"state"` // "creating" or "running"
	CreatedAt time.Time `json:"createdAt"`
}

// Server is the API server URL.
func (r Record) Server() string { return fmt.Sprintf("https://%s:%d", r.Address, r.Port) }

// Dir is a cluster's directory.
func Dir(name string) string { return filepath.Join(Root(), "clusters", name) }

// Path joins elements under a cluster's directory.
func Path(name string, elem ...string) string {
	return filepath.Join(append([]string{Dir(name)}, elem...)...)
}

// ErrExists says a cluster of that name is already recorded.
var ErrExists = errors.New("exists")

// Read loads a cluster's record.
func Read(name string) (Record, error) {
	var r Record
	b, err := os.ReadFile(Path(name, "cluster.json"))
	if err != nil {
		return r, err
	}
	return r, json.Unmarshal(b, &r)
}

// Write saves r.
func Write(r Record) error {
	b, _ := json.MarshalIndent(r, "", "  ")
	p := Path(r.Name, "cluster.json")
	if err := os.WriteFile(p+".tmp", append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(p+".tmp", p)
}

// List returns the names of recorded clusters, sorted.
func List() ([]string, error) {
	ents, err := os.ReadDir(filepath.Join(Root(), "clusters"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range ents {
		if _, err := os.Stat(Path(e.Name(), "cluster.json")); err == nil {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

// Claim records a new cluster under the allocation lock: it fails with ErrExists if the name is
// taken, else picks the lowest free index and writes the record in state "creating".
func Claim(name, image string, port int, nodes []string) (Record, error) {
	root := Root()
	if err := os.MkdirAll(filepath.Join(root, "clusters"), 0o755); err != nil {
		return Record{}, err
	}
	lf, err := os.OpenFile(filepath.Join(root, "alloc.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return Record{}, err
	}
	defer lf.Close()
	if err := syscall.Flock(int(lf.Fd()), syscall.LOCK_EX); err != nil {
		return Record{}, err
	}
	defer syscall.Flock(int(lf.Fd()), syscall.LOCK_UN)

	if _, err := os.Stat(Dir(name)); err == nil {
		return Record{}, ErrExists
	}
	used := map[int]bool{}
	names, err := List()
	if err != nil {
		return Record{}, err
	}
	for _, n := range names {
		if r, err := Read(n); err == nil {
			used[r.Index] = true
		}
	}
	idx := 0
	for i := 1; i <= 254; i++ {
		if !used[i] {
			idx = i
			break
		}
	}
	if idx == 0 {
		return Record{}, fmt.Errorf("no free address left in %s.0/24", Subnet())
	}
	if err := os.MkdirAll(Dir(name), 0o755); err != nil {
		return Record{}, err
	}
	r := Record{Name: name, Index: idx, Address: fmt.Sprintf("%s.%d", Subnet(), idx), Port: port,
		Image: image, Nodes: nodes, State: "creating", CreatedAt: time.Now().UTC()}
	if err := Write(r); err != nil {
		os.RemoveAll(Dir(name))
		return Record{}, err
	}
	return r, nil
}

// Release removes a cluster's directory.
func Release(name string) error { return os.RemoveAll(Dir(name)) }

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
