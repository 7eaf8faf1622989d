package bootdata

import (
	"fmt"
	"strings"
)

// Tool is the program a bootstrap command runs.
type Tool string

const (
	KubeadmInit Tool = "kubeadm init"
	KubeadmJoin Tool = "kubeadm join"
	EtcdadmInit Tool = "etcdadm init"
	EtcdadmJoin Tool = "etcdadm join"
)

// DefaultMarker is CAPI's bootstrap completion marker.
const DefaultMarker = "/run/cluster-api/bootstrap-success.complete"

// Command is a parsed bootstrap command: `<tool> <sub> [flags] [endpoint] && ... > <marker>`.
type Command struct {
	Tool     Tool
	Flags    map[string]string // --name=value (and "--name value" for known value flags)
	Endpoint string            // etcdadm join's positional member URL
	Marker   string            // file the command's tail writes; DefaultMarker when absent
}

// Flag returns the flag's value or def.
func (c *Command) Flag(name, def string) string {
	if v, ok := c.Flags[name]; ok && v != "" {
		return v
	}
	return def
}

// valueFlags take a separate value word when written without "=".
var valueFlags = map[string]bool{"config": true, "name": true, "version": true, "init-system": true,
	"install-dir": true, "data-dir": true, "certs-dir": true, "server-cert-extra-sans": true}

// ParseCommand reads the first `&&` segment as the bootstrap command and finds the completion
// marker written by a later segment (`echo success > <path>`).
func ParseCommand(line string) (*Command, error) {
	segments := strings.Split(line, "&&")
	words := strings.Fields(segments[0])
	if len(words) < 2 {
		return nil, fmt.Errorf("bootstrap command %q: not kubeadm/etcdadm init/join", line)
	}
	c := &Command{Tool: Tool(words[0] + " " + words[1]), Flags: map[string]string{}, Marker: DefaultMarker}
	switch c.Tool {
	case KubeadmInit, KubeadmJoin, EtcdadmInit, EtcdadmJoin:
	default:
		return nil, fmt.Errorf("bootstrap command %q: not kubeadm/etcdadm init/join", line)
	}
	for i := 2; i < len(words); i++ {
		w := words[i]
		if !strings.HasPrefix(w, "--") {
			if c.Tool != EtcdadmJoin || c.Endpoint != "" {
				return nil, fmt.Errorf("bootstrap command %q: unexpected argument %q", line, w)
			}
			c.Endpoint = w
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(w, "--"), "=")
		if !hasValue && valueFlags[name] && i+1 < len(words) {
			i++
			value = words[i]
		}
		c.Flags[name] = value
	}
	if c.Tool == EtcdadmJoin && c.Endpoint == "" {
		return nil, fmt.Errorf("bootstrap command %q: etcdadm join without a member endpoint", line)
	}
	for _, seg := range segments[1:] {
		if i := strings.Index(seg, ">"); i >= 0 && strings.Contains(seg, "echo") {
			if f := strings.Fields(seg[i+1:]); len(f) > 0 {
				c.Marker = f[0]
			}
		}
	}
	return c, nil
}
