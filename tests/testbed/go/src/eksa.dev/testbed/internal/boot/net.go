package boot

import (
	"bufio"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
)

// Hosts resolves machine names without DNS (the testbed never sends to a non-loopback
// address): the machine's own name, plus an optional hosts file ("IP name..." lines).
type Hosts map[string]string

// LoadHosts reads a hosts file; an empty path gives an empty map.
func LoadHosts(path string) (Hosts, error) {
	h := Hosts{}
	if path == "" {
		return h, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		fields := strings.Fields(line)
		if len(fields) < 2 || net.ParseIP(fields[0]) == nil {
			continue
		}
		for _, name := range fields[1:] {
			h[name] = fields[0]
		}
	}
	return h, sc.Err()
}

// IP returns host as a loopback IP: an IP literal, or a name from h.
func (h Hosts) IP(host string) (string, error) {
	ip := host
	if net.ParseIP(host) == nil {
		var ok bool
		if ip, ok = h[host]; !ok {
			return "", fmt.Errorf("cannot resolve %q: not an IP and not in the testbed hosts file (no DNS here)", host)
		}
	}
	if err := CheckLoopback(ip); err != nil {
		return "", err
	}
	return ip, nil
}

// HostPort resolves "host[:port]" (defaultPort when absent) to "ip:port".
func (h Hosts) HostPort(hostport, defaultPort string) (ip, port string, err error) {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = strings.Trim(hostport, "[]"), defaultPort
	}
	if ip, err = h.IP(host); err != nil {
		return "", "", err
	}
	return ip, port, nil
}

// URL rewrites a URL's host to its loopback IP.
func (h Hosts) URL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("bad URL %q", raw)
	}
	ip, port, err := h.HostPort(u.Host, "")
	if err != nil {
		return "", err
	}
	if port != "" {
		u.Host = net.JoinHostPort(ip, port)
	} else {
		u.Host = ip
	}
	return u.String(), nil
}

// CheckLoopback fails unless ip is an IPv4 loopback address (127.0.0.0/8).
func CheckLoopback(ip string) error {
	p := net.ParseIP(ip)
	if p == nil || p.To4() == nil || !p.IsLoopback() {
		return fmt.Errorf("address %q is not in 127.0.0.0/8: the testbed only uses loopback", ip)
	}
	return nil
}
